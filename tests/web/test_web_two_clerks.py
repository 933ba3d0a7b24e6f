"""Two clerks at once, in two real browsers (Chromium under Playwright, two contexts, two
logins): 40 saves fired together with none failing, then one comment decided from both
pages, where the later save is refused with who changed it and when, in its row."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_helpers import PASSWORD, PASSWORD_ENV, chromium, desk_copy, serving
from playwright.sync_api import Browser, Page, Response, expect

from mailbot.campaign import decisions
from mailbot.config import Config
from mailbot.store import Store
from mailbot.web.app import create_app

ROWS_EACH = 10  # each clerk saves 10 rows twice: 40 saves
STALE = re.compile(r"未保存：此条已被张三于\d{4}-\d\d-\d\d \d\d:\d\d修改，请刷新后再定。")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[tuple[Config, str]]:
    config = desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSWORD_ENV, PASSWORD)
        app = create_app(config, config.store_path)
    with serving(app) as url:
        yield config, url


class Clerk:
    """A browser context of its own (its own cookie) logged in under `name`; every answer the
    desk gives it of 400 or more is kept."""

    def __init__(self, browser: Browser, url: str, name: str) -> None:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(20_000)
        self.page: Page = context.new_page()
        self.failures: list[str] = []
        self.page.on("response", self._keep_failure)
        self.page.goto(f"{url}/adoption")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.get_by_role("button", name="登录").click()
        expect(self.page).to_have_url(f"{url}/adoption")

    def _keep_failure(self, response: Response) -> None:
        if response.status >= 400:
            self.failures.append(f"{response.status} {response.url}")

    def row(self, cid: str) -> object:
        return self.page.locator(f"#row-{cid}")

    def fill(self, cid: str, choice: str, reason: str) -> None:
        row = self.page.locator(f"#row-{cid}")
        row.locator("select[name=decision]").select_option(choice)
        row.locator("textarea[name=reason]").fill(reason)

    def fire(self, cid: str, choice: str, reason: str) -> None:
        """Fill a row and press 保存 without waiting for the answer (htmx sends it in the background)."""
        self.fill(cid, choice, reason)
        self.page.locator(f"#row-{cid}").get_by_role("button", name="保存").click(no_wait_after=True)

    def press_all(self, cids: list[str]) -> None:
        """Press 保存 in every one of these rows in the same instant: their saves are all in flight together."""
        self.page.evaluate("ids => ids.forEach(id => document.querySelector(`#row-${id} button[type=submit]`).click())",
                           cids)

    def close(self) -> None:
        self.page.context.close()


def row_ids(page: Page) -> list[str]:
    ids = page.locator("table.adoption tbody tr").evaluate_all("rows => rows.map(r => r.id.slice(4))")
    return [str(i) for i in ids]


def test_two_clerks_forty_saves_at_once_then_a_stale_save_refused(browser: Browser, desk: tuple[Config, str]) -> None:
    """GIVEN 张三 and 李四 logged in in two browsers, on the 采纳 page WHEN each saves ten rows at once,
    then the same ten again with another decision (40 saves) THEN every row shows its saver and
    the store has the second decisions, with no error; WHEN both open one comment, 张三 saves it and
    李四 then saves it from his page THEN 李四's row says who changed it and when, keeps what he
    chose, and 张三's decision stands."""
    config, url = desk
    zhang, li = Clerk(browser, url, "张三"), Clerk(browser, url, "李四")
    try:
        ids = row_ids(zhang.page)
        assert len(ids) > 2 * ROWS_EACH
        mine = {"张三": (zhang, ids[:ROWS_EACH]), "李四": (li, ids[ROWS_EACH:2 * ROWS_EACH])}
        for round_, choices in enumerate([decisions.DECISIONS[:2], decisions.DECISIONS[2:]]):
            for name, (clerk, rows) in mine.items():
                for n, cid in enumerate(rows):
                    clerk.fill(cid, choices[n % 2], f"{name}第{round_ + 1}轮{n}")
            for clerk, rows in mine.values():
                clerk.press_all(rows)
            for name, (clerk, rows) in mine.items():
                for n, cid in enumerate(rows):
                    expect(clerk.page.locator(f"#row-{cid} textarea[name=reason]")).to_have_value(f"{name}第{round_ + 1}轮{n}")
                    expect(clerk.page.locator(f"#row-{cid} .meta")).to_contain_text(name)
                    expect(clerk.page.locator(f"#row-{cid} input[name=version]")).to_have_value(str(round_ + 1))
        assert zhang.failures == [] and li.failures == []
        assert zhang.page.locator(".note-save-failed").count() == li.page.locator(".note-save-failed").count() == 0
        saved = stored_decisions(config)
        for name, (_, rows) in mine.items():
            for n, cid in enumerate(rows):
                expected = (decisions.DECISIONS[2:][n % 2], f"{name}第2轮{n}", name, 2)
                assert (saved[cid]["decision"], saved[cid]["reason"], saved[cid]["decided_by"], saved[cid]["version"]) == expected

        both = ids[2 * ROWS_EACH]
        zhang.page.reload()
        li.page.reload()
        zhang.fire(both, "采纳", "张三定的")
        expect(zhang.page.locator(f"#row-{both} .meta")).to_contain_text("张三")
        li.fire(both, "不采纳", "李四想定的")
        note = li.page.locator(f"#row-{both} .note-save-failed")
        expect(note).to_have_text(STALE)
        expect(note).to_have_attribute("role", "alert")
        expect(li.page.locator(f"#row-{both} select[name=decision]")).to_have_value("不采纳")
        expect(li.page.locator(f"#row-{both} textarea[name=reason]")).to_have_value("李四想定的")
        assert li.failures == [f"409 {url}/comments/{both}/decision"]
        assert stored_decisions(config)[both]["decided_by"] == "张三"

        li.page.reload()  # what the message asks: refresh, then decide
        expect(li.page.locator(f"#row-{both} select[name=decision]")).to_have_value("采纳")
        li.fire(both, "不采纳", "李四看过后改定")
        expect(li.page.locator(f"#row-{both} .meta")).to_contain_text("李四")
        assert stored_decisions(config)[both]["decision"] == "不采纳"
    finally:
        zhang.close()
        li.close()


def stored_decisions(config: Config) -> dict[str, dict[str, object]]:
    store = Store(config.store_path)
    try:
        return decisions.decisions(store)
    finally:
        store.close()
