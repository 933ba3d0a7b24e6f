"""The review desk in a real browser: Debian's Chromium driven by Playwright against
the desk served on a loopback port, on a store filled from the sample replies.

Screenshots of every page are taken on the way; set MAILBOT_SCREENSHOTS=docs/screenshots
to keep them (the README's pictures come from there).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from desk_helpers import HOSTILE_ID, PASSWORD, PASSWORD_ENV, SCRIPT_TEXT, chromium, desk_copy, serving
from playwright.sync_api import Browser, Page, expect

from mailbot.campaign import decisions
from mailbot.config import Config
from mailbot.store import Store
from mailbot.web.app import create_app
from mailbot.web.context import message_key

NAV = {"报送进度": "/", "按条款": "/clauses", "待复核": "/review", "采纳": "/adoption", "来件": "/messages"}
OPERATOR = "测试员"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


def start_desk(base: Path, target: Path, *, hostile: bool) -> tuple[Config, Any]:
    config = desk_copy(base, target, hostile=hostile)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(PASSWORD_ENV, PASSWORD)
        return config, create_app(config, config.store_path)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Config, str]]:
    config, app = start_desk(tmp_path_factory.getbasetemp(), tmp_path_factory.mktemp("browser") / "desk", hostile=True)
    with serving(app) as url:
        yield config, url


def new_page(browser: Browser) -> Page:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # hx-confirm asks before 催报 and 重新处理
    return page


def log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/review")
    expect(page).to_have_url(f"{url}/login?next=/review")
    page.fill("input[name=name]", OPERATOR)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(f"{url}/review")


@pytest.fixture
def page(browser: Browser, desk: tuple[Config, str]) -> Iterator[Page]:
    opened = new_page(browser)
    log_in(opened, desk[1])
    yield opened
    opened.context.close()


def open_store(config: Config) -> Store:
    store = Store(config.store_path)
    decisions.ensure_tables(store)
    return store


def test_log_in_and_open_every_page(browser: Browser, desk: tuple[Config, str], tmp_path: Path) -> None:
    """GIVEN the desk WHEN one logs in THEN each page opens from the menu, in Chinese."""
    page = new_page(browser)
    try:
        log_in(page, desk[1])
        for label, path in NAV.items():
            page.get_by_role("navigation").get_by_role("link", name=label, exact=True).click()
            expect(page).to_have_url(f"{desk[1]}{path}")
            expect(page.locator("nav a.current")).to_have_text(label)
        page.goto(f"{desk[1]}/")
        expect(page.locator("#units tbody tr")).to_have_count(24 + 1)  # the roster, then the unit outside it
        expect(page.locator("#units tbody tr.state-unlisted")).to_contain_text("进学街道总工会（名单外）")
        expect(page.locator("#units")).to_contain_text("未报送")
        page.goto(f"{desk[1]}/clauses")
        expect(page.locator("svg.chart rect.bar")).to_have_count(18 + page.locator("svg.chart a[href^='#section']").count() + 1)
        expect(page.locator("#clause-3 .clause-text")).to_contain_text("激发广大职工的劳动热情和创造活力")
        page.goto(f"{desk[1]}/messages")
        expect(page.locator("article.message")).to_have_count(33)
    finally:
        page.context.close()


def test_change_a_mapping_on_the_review_page(page: Page, desk: tuple[Config, str]) -> None:
    """GIVEN a comment the pipeline was unsure of WHEN the operator sets it to 第10条
    THEN the card says so, its history shows who changed 第8条 to 第10条, and the store has it."""
    card = page.locator("article.comment", has_text="职工书屋")
    expect(card).to_contain_text("识别依据")
    card.locator("select[name=target]").select_option("10")
    card.get_by_role("button", name="改定条款").click()
    changed = page.locator("article.comment", has_text="已改定条款")
    expect(changed).to_contain_text("第10条")
    expect(changed.locator("details.history")).to_contain_text(OPERATOR)
    expect(changed.locator("details.history tbody tr").first).to_contain_text("第8条")
    store = open_store(desk[0])
    try:
        row = store.comments("message_id = ? and text like '%职工书屋%'", [HOSTILE_ID])[0]
        assert (row["clause"], row["needs_review"]) == (10, 0)
    finally:
        store.close()
    page.reload()
    expect(page.locator("article.comment", has_text="职工书屋")).to_have_count(0)


def test_record_decisions_and_download_the_adoption_table(page: Page, desk: tuple[Config, str]) -> None:
    """GIVEN the 采纳 page WHEN two decisions are saved THEN the undecided count drops,
    the filter finds them, and both downloads carry them."""
    page.goto(f"{desk[1]}/adoption")
    undecided = int(page.locator("#undecided-count").inner_text())
    for index, (choice, reason) in enumerate([("采纳", "已按意见修改第1条"), ("不采纳", "与上位文件表述一致")]):
        row = page.locator("table.adoption tbody tr").nth(index)
        row.locator("select[name=decision]").select_option(choice)
        row.locator("textarea[name=reason]").fill(reason)
        row.get_by_role("button", name="保存").click()
        expect(page.locator("table.adoption tbody tr").nth(index)).to_contain_text(OPERATOR)
        expect(page.locator("#undecided-count")).to_have_text(str(undecided - index - 1))
    page.locator("form.filters select[name=decision]").select_option("采纳")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("table.adoption tbody tr")).to_have_count(1)
    expect(page.locator("table.adoption tbody tr textarea")).to_have_value("已按意见修改第1条")
    assert downloaded_rows(page, "Word（.docx）")[:2] == [
        ["1", "第1条", "延吉市总工会", docx_text(desk[0], 1), "采纳", "已按意见修改第1条"],
        ["2", "第1条", "龙井市总工会", docx_text(desk[0], 2), "不采纳", "与上位文件表述一致"],
    ]
    sheet = downloaded_rows(page, "Excel（.xlsx）")
    assert sheet[0] == ["序号", "条款", "提出单位", "意见内容", "是否采纳", "说明"]
    assert sheet[1][4:] == ["采纳", "已按意见修改第1条"] and sheet[2][4:] == ["不采纳", "与上位文件表述一致"]


def docx_text(config: Config, number: int) -> str:
    store = open_store(config)
    try:
        return decisions.adoption_records(store)[number - 1].text
    finally:
        store.close()


def downloaded_rows(page: Page, link: str) -> list[list[str]]:
    """Click a download link; the file's table rows (the .docx without its header)."""
    with page.expect_download() as info:
        page.get_by_role("link", name=link).click()
    path = info.value.path()
    assert info.value.suggested_filename.startswith("意见采纳情况表")
    if link.startswith("Word"):
        return [[c.text for c in r.cells] for r in docx.Document(str(path)).tables[0].rows[1:]]
    workbook = openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes()))  # the saved file has no .xlsx suffix
    try:
        return [["" if v is None else str(v) for v in r] for r in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_a_script_in_a_comment_is_shown_as_text(page: Page, desk: tuple[Config, str]) -> None:
    """GIVEN a reply whose comment holds <script> WHEN its pages are shown
    THEN the reader sees the tag as text and nothing runs."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    for path in ("/clauses", "/adoption", f"/messages/{message_key(HOSTILE_ID)}"):
        page.goto(f"{desk[1]}{path}")
        expect(page.get_by_text(SCRIPT_TEXT, exact=False).first).to_be_visible()
        assert page.evaluate("typeof window.__xss") == "undefined"
    expect(page.get_by_text("安图县总工会的修改意见<b>加粗</b>")).to_be_visible()
    expect(page.get_by_text("<img src=x onerror=alert(1)>.txt")).to_be_visible()
    assert dialogs == []


def test_split_a_comment_and_mark_one_part_not_a_comment(page: Page, desk: tuple[Config, str]) -> None:
    """GIVEN one comment holding two proposals WHEN it is split on its page THEN two comments
    take its place; one of them marked 不是意见 leaves the counts, and can be brought back."""
    store = open_store(desk[0])
    try:
        cid = store.comments("text like '%标点校对%' and status = 'active'")[0]["id"]
    finally:
        store.close()
    page.goto(f"{desk[1]}/comments/{cid}")
    card = page.locator("article.comment")
    card.get_by_text("拆分为两条").click()
    card.locator("textarea[name=first]").fill("建议全文进行一次文字和标点校对。")
    card.locator("textarea[name=second]").fill("文中存在引号不配对、多余空格等问题。")
    card.get_by_role("button", name="拆分", exact=True).click()
    expect(card).to_contain_text("已拆分为两条意见")
    expect(card.locator(".badge-split")).to_have_text("已拆分")
    expect(card.locator(".related a")).to_have_count(2)
    card.locator(".related a").last.click()
    part = page.locator("article.comment")
    expect(part.locator("blockquote.text")).to_have_text("文中存在引号不配对、多余空格等问题。")
    part.get_by_role("button", name="不是意见").click()
    expect(part.locator(".badge-rejected")).to_have_text("非意见")
    expect(part.locator("details.history")).to_contain_text(OPERATOR)
    part.get_by_role("button", name="恢复为意见").click()
    expect(part.locator(".badge-active")).to_have_text("有效")


def test_remind_missing_units_from_the_progress_page(page: Page, desk: tuple[Config, str]) -> None:
    page.goto(f"{desk[1]}/")
    page.get_by_role("button", name="催报未报送单位").click()
    expect(page.locator("#remind-result")).to_contain_text("已排队催报邮件")
    store = open_store(desk[0])
    try:
        assert store.db["outbox"].count_where("ref like 'reminder-manual:%'") == 4
    finally:
        store.close()


def test_screenshots_of_every_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> None:
    """One picture a page, on the sample replies only, with two decisions recorded."""
    config, app = start_desk(tmp_path_factory.getbasetemp(), tmp_path_factory.mktemp("shots") / "desk", hostile=False)
    store = open_store(config)
    try:
        first, second = decisions.adoption_records(store)[:2]
        decisions.set_decision(store, first.comment_id, "采纳", "已按意见修改", "张三")
        decisions.set_decision(store, second.comment_id, "部分采纳", "吸收前半句", "张三")
    finally:
        store.close()
    folder = Path(os.environ.get("MAILBOT_SCREENSHOTS") or tmp_path_factory.mktemp("png"))
    folder.mkdir(parents=True, exist_ok=True)
    with serving(app) as url:
        page = new_page(browser)
        try:
            page.goto(f"{url}/login")
            page.screenshot(path=str(folder / "login.png"))
            log_in(page, url)
            for name, path in [("progress", "/"), ("clauses", "/clauses"), ("review", "/review"),
                               ("adoption", "/adoption"), ("messages", "/messages")]:
                page.goto(f"{url}{path}")
                page.screenshot(path=str(folder / f"{name}.png"))
                assert (folder / f"{name}.png").stat().st_size > 10_000
        finally:
            page.context.close()


def test_a_failed_save_says_so_in_its_row(page: Page, desk: tuple[Config, str]) -> None:
    """GIVEN the 采纳 page WHEN the session's CSRF token no longer holds (an expired form) and a
    decision is saved THEN the row says 未保存 with what to do, instead of looking saved."""
    page.goto(f"{desk[1]}/adoption")
    row = page.locator("table.adoption tbody tr").first
    row.locator("input[name=csrf_token]").evaluate("input => input.value = 'expired'")
    row.locator("select[name=decision]").select_option("采纳")
    row.get_by_role("button", name="保存").click()
    expect(row.locator(".note-save-failed")).to_contain_text("未保存：表单已过期")
