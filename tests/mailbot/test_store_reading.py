"""The store's rooms for comments, messages, folder positions, progress and figures
(mailbot/store/comments.py, messages.py, positions.py, progress.py, counts.py), through
their functions, on a small round: two roster units, one sender outside the roster."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailbot.store import Store, comments, counts, messages, positions, progress
from parsers.records import Clause, Comment, Draft, Section, Unit


def _message(message_id: str, unit: str | None, **fields: Any) -> dict[str, Any]:
    return {"message_id": message_id, "sha256": message_id.strip("<>")[:2] * 32, "source": "x.eml",
            "sender": "x@x.example", "sender_name": "", "subject": f"意见{message_id}", "date": "2014-09-20",
            "unit": unit, "unlisted_unit": None, "unit_evidence": "", "kind": "submission", "kind_reason": "",
            "relation": None, "status": "active", "error": "", "relevance": "reply", "review": "", **fields}


def _comment(text: str, confidence: float = 0.95) -> Comment:
    return Comment(text=text, reason="理由", clause_ref="第1条", scope="clause", clause=1, section=1,
                   confidence=confidence, evidence="“第1条”", origin="段落1", source="正文")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "mailbot.db", create=True)
    draft = Draft("办法", (Section(1, "总则", (Clause(1, 1, "", "第一条 目的。"),)),))
    opened.load_campaign(draft, [Unit("甲单位", "市直", (), ()), Unit("乙单位", "市直", (), ()), Unit("丙单位", "县区", (), ())])
    opened.record_message(_message("<a1>", "甲单位"), [], [_comment("建议一。"), _comment("建议二？", 0.3)])
    opened.record_message(_message("<b1>", "乙单位", kind="no_comment"), [], [])
    opened.record_message(_message("<x1>", None, unlisted_unit="外单位"),
                          [{"message_id": "<x1>", "filename": "坏.pdf", "sha256": "", "type": "pdf",
                            "status": "error", "error": "损坏"}], [_comment("外来建议。")])
    opened.record_message(_message("<c1>", "丙单位", kind="ignore", relevance="possible"), [], [_comment("也许。")])
    yield opened
    opened.close()


def test_comments_one_at_a_time(store: Store) -> None:
    active = comments.active(store)
    assert [c["text"] for c in active] == ["建议一。", "建议二？", "外来建议。"]
    first = active[0]
    assert comments.comment(store, first["id"]) == first and comments.exists(store, first["id"])
    assert comments.comment(store, "nope") is None and not comments.exists(store, "nope")
    assert comments.active_count(store) == 3
    assert comments.count_of_message(store, "<a1>") == 2 and comments.has_comments(store, "<a1>")
    assert not comments.has_comments(store, "<b1>")
    assert [c["text"] for c in comments.of_message(store, "<c1>")] == ["也许。"]


def test_a_comment_is_changed_and_added_by_hand(store: Store) -> None:
    first = comments.active(store)[0]
    comments.set_status(store, first["id"], "rejected")
    assert comments.active_count(store) == 2
    assert comments.next_hand_entered_seq(store, "<a1>") == comments.HAND_ENTERED_SEQ
    comments.put(store, {**first, "id": "c-hand", "seq": comments.HAND_ENTERED_SEQ, "status": "active"})
    assert comments.next_hand_entered_seq(store, "<a1>") == comments.HAND_ENTERED_SEQ + 1
    part = {**first, "id": "c-part", "status": "active"}
    comments.put(store, part)
    assert [c["id"] for c in comments.siblings(store, part)] == [first["id"]]  # the same place, not itself


def test_margin_rows_name_the_unit_and_date(store: Store) -> None:
    rows = comments.margin_rows(store)
    assert [(r.unit, r.date, r.needs_review) for r in rows] == [
        ("甲单位", "2014-09-20", False), ("甲单位", "2014-09-20", True), ("外单位", "2014-09-20", False)]


def test_a_possible_reply_is_confirmed_or_not(store: Store) -> None:
    assert [m["message_id"] for m in messages.possible_replies(store)] == ["<c1>"]
    messages.confirm_reply(store, "<c1>", "submission", "人工确认为回复")
    assert messages.possible_replies(store) == []
    assert (store.message("<c1>") or {})["kind"] == "submission"
    assert [c["status"] for c in comments.of_message(store, "<c1>")] == ["active"]
    messages.confirm_not_reply(store, "<c1>", "人工确认不是回复")
    assert (store.message("<c1>") or {})["relevance"] == "rejected"
    assert [c["status"] for c in comments.of_message(store, "<c1>")] == ["ignored"]


def test_messages_by_bytes_and_failure(store: Store) -> None:
    assert [m["message_id"] for m in messages.with_sha256(store, "a1" * 32)] == ["<a1>"]
    assert messages.failed(store) == []
    store.record_message(_message("<e1>", None, status="error", error="坏邮件", kind="ignore"), [], [])
    assert [m["message_id"] for m in messages.failed(store)] == ["<e1>"]


def test_a_folder_position_is_saved_and_read(store: Store) -> None:
    assert positions.of_folder(store, "INBOX") is None
    positions.save(store, positions.Position("INBOX", 7, 42))
    positions.save(store, positions.Position("INBOX", 7, 43))
    assert positions.of_folder(store, "INBOX") == positions.Position("INBOX", 7, 43)
    assert positions.every(store) == [positions.Position("INBOX", 7, 43)]


def test_progress_by_unit_and_outside_the_roster(store: Store) -> None:
    replies = progress.replies_by_unit(store)
    assert set(replies) == {"甲单位", "乙单位"}
    assert (replies["甲单位"]["submissions"], replies["乙单位"]["submissions"]) == (1, 0)
    assert progress.comments_by_unit(store) == {"甲单位": 2}
    assert progress.units_with_possible_replies(store) == {"丙单位"}
    assert progress.unlisted_lines(store) == [
        {"unit": "外单位（名单外）", "comments": 1, "date": "2014-09-20", "message_id": "<x1>"}]


def test_what_needs_review(store: Store) -> None:
    assert [r["text"] for r in progress.uncertain_comments(store)] == ["建议二？"]
    assert [(r["filename"], r["error"]) for r in progress.unreadable_attachments(store)] == [("坏.pdf", "损坏")]
    assert [m["message_id"] for m in progress.messages_to_review(store)] == ["<x1>"]  # a sender outside the roster


def test_figures(store: Store) -> None:
    assert counts.figures(store) == counts.Figures(
        kinds={"submission": 2, "no_comment": 1, "ignore": 1}, failed=0, comments=3, needs_review=1, unreadable=1,
        notes=0, unlisted_senders=1, possible=1)


def test_a_reply_answering_for_another_unit_counts_for_both(store: Store) -> None:
    """甲单位's mail sends 丙单位's comments too (丙单位委托我会一并报送): 丙单位 has replied, by 甲单位's mail;
    a mail that is no reply answers for nobody."""
    store.record_message(_message("<a2>", "甲单位", date="2014-09-21", answered_for='["丙单位"]'), [], [])
    store.record_message(_message("<n1>", "乙单位", kind="ignore", relevance="not", answered_for='["丙单位"]'), [], [])
    replies = progress.replies_by_unit(store)
    assert set(replies) == {"甲单位", "乙单位", "丙单位"}
    assert (replies["丙单位"]["message_id"], replies["丙单位"]["sent_by"]) == ("<a2>", "甲单位")
    assert replies["甲单位"]["submissions"] == 2 and replies["甲单位"]["sent_by"] == "甲单位"
