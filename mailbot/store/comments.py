"""Comments one at a time, as the desk and the CLI ask for them, and their margin notes.

The pipeline writes a message's comments whole (Store.record_message); here a clerk's
edits change one row's status or add a row, and readers ask for one comment, a message's
comments, or the active ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mailbot.store.database import Store

HAND_ENTERED_SEQ = 10_000  # comments a clerk typed are numbered from here within their message


@dataclass(frozen=True)
class MarginRow:
    """An active comment as the draft's margin shows it, with the date of its reply.

    :ivar unit: the roster's name, an unlisted unit by its own name, or （未识别单位）
    """

    id: str
    unit: str
    date: str
    scope: str
    clause: int | None
    section: int | None
    text: str
    reason: str
    original: str
    confidence: float
    needs_review: bool


MARGIN_SQL = """
    select c.id, coalesce(nullif(c.unit, ''), nullif(c.unlisted_unit, ''), '（未识别单位）'), coalesce(m.date, ''),
           c.scope, c.clause, c.section, c.text, coalesce(c.reason, ''), coalesce(c.original, ''),
           coalesce(c.confidence, 1.0), coalesce(c.needs_review, 0)
    from comments c left join messages m on m.message_id = c.message_id
    where c.status = 'active' order by c.message_id, c.seq"""


def comment(store: Store, cid: str) -> dict[str, Any] | None:
    rows = store.comments("id = ?", [cid])
    return rows[0] if rows else None


def exists(store: Store, cid: str) -> bool:
    return store.db.execute("select 1 from comments where id = ?", [cid]).fetchone() is not None


def active(store: Store) -> list[dict[str, Any]]:
    """Every active comment, by message and place in it."""
    return store.comments("status = 'active'")


def active_count(store: Store) -> int:
    return int(store.db.execute("select count(*) from comments where status = 'active'").fetchone()[0])


def of_message(store: Store, message_id: str) -> list[dict[str, Any]]:
    """A message's comments, any status, in their order."""
    return store.comments("message_id = ?", [message_id])


def count_of_message(store: Store, message_id: str) -> int:
    return int(store.db.execute("select count(*) from comments where message_id = ?", [message_id]).fetchone()[0])


def has_comments(store: Store, message_id: str) -> bool:
    return store.db.execute("select 1 from comments where message_id = ? limit 1", [message_id]).fetchone() is not None


def siblings(store: Store, row: dict[str, Any]) -> list[dict[str, Any]]:
    """The other rows from the same place of the same message (a split's parts, a correction)."""
    return store.comments("message_id = ? and seq = ? and id != ?", [row["message_id"], row["seq"], row["id"]])


def set_status(store: Store, cid: str, status: str) -> None:
    store.db.table("comments").update(cid, {"status": status})


def put(store: Store, row: dict[str, Any]) -> None:
    """Write a whole comment row, replacing one with its id."""
    store.db.table("comments").insert(row, replace=True)


def next_hand_entered_seq(store: Store, message_id: str) -> int:
    """The place of the next comment a clerk types into this message."""
    found = store.db.execute("select count(*) from comments where message_id = ? and seq >= ?",
                             [message_id, HAND_ENTERED_SEQ]).fetchone()[0]
    return HAND_ENTERED_SEQ + int(found)


def margin_rows(store: Store) -> list[MarginRow]:
    """Every active comment for the margin, by message and place in it."""
    return [MarginRow(cid, unit, date, scope, clause, section, text, reason, original, float(confidence), bool(review))
            for cid, unit, date, scope, clause, section, text, reason, original, confidence, review
            in store.db.execute(MARGIN_SQL).fetchall()]
