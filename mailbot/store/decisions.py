"""The desk's word on comments: adoption decisions, the audit log, the clerk's edits.

Tables (made with the store's DESK_SCHEMA): `decisions` (one per comment, with a version that
counts its saves), `changes` (who changed what, when, before and after) and `comment_edits`
(splits, rejections, corrections and hand-entered comments, put back after re-reading).
mailbot.campaign.decisions decides what a change means; this module reads and writes rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mailbot.store.database import Store


@dataclass(frozen=True)
class Decided:
    """One comment's decision as stored now ("" and version 0: never decided).

    :ivar decision: an adoption word (mailbot.categories.Adoption), or "" when cleared
    """

    decision: str = ""
    reason: str = ""
    decided_by: str = ""
    decided_at: str = ""
    version: int = 0


@dataclass(frozen=True)
class Edit:
    """A clerk's edit of comment rows, kept to be put back after the message is read again.

    :ivar action: split, corrected, rejected or entered
    :ivar parts: the JSON list of its texts (for entered: the whole row as JSON)
    """

    comment_id: str
    action: str
    parts: str


def decisions(store: Store, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Decision rows by comment id; `ids` asks for those comments' only (by primary key)."""
    if ids is None:
        return {r["comment_id"]: r for r in store.db["decisions"].rows}
    return {r["comment_id"]: r for r in _where_in(store, "decisions", list(ids), "comment_id")}


def decided(store: Store, cid: str) -> Decided:
    found = store.db.execute(
        "select decision, reason, decided_by, decided_at, version from decisions where comment_id = ?", [cid]
    ).fetchone()
    decision, reason, by, at, version = found or ("", "", "", "", 0)
    return Decided(decision or "", reason or "", by or "", at or "", version or 0)


def save_decision(store: Store, cid: str, decision: str, reason: str, who: str, at: str, version: int) -> None:
    store.db.table("decisions").upsert(
        {"comment_id": cid, "decision": decision, "reason": reason, "decided_by": who, "decided_at": at,
         "version": version},
        pk="comment_id",
    )


def decision_counts(store: Store) -> dict[str, int]:
    """Active comments by their decision word ("" for none, a cleared one too)."""
    if not store.db["decisions"].exists():  # a store just made by `init`: nothing decided yet
        found = store.db.execute("select count(*) from comments where status = 'active'").fetchone()[0]
        return {"": int(found)}
    rows = store.db.execute(
        "select coalesce(d.decision, ''), count(*) from comments c left join decisions d on d.comment_id = c.id "
        "where c.status = 'active' group by 1").fetchall()
    return {str(decision): int(count) for decision, count in rows}


def changes(store: Store, ids: Iterable[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The audit log by comment id, oldest first; `ids` limits it to those comments (by index)."""
    rows = store.db["changes"].rows_where(order_by="id") if ids is None else _where_in(store, "changes", list(ids), "id")
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row["comment_id"], []).append(row)
    return found


def add_change(store: Store, cid: str, who: str, at: str, field: str, before: str, after: str) -> None:
    store.db.table("changes").insert(
        {"comment_id": cid, "who": who, "at": at, "field": field, "before": before, "after": after}
    )


def _where_in(store: Store, table: str, ids: list[str], order: str) -> list[dict[str, Any]]:
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    return list(store.db[table].rows_where(f"comment_id in ({marks})", ids, order_by=order))


def remember_edit(store: Store, cid: str, action: str, parts: str, who: str, at: str) -> None:
    store.db.table("comment_edits").upsert(
        {"comment_id": cid, "action": action, "parts": parts, "who": who, "at": at}, pk="comment_id",
    )


def forget_edit(store: Store, cid: str) -> None:
    store.db.execute("delete from comment_edits where comment_id = ?", [cid])


def edits(store: Store) -> list[Edit]:
    """Every remembered edit, in the order they were first made."""
    return [Edit(r["comment_id"], r["action"], r["parts"]) for r in store.db["comment_edits"].rows]
