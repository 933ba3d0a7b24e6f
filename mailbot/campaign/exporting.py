"""Rows for `mailbot export`, with exactly the CONTRACT.md fields."""

from __future__ import annotations

import json

from typing import Any

from mailbot.store import Store, comments
from reports.export import to_csv, to_jsonl, to_xlsx

COMMENT_FIELDS = (
    "id", "unit", "unlisted_unit", "message_id", "source", "scope", "clause", "section", "text", "reason",
    "confidence", "needs_review", "evidence", "status",
)
MESSAGE_FIELDS = (
    "message_id", "sender", "subject", "date", "unit", "unlisted_unit", "kind", "relation", "status",
    "comments", "attachments", "error", "review", "relevance", "relevance_evidence", "unit_evidence", "answered_for",
)


def comment_rows(store: Store) -> list[dict[str, Any]]:
    rows = []
    for c in store.comments():
        row = {f: c[f] for f in COMMENT_FIELDS}
        row["needs_review"] = bool(c["needs_review"])
        rows.append(row)
    return rows


def message_rows(store: Store) -> list[dict[str, Any]]:
    rows = []
    for m in store.messages():
        row = {f: m.get(f) for f in MESSAGE_FIELDS}
        row["comments"] = comments.count_of_message(store, m["message_id"])
        row["attachments"] = [
            {"filename": a["filename"], "status": a["status"], "error": a["error"] or None}
            for a in store.attachments_of(m["message_id"])
        ]
        row["error"] = m["error"] or None
        row["review"] = m.get("review") or None  # why a person should look (spoofing, a cut body, …)
        row["relevance"] = m.get("relevance") or None  # reply / possible / not / confirmed / rejected
        row["relevance_evidence"] = m.get("relevance_evidence") or None  # the signals, weighed
        row["unit_evidence"] = m.get("unit_evidence") or None  # how the sender's unit was found
        row["answered_for"] = json.loads(m["answered_for"]) if m.get("answered_for") else []  # other units it answers for
        rows.append(row)
    return rows


def export_rows(store: Store, table: str, fmt: str) -> bytes:
    rows = comment_rows(store) if table == "comments" else message_rows(store)
    fields = COMMENT_FIELDS if table == "comments" else MESSAGE_FIELDS
    if fmt == "jsonl":
        return to_jsonl(rows)
    if fmt == "csv":
        return to_csv(rows, fields)
    return to_xlsx(rows, fields, sheet_title=table)
