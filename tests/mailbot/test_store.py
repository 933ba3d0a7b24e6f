"""The store (mailbot/store/database.py) through its public methods: created and reopened, a
message written whole or not at all, nested write transactions, older stores brought up to date."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mailbot.errors import StoreError
from mailbot.outbox import outbox_row
from mailbot.store import Store
from parsers.records import Clause, Comment, Draft, Section, Unit


def message(message_id: str = "<m1@hunchun.example>", **fields: Any) -> dict[str, Any]:
    return {
        "message_id": message_id, "sha256": "ab" * 32, "source": "m1.eml", "sender": "hc@hunchun.example",
        "sender_name": "珲春市总工会", "subject": "修改意见", "date": "2014-09-20T10:00:00+08:00",
        "unit": "珲春市总工会", "unlisted_unit": None, "unit_evidence": "发件人地址", "kind": "submission",
        "kind_reason": "", "relation": None, "status": "active", "error": "", "relevance": "reply", **fields,
    }


def comment(text: str, clause: int = 4, confidence: float = 0.95) -> Comment:
    return Comment(text=text, reason="", clause_ref=f"第{clause}条", scope="clause", clause=clause, section=2,
                   confidence=confidence, evidence=f"“第{clause}条”", origin="表格1第2行", source="意见.docx")


def attachment(name: str = "意见.docx", message_id: str = "<m1@hunchun.example>") -> dict[str, Any]:
    return {"message_id": message_id, "filename": name, "sha256": "cd" * 32, "type": "docx",
            "status": "ok", "error": ""}


def count(store: Store, table: str) -> int:
    return int(store.db.execute(f"select count(*) from [{table}]").fetchone()[0])


def drop_columns(path: Path, table: str, dropped: set[str]) -> None:
    """Make `table` look as an older mailbot made it: recreated without `dropped`, rows kept."""
    with sqlite3.connect(path) as conn:
        info = conn.execute(f"pragma table_info([{table}])").fetchall()  # cid, name, type, notnull, default, pk
        kept = [(name, kind, pk) for _, name, kind, _, _, pk in info if name not in dropped]
        columns = ", ".join(f"[{name}] {kind}{' PRIMARY KEY' if pk else ''}" for name, kind, pk in kept)
        names = ", ".join(f"[{name}]" for name, _, _ in kept)
        conn.execute(f"create table [{table}_old] ({columns})")
        conn.execute(f"insert into [{table}_old] ({names}) select {names} from [{table}]")
        conn.execute(f"drop table [{table}]")
        conn.execute(f"alter table [{table}_old] rename to [{table}]")
    conn.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(tmp_path / "var" / "mailbot.db", create=True)
    yield store
    store.close()


def test_a_store_is_created_and_reopened(tmp_path: Path) -> None:
    """GIVEN no store WHEN opened without create THEN it says to run init; WHEN created (its folder
    too), written and reopened THEN what was written is there."""
    path = tmp_path / "var" / "mailbot.db"
    with pytest.raises(StoreError) as raised:
        Store(path)
    assert str(raised.value) == f"store: no store at {path}: run `mailbot init` first"
    assert not path.exists()
    created = Store(path, create=True)
    created.record_message(message(), [attachment()], [comment("建议增加经费。")])
    created.set_meta("last_poll", "2014-09-20T10:00:00+08:00")
    created.close()
    reopened = Store(path)
    try:
        assert reopened.has_message("<m1@hunchun.example>")
        assert [c["text"] for c in reopened.comments()] == ["建议增加经费。"]
        assert reopened.meta("last_poll") == "2014-09-20T10:00:00+08:00"
    finally:
        reopened.close()


def test_a_message_is_recorded_with_its_attachments_comments_and_mail(store: Store) -> None:
    """GIVEN a message with two attachments, two comments and a receipt WHEN recorded THEN all of
    it is there, the comments in order with stable ids; a low-confidence comment needs review."""
    receipt = outbox_row("receipt", ["hc@hunchun.example"], "回执", b"Subject: x\n\nok\n", "receipt:<m1@hunchun.example>")
    comments = [comment("建议增加经费。"), comment("建议删去本条。", clause=5, confidence=0.5)]
    assert store.record_message(message(), [attachment("意见.docx"), attachment("说明.pdf")], comments, [receipt]) is True
    row = store.message("<m1@hunchun.example>")
    assert row is not None and row["unit"] == "珲春市总工会" and row["ingested_at"]
    assert [a["id"] for a in store.attachments_of("<m1@hunchun.example>")] == ["<m1@hunchun.example>#0",
                                                                                 "<m1@hunchun.example>#1"]
    stored = store.comments("message_id = ?", ["<m1@hunchun.example>"])
    assert [(c["seq"], c["clause"], c["needs_review"], c["status"]) for c in stored] == [(0, 4, 0, "active"), (1, 5, 1, "active")]
    assert len({c["id"] for c in stored}) == 2
    assert [r["ref"] for r in store.db["outbox"].rows] == ["receipt:<m1@hunchun.example>"]


def test_recording_the_same_message_id_again_is_a_no_op(store: Store) -> None:
    """GIVEN a recorded message WHEN the same Message-ID is recorded again, with other content
    THEN it returns False and nothing changes: no second row, comment, attachment or mail."""
    store.record_message(message(), [attachment()], [comment("建议增加经费。")])
    receipt = outbox_row("receipt", ["hc@hunchun.example"], "回执", b"x", "receipt:again")
    again = store.record_message(message(subject="再次发送"), [attachment(), attachment()],
                                 [comment("另一条。"), comment("又一条。")], [receipt])
    assert again is False
    assert [count(store, t) for t in ("messages", "attachments", "comments", "outbox")] == [1, 1, 1, 0]
    assert store.message("<m1@hunchun.example>")["subject"] == "修改意见"  # type: ignore[index]


def test_a_message_is_recorded_whole_or_not_at_all(store: Store) -> None:
    """GIVEN a message whose attachment row cannot be written (a column the table lacks) WHEN
    recorded THEN it raises and neither the message, its comments nor its receipt are there."""
    receipt = outbox_row("receipt", ["hc@hunchun.example"], "回执", b"x", "receipt:<m1@hunchun.example>")
    broken = {**attachment(), "no_such_column": 1}
    with pytest.raises(sqlite3.OperationalError):
        store.record_message(message(), [broken], [comment("建议增加经费。")], [receipt])
    assert not store.has_message("<m1@hunchun.example>")
    assert (count(store, "messages"), count(store, "comments"), count(store, "outbox")) == (0, 0, 0)
    assert store.record_message(message(), [attachment()], [comment("建议增加经费。")]) is True  # the store still works


def test_writing_commits_or_rolls_back_whole(store: Store) -> None:
    """GIVEN a write transaction WHEN its block ends normally THEN the writes are kept; WHEN the
    block raises THEN every write in it is undone and the exception goes on."""
    with store.writing():
        store.log_event("info", "kept")
    with pytest.raises(RuntimeError, match="boom"):
        with store.writing():
            store.log_event("info", "undone")
            store.set_meta("undone", "yes")
            raise RuntimeError("boom")
    assert [e["what"] for e in store.recent_events()] == ["kept"]
    assert store.meta("undone") == ""
    assert not store.db.conn.in_transaction


def test_writing_nests_as_a_savepoint(store: Store) -> None:
    """GIVEN an outer write transaction WHEN an inner one raises and the outer catches it THEN only
    the inner writes are undone and the outer commits the rest; an outer failure undoes both."""
    with store.writing():
        store.log_event("info", "outer")
        with pytest.raises(ValueError):
            with store.writing():
                store.log_event("info", "inner")
                raise ValueError("inner fails")
        assert store.db.conn.in_transaction  # still the outer one
        store.log_event("info", "after")
    assert [e["what"] for e in store.recent_events()] == ["after", "outer"]
    with pytest.raises(ValueError):
        with store.writing():
            with store.writing():
                store.log_event("info", "inner kept by its savepoint")
            raise ValueError("outer fails")
    assert [e["what"] for e in store.recent_events()] == ["after", "outer"]


def test_an_older_store_gets_the_new_columns_on_opening(tmp_path: Path) -> None:
    """GIVEN a store whose outbox lacks the claim columns and whose messages lack relevance (as an
    earlier mailbot made it), with rows in both WHEN opened THEN the columns are there, the rows
    kept, and the new columns usable."""
    path = tmp_path / "mailbot.db"
    store = Store(path, create=True)
    store.record_message(message(), [], [comment("建议增加经费。")],
                         [outbox_row("receipt", ["hc@hunchun.example"], "回执", b"x", "r1")])
    store.close()
    drop_columns(path, "outbox", {"next_attempt_at", "claimed_by", "lease_until"})
    drop_columns(path, "messages", {"relevance", "relevance_evidence", "proposed_kind"})
    with sqlite3.connect(path) as conn:
        assert "claimed_by" not in {r[1] for r in conn.execute("pragma table_info(outbox)")}
    conn.close()
    reopened = Store(path)
    try:
        assert {"next_attempt_at", "claimed_by", "lease_until"} <= set(reopened.db["outbox"].columns_dict)
        assert {"relevance", "relevance_evidence", "proposed_kind"} <= set(reopened.db["messages"].columns_dict)
        assert reopened.message("<m1@hunchun.example>")["unit"] == "珲春市总工会"  # type: ignore[index]
        assert [r["ref"] for r in reopened.db["outbox"].rows] == ["r1"]
        reopened.db.execute("update outbox set claimed_by = 'me' where ref = 'r1'")
        assert reopened.db.execute("select claimed_by from outbox").fetchone()[0] == "me"
    finally:
        reopened.close()


def test_forget_message_removes_its_rows_only(store: Store) -> None:
    """GIVEN two recorded messages WHEN one is forgotten THEN its message, attachment and comment
    rows are gone, the other's stay, and it can be recorded again."""
    store.record_message(message(), [attachment()], [comment("建议增加经费。"), comment("建议删去本条。")])
    store.record_message(message("<m2@wangqing.example>", unit="汪清县总工会"), [attachment(message_id="<m2@wangqing.example>")],
                         [comment("同意。")])
    store.forget_message("<m1@hunchun.example>")
    assert not store.has_message("<m1@hunchun.example>")
    assert store.attachments_of("<m1@hunchun.example>") == []
    assert [c["message_id"] for c in store.comments()] == ["<m2@wangqing.example>"]
    assert store.has_message("<m2@wangqing.example>") and len(store.attachments_of("<m2@wangqing.example>")) == 1
    assert store.record_message(message(), [], [comment("建议增加经费。")]) is True


