"""Like-proposal groups in the store (mailbot/store/groups.py) and as the round has them now
(mailbot.campaign.groups): computed from the active comments, the clerk's 单独处理 and 并入 kept
and applied, audited, kept across re-reading; one decision for a whole group."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.campaign import decisions
from mailbot.campaign.groups import (
    BY_CLERK, arrange, decide_group, group_of_comment, groups_now, member_decisions, put_with, take_out,
)
from mailbot.errors import MailbotError
from mailbot.store import Store, comment_id
from mailbot.store import groups as stored
from mailbot.store.groups import ALONE, JOIN, Placing
from parsers.records import Comment
from reports.draft.grouping import Said

EDIT = "建议将“推动者”改为“推动者和实践者”。"
UNITS = ("单位1", "单位2", "单位3", "单位4")  # no roster: the table orders them by name


def _comment(text: str, clause: int = 3) -> Comment:
    return Comment(text=text, reason="", clause_ref=f"第{clause}条", scope="clause", clause=clause, section=1,
                   confidence=0.95, evidence=f"“第{clause}条”", origin="正文", source="body")


def _message(n: int, unit: str) -> dict[str, object]:
    return {"message_id": f"<m{n}@a.example>", "sha256": "ab" * 32, "source": f"m{n}.eml", "sender": "a@a.example",
            "sender_name": "", "subject": "意见", "date": f"2014-09-2{n}T10:00:00+08:00", "unit": unit,
            "unlisted_unit": None, "unit_evidence": "", "kind": "submission", "kind_reason": "", "relation": None,
            "status": "active", "error": "", "relevance": "reply"}


def _record(store: Store, n: int, texts: list[Comment]) -> list[str]:
    message = _message(n, UNITS[n])
    store.record_message(message, [], texts)
    return [comment_id(str(message["message_id"]), seq, c.text) for seq, c in enumerate(texts)]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """Three units propose the same edit of 第3条, the fourth something else there; the first
    also writes on 第4条."""
    path = tmp_path / "mailbot.db"
    Store(path, create=True).close()
    opened = Store(path)
    _record(opened, 0, [_comment(EDIT), _comment("建议增加经费保障的内容。", clause=4)])
    _record(opened, 1, [_comment("“推动者”宜修改为“推动者和实践者”")])
    _record(opened, 2, [_comment(EDIT)])
    _record(opened, 3, [_comment("建议删去本条第二款。")])
    yield opened
    opened.close()


def _ids(store: Store, clause: int = 3) -> list[str]:
    return [s.id for s in stored.active_said(store, (0, clause))]


def test_the_comments_grouping_reads_are_the_active_ones_in_table_order(store: Store) -> None:
    said = stored.active_said(store)
    assert [(s.unit, s.place) for s in said] == [
        ("单位1", ("clause", 3)), ("单位2", ("clause", 3)), ("单位3", ("clause", 3)), ("单位4", ("clause", 3)),
        ("单位1", ("clause", 4))]
    decisions.reject_comment(store, said[3].id, "张三")
    assert [s.id for s in stored.active_said(store, (0, 3))] == [s.id for s in said[:3]]
    assert [r["id"] for r in stored.comment_rows(store, [said[1].id, said[0].id, "c-none"])] == [said[1].id, said[0].id]


def test_a_clerks_change_is_kept_and_forgotten(store: Store) -> None:
    first = _ids(store)[0]
    stored.put_placing(store, Placing(first, ALONE, "", "张三", "2014-09-30T10:00:00+08:00"))
    assert stored.placings(store) == {first: Placing(first, ALONE, "", "张三", "2014-09-30T10:00:00+08:00")}
    stored.forget_placing(store, first)
    assert stored.placings(store) == {}


def test_groups_are_computed_from_the_active_comments(store: Store) -> None:
    a, b, c, d = _ids(store)
    (group,) = groups_now(store)
    assert group.members == (a, b, c) and group.units == UNITS[:3] and group.reason.startswith("相同修改：")
    assert groups_now(store, ("clause", 4)) == [] and group_of_comment(store, d) is None
    assert group_of_comment(store, b) == group


def test_taking_a_comment_out_and_putting_it_in_again(store: Store) -> None:
    a, b, c, d = _ids(store)
    (group,) = groups_now(store)
    take_out(store, b, "张三", shown=group.id)
    (left,) = groups_now(store)
    assert left.members == (a, c) and stored.placings(store)[b].action == ALONE
    with pytest.raises(MailbotError):
        take_out(store, b, "张三")  # in no group now
    with pytest.raises(decisions.StaleEdit):
        put_with(store, b, a, "李四", shown=group.id)  # the page showed it in the group of three
    joined = put_with(store, d, a, "李四", shown="")
    assert joined.members == (a, c, d) and joined.reason == BY_CLERK
    history = decisions.changes(store, [b, d])
    assert [(h["who"], h["field"], h["after"]) for h in history[b]] == [("张三", "group", "单独处理")]
    assert history[b][0]["before"].startswith("3个单位一组（单位1、单位2、单位3；相同修改")
    assert history[d][0]["before"] == "未归组"
    assert history[d][0]["after"].startswith("并入3个单位一组（单位1、单位3、单位4")
    with pytest.raises(MailbotError):
        put_with(store, d, c, "李四")  # already there
    with pytest.raises(MailbotError):
        put_with(store, d, _ids(store, 4)[0], "李四")  # another clause


def test_two_comments_in_no_group_make_one(store: Store) -> None:
    a, b, c, d = _ids(store)
    take_out(store, a, "张三")
    take_out(store, b, "张三")
    pair = put_with(store, b, d, "张三")
    assert pair.members == (b, d) and pair.reason == BY_CLERK
    assert [g.members for g in groups_now(store)] == [(b, d)]  # c, alike to nothing left, is alone


def test_comments_put_with_one_that_leaves_stay_in_the_group(store: Store) -> None:
    a, b, c, d = _ids(store)
    put_with(store, d, a, "张三")
    assert stored.placings(store)[d].anchor == a
    take_out(store, a, "张三")
    assert stored.placings(store)[d] == Placing(d, JOIN, b, "张三", stored.placings(store)[d].set_at)
    assert [g.members for g in groups_now(store)] == [(b, c, d)]


def test_a_join_to_a_comment_gone_is_void() -> None:
    said = [Said("c1", "甲", ("clause", 3), EDIT), Said("c2", "乙", ("clause", 3), EDIT),
            Said("c3", "丙", ("clause", 3), "建议删去本条第二款。")]
    placing = {"c3": Placing("c3", JOIN, "c9", "张三", ""), "c2": Placing("c2", JOIN, "c3", "张三", "")}
    (group,) = arrange(said, placing)  # c3 grouped as computed (alone), c2 with it
    assert group.members == ("c2", "c3") and group.reason == BY_CLERK
    assert [g.members for g in arrange(said[:2], placing)] == [("c1", "c2")]  # c3 gone: c2 grouped as computed


def test_the_clerks_changes_survive_reading_the_message_again(store: Store) -> None:
    a, b, c, d = _ids(store)
    take_out(store, b, "张三")
    put_with(store, d, a, "张三")
    before = groups_now(store)
    message = store.comments("id = ?", [d])[0]["message_id"]
    store.forget_message(message)
    assert [g.members for g in groups_now(store)] == [(a, c)]
    _record(store, 3, [_comment("建议删去本条第二款。")])
    decisions.reapply_edits(store)
    assert groups_now(store) == before


def test_one_decision_for_a_whole_group(store: Store) -> None:
    a, b, c, d = _ids(store)
    (group,) = groups_now(store)
    decisions.set_decision(store, b, "不采纳", "", "王五")
    versions = {cid: int(row.get("version") or 0) for cid, row in member_decisions(store, group).items()}
    assert versions == {a: 0, b: 1, c: 0}
    decide_group(store, group.id, "采纳", "已吸收", "张三", versions)
    assert {cid: row["decision"] for cid, row in member_decisions(store, group).items()} == dict.fromkeys(group.members, "采纳")
    log = decisions.changes(store, group.members)
    assert [(h["who"], h["before"], h["after"]) for h in log[b] if h["field"] == "decision"][-1] == ("张三", "不采纳", "采纳")
    assert all(any(h["field"] == "reason" and h["after"] == "已吸收" for h in log[cid]) for cid in group.members)
    decisions.set_decision(store, c, "部分采纳", "", "李四")  # a member still decided on its own
    assert decisions.decision_of(store, c)["decision"] == "部分采纳"


def test_a_stale_group_decision_writes_nothing(store: Store) -> None:
    a, b, c, d = _ids(store)
    (group,) = groups_now(store)
    shown = {cid: 0 for cid in group.members}
    decisions.set_decision(store, c, "不采纳", "", "李四")  # after the page was drawn
    with pytest.raises(decisions.StaleEdit):
        decide_group(store, group.id, "采纳", "", "张三", shown)
    assert decisions.decision_of(store, a) == {} and decisions.decision_of(store, c)["decision"] == "不采纳"
    take_out(store, b, "李四")
    with pytest.raises(decisions.StaleEdit):
        decide_group(store, group.id, "采纳", "", "张三", {a: 0, b: 0, c: 1})
    assert decisions.decision_of(store, a) == {}
