"""The store: one SQLite file through sqlite-utils (tables named in ARCHITECTURE.md).

A message is written with its attachments and comments in one transaction, so
a crash leaves either all of it or none; Message-ID is the primary key, so
storing a message twice is a no-op.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from mailbot.errors import StoreError
from parsers.records import Clause, Comment, Draft, Section, Unit

SCHEMA: dict[str, tuple[dict[str, Any], str | tuple[str, ...]]] = {
    "messages": (
        {
            "message_id": str, "sha256": str, "source": str, "sender": str, "sender_name": str,
            "subject": str, "date": str, "unit": str, "unlisted_unit": str, "unit_evidence": str,
            "kind": str, "kind_reason": str, "relation": str, "status": str, "error": str,
            "ingested_at": str, "fingerprint": str, "review": str,
            "relevance": str, "relevance_evidence": str, "proposed_kind": str,
            "answered_for": str,  # JSON list: other roster units whose comments the reply sends too
        },
        "message_id",
    ),
    "attachments": (
        {"id": str, "message_id": str, "filename": str, "sha256": str, "type": str, "status": str, "error": str},
        "id",
    ),
    "comments": (
        {
            "id": str, "message_id": str, "seq": int, "unit": str, "unlisted_unit": str, "source": str,
            "origin": str, "scope": str, "clause": int, "section": int, "text": str, "reason": str,
            "original": str, "clause_ref": str, "confidence": float, "needs_review": int,
            "evidence": str, "status": str, "page": int, "box": str, "ocr_score": float, "duplicates": str,
        },
        "id",
    ),
    "overrides": ({"comment_id": str, "scope": str, "clause": int, "section": int, "set_at": str}, "comment_id"),
    "units": ({"name": str, "position": int, "category": str, "emails": str, "aliases": str, "contact": str}, "name"),
    "sections": ({"number": int, "title": str}, "number"),
    "clauses": ({"number": int, "section": int, "heading": str, "text": str}, "number"),
    "outbox": (
        {
            "id": int, "kind": str, "recipients": str, "subject": str, "message": bytes, "status": str,
            "attempts": int, "last_error": str, "queued_at": str, "sent_at": str, "ref": str,
            "next_attempt_at": str, "claimed_by": str, "lease_until": str,
        },
        "id",
    ),
    "confirmations": ({"message_id": str, "verdict": str, "who": str, "at": str}, "message_id"),
    "state": ({"folder": str, "uidvalidity": int, "last_uid": int}, "folder"),
    "events": ({"id": int, "at": str, "level": str, "what": str, "message_id": str, "detail": str}, "id"),
    "meta": ({"key": str, "value": str}, "key"),
}

# The desk's tables, made when a store is opened (not by `init`: a store just made is then the
# file an earlier mailbot made, and opens the same way). mailbot.store.decisions and
# mailbot.store.sessions read and write them.
DESK_SCHEMA: dict[str, tuple[dict[str, Any], str | tuple[str, ...]]] = {
    # The desk's word on comments (mailbot.store.decisions): adoption decisions, the audit log of
    # every change, and the clerk's edits of comment rows (kept to be put back after re-reading).
    "decisions": (
        {"comment_id": str, "decision": str, "reason": str, "decided_by": str, "decided_at": str, "version": int},
        "comment_id",
    ),
    "changes": (
        {"id": int, "comment_id": str, "who": str, "at": str, "field": str, "before": str, "after": str}, "id",
    ),
    "comment_edits": ({"comment_id": str, "action": str, "parts": str, "who": str, "at": str}, "comment_id"),
    # The clerk's changes to like-proposal groups (mailbot.store.groups): "alone" takes a comment out
    # of its group, "join" puts it in the group of `anchor` (a comment id: group ids change with
    # their members). Computed groups are not kept: they are worked out again from the comments.
    "comment_groups": ({"comment_id": str, "action": str, "anchor": str, "set_by": str, "set_at": str}, "comment_id"),
    # The desk's logins (mailbot.store.sessions): the cookie key, live logins, failed attempts.
    "desk_keys": ({"name": str, "value": str}, "name"),
    "desk_sessions": ({"id_hash": str, "user": str, "created_at": float, "last_seen": float}, "id_hash"),
    "desk_login_failures": ({"id": int, "address": str, "at": float}, "id"),
}


# (table, columns, unique), named idx_<table>_<columns> as sqlite-utils names them.
INDEXES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("comments", ("message_id",), False),
    ("attachments", ("message_id",), False),
    ("outbox", ("ref",), True),
    ("messages", ("unit",), False),
    ("messages", ("unlisted_unit",), False),
    ("outbox", ("recipients", "queued_at"), False),
    # Finding what is due must not read every sent mail's bytes (the rows hold them).
    ("outbox", ("status",), False),
    # The desk's pages and counts: 待复核 and every count of active comments; 来件 newest first, by kind;
    # unreadable attachments.
    ("comments", ("status", "needs_review"), False),
    ("messages", ("date", "ingested_at"), False),
    ("messages", ("kind",), False),
    ("attachments", ("status",), False),
    ("changes", ("comment_id",), False),
    ("desk_login_failures", ("address", "at"), False),
)


# Comments of a message that is not (yet) a reply: kept, but in no count or report until
# the clerk confirms the message (mailbot confirm, the desk).
UNCOUNTED = {"possible": "pending", "not": "ignored", "rejected": "ignored"}


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


def comment_id(message_id: str, seq: int, text: str) -> str:
    """Stable across re-processing, so an operator's override stays with its comment."""
    digest = hashlib.sha256(f"{message_id}\x00{seq}\x00{text}".encode()).hexdigest()
    return "c" + digest[:10]


