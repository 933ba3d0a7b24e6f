"""The desk's rooms of the store (mailbot/store/decisions.py, sessions.py) through their
functions: decisions and their versions, the audit log, remembered edits, logins and failures;
and the desk's tables made by opening a store, an older one too."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.store import Store, comments, decisions, sessions
from parsers.records import Comment


def _comment(text: str) -> Comment:
    return Comment(text=text, reason="", clause_ref="第4条", scope="clause", clause=4, section=2, confidence=0.95,
                   evidence="“第4条”", origin="表格1第2行", source="意见.docx")


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        found = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
    conn.close()
    return found


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "mailbot.db"
    Store(path, create=True).close()
    opened = Store(path)
    message = {"message_id": "<m1@a.example>", "sha256": "ab" * 32, "source": "m1.eml", "sender": "a@a.example",
               "sender_name": "", "subject": "意见", "date": "2014-09-20T10:00:00+08:00", "unit": "甲单位",
               "unlisted_unit": None, "unit_evidence": "", "kind": "submission", "kind_reason": "", "relation": None,
               "status": "active", "error": "", "relevance": "reply"}
    opened.record_message(message, [], [_comment("建议增加经费。"), _comment("建议删去本条。")])
    yield opened
    opened.close()


def _ids(store: Store) -> list[str]:
    return [c["id"] for c in comments.active(store)]


def test_opening_a_store_makes_the_desks_tables(tmp_path: Path) -> None:
    """GIVEN a store as `init` makes it (no desk tables yet) WHEN opened THEN every desk table is there."""
    path = tmp_path / "mailbot.db"
    Store(path, create=True).close()
    assert "decisions" not in _tables(path)
    Store(path).close()
    assert {"decisions", "changes", "comment_edits", "desk_keys", "desk_sessions",
            "desk_login_failures"} <= _tables(path)


def test_a_decision_is_saved_with_its_version_and_counted(store: Store) -> None:
    first, second = _ids(store)
    assert decisions.decided(store, first) == decisions.Decided()
    decisions.save_decision(store, first, "采纳", "合理", "张三", "2014-09-21T09:00:00+08:00", 1)
    found = decisions.decided(store, first)
    assert (found.decision, found.reason, found.decided_by, found.version) == ("采纳", "合理", "张三", 1)
    assert set(decisions.decisions(store)) == {first}
    assert decisions.decisions(store, [second]) == {}
    assert decisions.decision_counts(store) == {"采纳": 1, "": 1}


def test_changes_are_logged_per_comment_oldest_first(store: Store) -> None:
    first, second = _ids(store)
    decisions.add_change(store, first, "张三", "t1", "decision", "未决定", "采纳")
    decisions.add_change(store, second, "李四", "t2", "reason", "", "重复")
    decisions.add_change(store, first, "李四", "t3", "decision", "采纳", "不采纳")
    log = decisions.changes(store)
    assert [(c["who"], c["after"]) for c in log[first]] == [("张三", "采纳"), ("李四", "不采纳")]
    assert list(decisions.changes(store, [second])) == [second]
    assert decisions.changes(store, []) == {}


def test_edits_are_remembered_replaced_and_forgotten(store: Store) -> None:
    first, second = _ids(store)
    decisions.remember_edit(store, first, "split", '["甲", "乙"]', "张三", "t1")
    decisions.remember_edit(store, second, "rejected", "[]", "张三", "t2")
    decisions.remember_edit(store, first, "corrected", '["丙"]', "李四", "t3")
    assert decisions.edits(store) == [decisions.Edit(first, "corrected", '["丙"]'), decisions.Edit(second, "rejected", "[]")]
    decisions.forget_edit(store, first)
    assert [e.comment_id for e in decisions.edits(store)] == [second]


def test_a_login_is_added_found_touched_and_dropped(store: Store) -> None:
    sessions.add_login(store, "h1", "张三", now=1000.0, idle_since=0.0)
    assert sessions.login(store, "h1") == sessions.Login("张三", 1000.0)
    sessions.touch_login(store, "h1", 1100.0)
    assert sessions.login(store, "h1") == sessions.Login("张三", 1100.0)
    sessions.add_login(store, "h2", "李四", now=5000.0, idle_since=2000.0)  # h1, idle since 1100, goes
    assert sessions.login(store, "h1") is None
    sessions.drop_login(store, "h2")
    assert sessions.login(store, "h2") is None


def test_the_signing_key_is_the_first_one_stored(store: Store) -> None:
    assert sessions.signing_key(store, "first") == "first"
    assert sessions.signing_key(store, "second") == "first"


def test_failures_are_counted_per_address_within_the_window(store: Store) -> None:
    for at in (10.0, 20.0, 30.0):
        sessions.add_failure(store, "10.0.0.1", at, forget_before=0.0)
    sessions.add_failure(store, "10.0.0.2", 40.0, forget_before=15.0)  # drops the failure at 10
    assert sessions.recent_failures(store, "10.0.0.1", since=0.0, limit=5) == [30.0, 20.0]
    assert sessions.recent_failures(store, "10.0.0.1", since=0.0, limit=1) == [30.0]
    sessions.forget_failures(store, "10.0.0.1")
    assert sessions.recent_failures(store, "10.0.0.1", since=0.0, limit=5) == []
    assert sessions.recent_failures(store, "10.0.0.2", since=0.0, limit=5) == [40.0]
