"""Like proposals in the desk (Flask's test client): a group shown under its units and reason,
one decision for the whole group (each member's, logged, refused when stale), 单独处理 and 并入
from the comment page, and the workbook and the 批注稿 following the clerk's changes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from desk_helpers import desk_copy

from mailbot.campaign import decisions
from mailbot.campaign.annotating import annotated_file
from mailbot.campaign.groups import group_of_comment, groups_now, take_out
from mailbot.campaign.report import WORKBOOK_NAME, build_report_files
from mailbot.config import Config
from mailbot.store import Store, comment_id
from mailbot.web.app import create_app
from mailbot.web.context import OPEN_DESK_USER
from parsers.records import Comment

EDIT = "建议将“推动者”改为“推动者和实践者”。"
UNITS = ("图们市总工会", "敦化市总工会", "珲春市总工会")  # in roster order: the group's order
OTHER = "建议本条增加职工文化阵地建设的内容。"


def _message(n: int, unit: str) -> dict[str, object]:
    return {"message_id": f"<like{n}@groups.example>", "sha256": "", "source": "like.eml", "sender": "a@groups.example",
            "sender_name": "", "subject": "补充意见", "date": f"2014-09-2{n}T10:00:00+08:00", "unit": unit,
            "unlisted_unit": None, "unit_evidence": "", "kind": "submission", "kind_reason": "", "relation": None,
            "status": "active", "error": "", "relevance": "reply"}


def _add(store: Store, n: int, unit: str, text: str) -> str:
    section = store.draft().clause(3).section  # type: ignore[union-attr]  # the sample draft has a 第3条
    comment = Comment(text=text, reason="", clause_ref="第3条", scope="clause", clause=3, section=section,
                      confidence=0.95, evidence="“第3条”", origin="正文", source="body")
    message = _message(n, unit)
    store.record_message(message, [], [comment])
    return comment_id(str(message["message_id"]), 0, text)


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Config:
    return desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk", password=False)


@pytest.fixture
def store(desk: Config) -> Iterator[Store]:
    opened = Store(desk.store_path)
    decisions.ensure_tables(opened)
    yield opened
    opened.close()


@pytest.fixture
def like(store: Store) -> tuple[str, ...]:
    """Three units propose the same edit of 第3条 (a group), a fourth writes something else there."""
    ids = tuple(_add(store, n, unit, EDIT) for n, unit in enumerate(UNITS))
    return (*ids, _add(store, 3, "延吉市总工会", OTHER))


@pytest.fixture
def client(desk: Config) -> Iterator[Any]:
    with create_app(desk, desk.store_path).test_client() as test_client:
        yield test_client


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]  # every page has one


def _group_form(html: str, gid: str) -> dict[str, str]:
    """The hidden fields of a group's decision form as the page drew it (its members' versions)."""
    start = html.index(f'action="/groups/{gid}/decision"')
    form = html[start: html.index("</form>", start)]
    return dict(re.findall(r'name="(version-c\w+)" value="(\d+)"', form))


def test_a_group_is_shown_with_its_units_and_reason(client: Any, store: Store, like: tuple[str, ...]) -> None:
    a, b, c, lone = like
    (group,) = groups_now(store)
    assert group.members == (a, b, c)
    for path in ("/clauses", "/clauses?place=clause-3"):
        html = client.get(path).get_data(as_text=True)
        start = html.index(f'id="group-{group.id}"')
        block = html[start: html.index("</ol>", start)]
        assert "3个单位</strong>：图们市总工会、敦化市总工会、珲春市总工会" in block
        assert "相同修改：将“推动者”修改为“推动者和实践者”" in block
        assert [m for m in re.findall(r'id="said-(c\w+)"', block)] == [a, b, c] and lone not in block
        assert block.count("单独处理") == 3 and "整组保存" in block
    page = client.get(f"/comments/{b}").get_data(as_text=True)
    assert "同组意见" in page and "3个单位（图们市总工会、敦化市总工会、珲春市总工会）" in page
    assert f'<option value="{lone}">延吉市总工会：{OTHER}</option>' in page  # it may be put with the lone comment
    assert "此条未与其他意见归为一组" in client.get(f"/comments/{lone}").get_data(as_text=True)


def test_one_decision_for_the_group_is_every_members(client: Any, store: Store, like: tuple[str, ...]) -> None:
    a, b, c, _lone = like
    (group,) = groups_now(store)
    html = client.get("/clauses?place=clause-3").get_data(as_text=True)
    fields = _group_form(html, group.id)
    assert fields == {f"version-{cid}": "0" for cid in (a, b, c)}
    done = client.post(f"/groups/{group.id}/decision",
                       data={"csrf_token": _token(html), "decision": "采纳", "reason": "已吸收", **fields})
    assert done.status_code == 302
    for cid in (a, b, c):
        assert decisions.decision_of(store, cid)["decision"] == "采纳"
        log = decisions.changes(store, [cid])[cid]
        assert [(h["who"], h["field"], h["before"], h["after"]) for h in log] == [
            (OPEN_DESK_USER, "decision", "未决定", "采纳"), (OPEN_DESK_USER, "reason", "", "已吸收")]
    again = client.get("/clauses?place=clause-3").get_data(as_text=True)
    assert "<option selected>采纳</option>" in again[again.index(f'id="group-{group.id}"'):]
    one = client.post(f"/comments/{b}/decision", data={"csrf_token": _token(again), "decision": "不采纳", "reason": "",
                                                        "version": "1", "mode": "full"})
    assert one.status_code == 302 and decisions.decision_of(store, b)["decision"] == "不采纳"
    assert "组内各条决定不一" in client.get("/clauses?place=clause-3").get_data(as_text=True)


def test_a_stale_group_decision_is_refused(client: Any, store: Store, like: tuple[str, ...]) -> None:
    a, b, c, _lone = like
    (group,) = groups_now(store)
    html = client.get("/clauses?place=clause-3").get_data(as_text=True)
    fields = _group_form(html, group.id)
    decisions.set_decision(store, c, "不采纳", "", "李四")  # another clerk, after the page was drawn
    refused = client.post(f"/groups/{group.id}/decision", headers={"HX-Request": "true"},
                          data={"csrf_token": _token(html), "decision": "采纳", "reason": "", **fields})
    assert refused.status_code == 409 and "此条已被李四于" in refused.get_data(as_text=True)
    assert decisions.decision_of(store, a) == {} and decisions.decision_of(store, c)["decision"] == "不采纳"
    take_out(store, b, "李四")  # the group itself changed since
    fields[f"version-{c}"] = "1"
    refused = client.post(f"/groups/{group.id}/decision", data={"csrf_token": _token(html), "decision": "采纳", **fields})
    assert refused.status_code == 302 and decisions.decision_of(store, a) == {}
    assert "这组意见的成员已有变动" in client.get("/clauses?place=clause-3").get_data(as_text=True)


def test_take_a_comment_out_and_put_it_in_another_group(client: Any, store: Store, like: tuple[str, ...]) -> None:
    a, b, c, lone = like
    (group,) = groups_now(store)
    html = client.get(f"/comments/{b}").get_data(as_text=True)
    out = client.post(f"/comments/{b}/alone", data={"csrf_token": _token(html), "group": group.id})
    assert out.status_code == 302
    (left,) = groups_now(store)
    assert left.members == (a, c)
    page = client.get(f"/comments/{b}").get_data(as_text=True)
    assert "已单独处理" in page and "此条未与其他意见归为一组" in page
    put = client.post(f"/comments/{lone}/join", data={"csrf_token": _token(page), "other": a, "group": ""})
    assert put.status_code == 302
    (joined,) = groups_now(store)
    assert set(joined.members) == {a, c, lone} and joined.reason == "人工归组"
    html = client.get("/clauses?place=clause-3").get_data(as_text=True)
    assert f'id="group-{joined.id}"' in html and "人工归组" in html
    history = decisions.changes(store, [b, lone])
    assert [(h["who"], h["field"], h["after"]) for h in history[b]] == [(OPEN_DESK_USER, "group", "单独处理")]
    assert history[lone][0]["before"] == "未归组" and history[lone][0]["after"].startswith("并入3个单位一组")
    stale = client.post(f"/comments/{b}/join", headers={"HX-Request": "true"},
                        data={"csrf_token": _token(html), "other": a, "group": group.id})  # the page showed the old group
    assert stale.status_code == 409 and group_of_comment(store, b) is None


def _by_clause_rows(files: dict[str, bytes]) -> list[tuple[Any, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(files[WORKBOOK_NAME]))["按条款汇总"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _margin(desk: Config, store: Store) -> str:
    with zipfile.ZipFile(io.BytesIO(annotated_file(desk, store, False))) as docx:
        return docx.read("word/comments.xml").decode("utf-8")


def test_the_workbook_and_the_annotated_draft_follow_the_clerk(desk: Config, store: Store, like: tuple[str, ...]) -> None:
    import datetime

    a, b, c, lone = like
    rows = _by_clause_rows(build_report_files(desk, store, datetime.date(2014, 9, 30)))
    (three,) = [r for r in rows if r[3] == "、".join(UNITS)]
    assert three[-1] == 3 and "（3个单位：相同修改" in str(three[4])
    assert "（3个单位：相同修改" in _margin(desk, store)
    take_out(store, b, "张三")
    rows = _by_clause_rows(build_report_files(desk, store, datetime.date(2014, 9, 30)))
    (two,) = [r for r in rows if r[3] == "图们市总工会、珲春市总工会"]
    assert two[-1] == 2 and "（2个单位：相同修改" in str(two[4])
    assert [r[-1] for r in rows if r[3] == "敦化市总工会" and r[4] == EDIT] == [1]
    margin = _margin(desk, store)
    assert "（2个单位：相同修改" in margin and "（3个单位" not in margin