class Store:
    def __init__(self, path: Path, *, create: bool = False) -> None:
        if not create and not path.exists():
            raise StoreError(f"store: no store at {path}: run `mailbot init` first")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite_utils.Database(path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA busy_timeout=30000")
        # An opened store gets every table it lacks (the desk's among them), so no caller has to
        # remember to make any.
        if create:
            self.create_tables()
        else:
            self.create_missing_tables()
        self._add_new_columns()
        self._add_indexes()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """A write transaction that takes the write lock first (BEGIN IMMEDIATE). A deferred
        one that reads, then writes after another process committed, fails at once with
        "database is locked" whatever the busy timeout: two clerks saving at once, or a clerk
        and the daemon. Nested: a savepoint inside the outer transaction."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def create_tables(self) -> None:
        for name, (columns, pk) in SCHEMA.items():
            self.db.table(name).create(columns, pk=pk, if_not_exists=True)
        self._add_indexes()

    def create_missing_tables(self) -> None:
        """The SCHEMA and DESK_SCHEMA tables a store lacks; one look at sqlite_master when it has them all."""
        tables = {row[0] for row in self.db.execute("select name from sqlite_master where type = 'table'").fetchall()}
        for name, (columns, pk) in {**SCHEMA, **DESK_SCHEMA}.items():
            if name not in tables:
                self.db.table(name).create(columns, pk=pk, if_not_exists=True)

    def _add_indexes(self) -> None:
        """The INDEXES a store lacks (one made by an earlier mailbot gets them on opening)."""
        have = {row[0] for row in self.db.execute("select name from sqlite_master where type = 'index'").fetchall()}
        tables = {row[0] for row in self.db.execute("select name from sqlite_master where type = 'table'").fetchall()}
        for table, columns, unique in INDEXES:
            name = f"idx_{table}_{'_'.join(columns)}"
            if table in tables and name not in have:
                self.db.execute("create {}index if not exists [{}] on [{}] ({})".format(
                    "unique " if unique else "", name, table, ", ".join(f"[{c}]" for c in columns)))

    def _add_new_columns(self) -> None:
        """A store made by an earlier mailbot gets the columns added since (nothing else changes)."""
        for name, (columns, _) in {**SCHEMA, **DESK_SCHEMA}.items():
            table = self.db.table(name)
            if not table.exists():
                continue
            have = set(table.columns_dict)
            for column, kind in columns.items():
                if column not in have:
                    table.add_column(column, kind)

    # campaign ---------------------------------------------------------------
    def load_campaign(self, draft: Draft, roster: list[Unit]) -> None:
        with self.writing():
            self.db.table("sections").delete_where()
            self.db.table("clauses").delete_where()
            self.db.table("units").delete_where()
            self.db.table("sections").insert_all({"number": s.number, "title": s.title} for s in draft.sections)
            self.db.table("clauses").insert_all(asdict(c) for c in draft.clauses)
            self.db.table("units").insert_all(
                {
                    "name": u.name, "position": i, "category": u.category, "emails": json.dumps(u.emails),
                    "aliases": json.dumps(u.aliases, ensure_ascii=False), "contact": u.contact,
                }
                for i, u in enumerate(roster)
            )
            self.set_meta("draft_title", draft.title)
            self.set_meta("draft_preamble", draft.preamble)

    def draft(self) -> Draft:
        clauses = [Clause(**row) for row in self.db["clauses"].rows_where(order_by="number")]
        if not clauses:
            raise StoreError(f"store {self.path}: no draft loaded: run `mailbot init`")
        sections = tuple(
            Section(row["number"], row["title"], tuple(c for c in clauses if c.section == row["number"]))
            for row in self.db["sections"].rows_where(order_by="number")
        )
        return Draft(self.meta("draft_title"), sections, self.meta("draft_preamble"))

    def roster(self) -> list[Unit]:
        return [
            Unit(r["name"], r["category"], tuple(json.loads(r["emails"])), tuple(json.loads(r["aliases"])), r["contact"])
            for r in self.db["units"].rows_where(order_by="position")
        ]

    def set_meta(self, key: str, value: str) -> None:
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    def meta(self, key: str, default: str = "") -> str:
        rows = list(self.db["meta"].rows_where("key = ?", [key]))
        return rows[0]["value"] if rows else default

    # messages ---------------------------------------------------------------
    def message(self, message_id: str) -> dict[str, Any] | None:
        cursor = self.db.execute("select * from messages where message_id = ?", [message_id])
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row)) if row else None

    def has_message(self, message_id: str) -> bool:
        return self.db.execute("select 1 from messages where message_id = ?", [message_id]).fetchone() is not None

    def record_message(
        self, message: dict[str, Any], attachments: list[dict[str, Any]], comments: list[Comment],
        outgoing: list[dict[str, Any]] | None = None,
    ) -> bool:
        """Store a message with all it yielded (and the mail it causes, such as its receipt),
        atomically. False when it was already there."""
        with self.writing():
            if self.has_message(message["message_id"]):
                return False
            self._insert("outbox", outgoing or [], ignore=True)
            self._insert("messages", [{**message, "ingested_at": now()}])
            self._insert("attachments", [{"id": f"{message['message_id']}#{i}", **a} for i, a in enumerate(attachments)])
            self._insert("comments", list(self._comment_rows(message, comments)))
        return True

    def _insert(self, table: str, rows: list[dict[str, Any]], ignore: bool = False) -> None:
        """Plain parameterised INSERTs: the tables exist, so no schema look-ups per row
        (sqlite-utils' insert asks for the table's columns every time)."""
        if not rows:
            return
        columns = list(rows[0])
        sql = "insert {}into [{}] ({}) values ({})".format(
            "or ignore " if ignore else "", table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" * len(columns))
        )
        self.db.conn.executemany(sql, [[row.get(c) for c in columns] for row in rows])

    def _comment_rows(self, message: dict[str, Any], comments: list[Comment]) -> Iterator[dict[str, Any]]:
        from parsers.placing.clauses import REVIEW_THRESHOLD

        overrides = self._overrides_for(message["message_id"], comments)
        for seq, c in enumerate(comments):
            row = {
                "id": comment_id(message["message_id"], seq, c.text), "message_id": message["message_id"],
                "seq": seq, "unit": message["unit"], "unlisted_unit": message["unlisted_unit"],
                "source": c.source, "origin": c.origin, "scope": c.scope, "clause": c.clause,
                "section": c.section, "text": c.text, "reason": c.reason, "original": c.original,
                "clause_ref": c.clause_ref, "confidence": c.confidence,
                "needs_review": int(c.confidence < REVIEW_THRESHOLD), "evidence": c.evidence,
                "status": UNCOUNTED.get(message.get("relevance") or "", message["status"]),
                "page": c.page, "box": " ".join([",".join(f"{v:.0f}" for v in c.box), c.view]).strip() if c.box else None,
                "ocr_score": c.ocr_score, "duplicates": c.duplicates,
            }
            yield self._apply_override(row, overrides.get(row["id"]))

    def with_override(self, row: dict[str, Any]) -> dict[str, Any]:
        """The comment row as an operator's override (if any) sets it."""
        return self._apply_override(row, self._overrides_by_id([row["id"]]).get(row["id"]))

    def _overrides_for(self, message_id: str, comments: list[Comment]) -> dict[str, dict[str, Any]]:
        return self._overrides_by_id([comment_id(message_id, seq, c.text) for seq, c in enumerate(comments)])

    def _overrides_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        cursor = self.db.execute(f"select * from overrides where comment_id in ({marks})", ids)
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}

    def _apply_override(self, row: dict[str, Any], o: dict[str, Any] | None) -> dict[str, Any]:
        if o is None:
            return row
        return {**row, "scope": o["scope"], "clause": o["clause"], "section": o["section"], "needs_review": 0,
                "confidence": 1.0, "evidence": f"人工指定（{o['set_at']}）；原识别：{row['evidence']}"}

    def messages(self, where: str | None = None, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db["messages"].rows_where(where, list(params), order_by="date, ingested_at"))

    def attachments_of(self, message_id: str) -> list[dict[str, Any]]:
        return list(self.db["attachments"].rows_where("message_id = ?", [message_id], order_by="id"))

    def comments(self, where: str | None = None, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self.db["comments"].rows_where(where, list(params), order_by="message_id, seq"))

    def forget_message(self, message_id: str) -> None:
        """Drop a message's rows so it can be read again (its raw bytes stay in the archive)."""
        with self.writing():
            for table in ("comments", "attachments", "messages"):
                self.db.execute(f"delete from {table} where message_id = ?", [message_id])

    def reply_ids(self) -> frozenset[str]:
        """Message-IDs of this round's replies: mail answering one of them is in the round's thread."""
        rows = self.db.execute("select message_id from messages where kind in ('submission', 'no_comment')").fetchall()
        return frozenset(str(r[0]) for r in rows)

    def confirm(self, message_id: str, verdict: str, who: str) -> None:
        """The clerk's word on whether a message is a reply ("reply" | "not"); kept for re-reading."""
        self.db.table("confirmations").upsert(
            {"message_id": message_id, "verdict": verdict, "who": who, "at": now()}, pk="message_id")

    def confirmation(self, message_id: str) -> str | None:
        row = self.db.execute("select verdict from confirmations where message_id = ?", [message_id]).fetchone()
        return str(row[0]) if row else None

    def submissions_of(self, unit: str) -> list[dict[str, Any]]:
        """A unit's (or an unlisted sender's) submissions, oldest first: what settling needs."""
        # Found through the unit's index (and unlisted_unit's), not by reading every submission
        # (settling runs once for each message stored): the unary + keeps SQLite off the kind index.
        cursor = self.db.execute(
            "select message_id, relation, status from messages where +kind = 'submission' and status != 'error' "
            "and (unit = ? or (unit is null and unlisted_unit = ?)) order by date, ingested_at",
            [unit, unit],
        )
        return [dict(zip(("message_id", "relation", "status"), row)) for row in cursor.fetchall()]

    def set_message_status(self, message_id: str, status: str, relation: str | None) -> None:
        with self.writing():
            self.db.execute("update messages set status = ?, relation = ? where message_id = ?", [status, relation, message_id])
            self.db.execute("update comments set status = ? where message_id = ?", [status, message_id])

    def assign(self, comment: str, scope: str, clause: int | None, section: int | None) -> None:
        with self.writing():
            self.db.table("overrides").upsert(
                {"comment_id": comment, "scope": scope, "clause": clause, "section": section, "set_at": now()},
                pk="comment_id",
            )
            row = self.db.table("comments").get(comment)
            override = {"scope": scope, "clause": clause, "section": section, "set_at": now()}
            self.db.table("comments").update(comment, self._apply_override(dict(row), override))

    # events -----------------------------------------------------------------
    def log_event(self, level: str, what: str, message_id: str = "", detail: str = "") -> None:
        with self.writing():
            self._insert("events", [{"at": now(), "level": level, "what": what, "message_id": message_id, "detail": detail}])

    def recent_events(self, level: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
        where = "level = ?" if level else None
        params = [level] if level else []
        return list(self.db["events"].rows_where(where, params, order_by="id desc", limit=limit))
