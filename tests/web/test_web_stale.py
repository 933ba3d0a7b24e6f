"""Stale saves: a decision made from a page that shows an older version of it is refused (409)
with who changed it and when, instead of silently overwriting it (Flask's test client)."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import sqlite_utils
from desk_clients import log_in
from desk_helpers import PASSWORD, PASSWORD_ENV, desk_copy
from flask import Flask
from flask.testing import FlaskClient

from mailbot.campaign import decisions
from mailbot.config import Config
from mailbot.store import Store
from mailbot.web.app import create_app

STALE = re.compile(r"此条已被(.+)于(\d{4}-\d\d-\d\d \d\d:\d\d)修改，请刷新后再定。")


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk")


@pytest.fixture
def app(desk: Config) -> Flask:
    return create_app(desk, desk.store_path)


class Clerk:
    """One browser with the 采纳 page open: its session, token and the versions its rows show."""

    def __init__(self, app: Flask, name: str) -> None:
        self.client: FlaskClient = app.test_client()
        self.token = log_in(self.client, name)
        self.versions: dict[str, str] = {}

    def open_adoption(self) -> list[str]:
        page = self.client.get("/adoption").get_data(as_text=True)
        rows = re.findall(r'action="/comments/(c[0-9a-f]{10})/decision".*?name="version" value="(\d+)"', page, re.S)
        self.versions = dict(rows)
        return [cid for cid, _ in rows]

    def decide(self, cid: str, decision: str, reason: str = "", **extra: str) -> tuple[int, str]:
        form = {"decision": decision, "reason": reason, "mode": "row", "csrf_token": self.token,
                "version": self.versions[cid], **extra}
        response = self.client.post(f"/comments/{cid}/decision", data=form, headers={"HX-Request": "true"})
        found = re.search(r'name="version" value="(\d+)"', response.get_data(as_text=True))
        if response.status_code == 200 and found:
            self.versions[cid] = found.group(1)  # htmx swapped the row in: the page now shows this version
        return response.status_code, response.get_data(as_text=True)


def stored(desk: Config, cid: str) -> dict[str, object]:
    store = Store(desk.store_path)
    try:
        return decisions.decisions(store)[cid]
    finally:
        store.close()


def test_the_second_of_two_saves_from_the_same_version_is_refused(app: Flask, desk: Config) -> None:
    """GIVEN two clerks with the 采纳 page open WHEN 张三 decides a comment and 李四 then saves the same
    comment from the page he opened before THEN 李四 gets 409 naming 张三 and the local time, and
    张三's decision stands; after reopening the page 李四's save goes through."""
    zhang, li = Clerk(app, "张三"), Clerk(app, "李四")
    cid = zhang.open_adoption()[0]
    li.open_adoption()
    assert zhang.versions[cid] == li.versions[cid] == "0"
    assert zhang.decide(cid, "采纳", "已吸收")[0] == 200
    status, text = li.decide(cid, "不采纳", "另有安排")
    assert status == 409
    found = STALE.fullmatch(text)
    assert found and found.group(1) == "张三"
    saved = stored(desk, cid)
    assert (saved["decision"], saved["reason"], saved["decided_by"], saved["version"]) == ("采纳", "已吸收", "张三", 1)
    local = datetime.datetime.fromisoformat(str(saved["decided_at"])).astimezone().strftime("%Y-%m-%d %H:%M")
    assert found.group(2) == local
    li.open_adoption()
    assert li.decide(cid, "不采纳", "另有安排")[0] == 200
    assert stored(desk, cid)["decided_by"] == "李四"


def test_a_clerk_saves_one_row_again_and_again(app: Flask, desk: Config) -> None:
    """The row that comes back after a save carries the new version: saving it again is no conflict."""
    zhang = Clerk(app, "张三")
    cid = zhang.open_adoption()[1]
    for n, choice in enumerate(decisions.DECISIONS * 2):
        assert zhang.decide(cid, choice, f"第{n}次")[0] == 200
    assert stored(desk, cid)["version"] == 8


def test_saving_what_is_already_stored_changes_no_version(app: Flask, desk: Config) -> None:
    """A save that changes nothing leaves the version alone, so it makes nobody else's page stale."""
    zhang, li = Clerk(app, "张三"), Clerk(app, "李四")
    cid = zhang.open_adoption()[2]
    li.open_adoption()
    assert zhang.decide(cid, "", "")[0] == 200
    assert li.decide(cid, "采纳", "")[0] == 200
    assert stored(desk, cid)["version"] == 1