def test_events_round_trip_newest_first(store: Store) -> None:
    """GIVEN events logged at two levels WHEN read back THEN newest first, filtered by level, limited."""
    store.log_event("info", "poll", detail="3 new")
    store.log_event("error", "outbox", "<m1@hunchun.example>", "SMTPRecipientsRefused")
    store.log_event("info", "reprocessed", "<m1@hunchun.example>", "retry")
    assert [e["what"] for e in store.recent_events()] == ["reprocessed", "outbox", "poll"]
    errors = store.recent_events("error")
    assert [(e["what"], e["message_id"], e["detail"]) for e in errors] == [
        ("outbox", "<m1@hunchun.example>", "SMTPRecipientsRefused")]
    assert errors[0]["at"]
    assert [e["what"] for e in store.recent_events(limit=1)] == ["reprocessed"]


def test_meta_round_trips_and_is_replaced(store: Store) -> None:
    """GIVEN no meta WHEN read THEN the default; WHEN set twice THEN the last value, one row."""
    assert store.meta("last_poll") == "" and store.meta("last_poll", "never") == "never"
    store.set_meta("last_poll", "2014-09-20T10:00:00+08:00")
    store.set_meta("last_poll", "2014-09-21T10:00:00+08:00")
    assert store.meta("last_poll") == "2014-09-21T10:00:00+08:00"
    assert count(store, "meta") == 1


def test_the_campaign_round_trips_and_is_replaced(store: Store) -> None:
    """GIVEN no draft WHEN asked for it THEN it says to run init; WHEN a draft and roster are
    loaded twice THEN the second is what is read back, sections, clauses and roster order kept."""
    with pytest.raises(StoreError, match="run `mailbot init`"):
        store.draft()
    first = Draft("旧稿", (Section(1, "一、总则", (Clause(1, 1, "旧", "旧。"),)),))
    clauses = (Clause(1, 1, "加强领导", "加强领导。"), Clause(2, 1, "完善制度", "完善制度。"))
    second = Draft("新稿", (Section(1, "一、总则", clauses), Section(2, "二、保障", (Clause(3, 2, "经费", "经费。"),))), "为了…")
    roster = [Unit("珲春市总工会", "县市", ("hc@hunchun.example",), ("珲春",)), Unit("汪清县总工会", "县市", (), ())]
    store.load_campaign(first, [])
    store.load_campaign(second, roster)
    assert store.draft() == second
    assert store.roster() == roster