def test_on_the_comment_page_too(app: Flask, desk: Config) -> None:
    """The comment's own page carries the version in its decision form; a stale save there is 409,
    and without htmx the clerk is sent back to the page, which shows the newer decision and why."""
    zhang, li = Clerk(app, "张三"), Clerk(app, "李四")
    cid = zhang.open_adoption()[3]
    page = li.client.get(f"/comments/{cid}").get_data(as_text=True)
    version = re.search(r'name="mode" value="full"><input type="hidden" name="version" value="(\d+)"', page)
    assert version and version.group(1) == "0"
    assert zhang.decide(cid, "部分采纳", "前半句")[0] == 200
    form = {"decision": "采纳", "reason": "", "mode": "full", "csrf_token": li.token, "version": "0"}
    htmx = li.client.post(f"/comments/{cid}/decision", data=form, headers={"HX-Request": "true"})
    assert htmx.status_code == 409 and STALE.fullmatch(htmx.get_data(as_text=True))
    plain = li.client.post(f"/comments/{cid}/decision", data={**form, "next": f"/comments/{cid}"})
    assert plain.status_code == 302 and plain.headers["Location"] == f"/comments/{cid}"
    shown = li.client.get(f"/comments/{cid}").get_data(as_text=True)
    assert STALE.search(shown) and "张三" in shown and 'selected>部分采纳' in shown
    assert stored(desk, cid)["decision"] == "部分采纳"


def test_a_form_without_a_version_is_not_checked(app: Flask, desk: Config) -> None:
    """Forms from before versions (and scripts) still save, as the last one wins."""
    zhang = Clerk(app, "张三")
    cid = zhang.open_adoption()[4]
    zhang.versions[cid] = ""
    assert zhang.decide(cid, "采纳")[0] == 200
    assert zhang.decide(cid, "不采纳")[0] == 200
    assert stored(desk, cid)["decision"] == "不采纳"


def test_set_decision_checks_the_version_under_the_write_lock(desk: Config) -> None:
    store = Store(desk.store_path)
    try:
        decisions.ensure_tables(store)
        cid = decisions.adoption_records(store)[0].comment_id
        decisions.set_decision(store, cid, "采纳", "", "张三", version=0)
        with pytest.raises(decisions.StaleEdit, match="此条已被张三于"):
            decisions.set_decision(store, cid, "不采纳", "", "李四", version=0)
        assert not store.db.conn.in_transaction  # the refused save left nothing open
        decisions.set_decision(store, cid, "不采纳", "", "李四", version=1)
        assert [c["who"] for c in decisions.changes(store, [cid])[cid]] == ["张三", "李四"]
    finally:
        store.close()


def test_a_store_from_before_versions_gets_the_column(desk: Config) -> None:
    """A decisions table made by an earlier mailbot (no version) is given one; its rows count as 0."""
    db = sqlite_utils.Database(desk.store_path)
    db["decisions"].create({"comment_id": str, "decision": str, "reason": str, "decided_by": str,  # type: ignore[union-attr]
                            "decided_at": str}, pk="comment_id")
    cid = db.execute("select id from comments where status = 'active' limit 1").fetchone()[0]
    db["decisions"].insert({"comment_id": cid, "decision": "采纳", "reason": "", "decided_by": "张三",  # type: ignore[union-attr]
                            "decided_at": "2014-09-20T09:00:00+08:00"})
    db.close()
    store = Store(desk.store_path)
    try:
        decisions.ensure_tables(store)
        with pytest.raises(decisions.StaleEdit):
            decisions.set_decision(store, cid, "不采纳", "", "李四", version=3)
        decisions.set_decision(store, cid, "不采纳", "", "李四", version=0)
        assert decisions.decisions(store)[cid]["version"] == 1
    finally:
        store.close()
