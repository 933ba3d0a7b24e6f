"""Who has replied, who has not, and what needs a person's eye: read from the store."""

from __future__ import annotations

from typing import Any

from mailbot.store import Store
from parsers.records import Unit

REPLY_KINDS = ("submission", "no_comment")


def progress(store: Store) -> list[dict[str, Any]]:
    """One row per roster unit, in roster order: 已报送 / 无意见 / 未报送 / 已更正.
    Two queries for the whole roster, whatever the number of messages."""
    replies: dict[str, list[tuple[str, str, str, str]]] = {}
    for message_id, unit, kind, status, date in store.db.execute(
        "select message_id, unit, kind, status, date from messages where kind in (?, ?) and unit is not null "
        "order by date, ingested_at", list(REPLY_KINDS),
    ).fetchall():
        replies.setdefault(unit, []).append((message_id, kind, status, date))
    pending = {unit for (unit,) in store.db.execute(
        "select distinct unit from messages where relevance = 'possible' and kind = 'ignore' and unit is not null"
    ).fetchall()}
    counts = dict(store.db.execute(
        "select unit, count(*) from comments where status = 'active' and unit is not null group by unit"
    ).fetchall())
    rows = []
    for unit in store.roster():
        messages = replies.get(unit.name, [])
        submissions = [m for m in messages if m[1] == "submission"]
        if submissions:
            status = "已更正" if any(m[2] == "superseded" for m in submissions) else "已报送"
        else:
            status = "无意见" if messages else ("待确认" if unit.name in pending else "未报送")
        rows.append({
            "unit": unit.name, "category": unit.category, "status": status,
            "comments": counts.get(unit.name, 0), "date": messages[-1][3] if messages else "",
        })
    return rows


NOT_REPLIED = ("未报送", "待确认")


def missing_units(store: Store) -> list[Unit]:
    """Units not counted as replied, in roster order: a unit whose only mail is a possible
    reply (待确认) is not counted until the clerk confirms it."""
    replied = {r["unit"] for r in progress(store) if r["status"] not in NOT_REPLIED}
    return [u for u in store.roster() if u.name not in replied]


def units_to_remind(store: Store) -> list[Unit]:
    """The missing units a reminder (催报) may go to: not those whose mail waits for the clerk
    (待确认): they may well have answered, and a reminder to a unit that did is the worst mistake."""
    pending = set(pending_units(store))
    return [u for u in missing_units(store) if u.name not in pending]


def pending_units(store: Store) -> list[str]:
    """Of the missing units, those with a possible reply waiting for the clerk (待确认)."""
    return [r["unit"] for r in progress(store) if r["status"] == "待确认"]


def active_comments(store: Store) -> list[dict[str, Any]]:
    return store.comments("status = 'active'")


def _counts(message: dict[str, Any]) -> bool:
    """A message the clerk deals with: a reply, or a possible one."""
    return message.get("kind") in REPLY_KINDS or message.get("relevance") == "possible"


def review_items(store: Store) -> list[dict[str, Any]]:
    """Comments needing review, attachments that could not be read, messages that failed."""
    subjects = {m["message_id"]: m for m in store.messages()}
    items = []
    for c in store.comments("status = 'active' and needs_review = 1"):
        m = subjects.get(c["message_id"], {})
        items.append({
            "unit": c["unit"] or c["unlisted_unit"], "subject": m.get("subject"), "source": c["source"],
            "problem": "条款识别不确定", "text": c["text"], "evidence": c["evidence"], "confidence": c["confidence"],
        })
    for message_id, filename, error in store.db.execute(
        "select message_id, filename, error from attachments where status = 'error' "
        "or (status = 'read' and error like 'too_large%') order by id"
    ).fetchall():
        m = subjects.get(message_id, {})
        if not _counts(m):
            continue  # a newsletter's broken logo is nobody's business
        items.append({"unit": m.get("unit") or m.get("unlisted_unit"), "subject": m.get("subject"),
                      "source": filename, "problem": error})
    for m in subjects.values():
        if m.get("review") and _counts(m):
            items.append({"unit": m["unit"] or m["unlisted_unit"], "subject": m["subject"], "source": "邮件",
                          "problem": m["review"], "possible": m.get("relevance") == "possible" and m["kind"] == "ignore"})
        if m["status"] == "error":
            items.append({"unit": None, "subject": m["subject"], "source": m["source"], "problem": m["error"]})
        if m["kind"] == "submission" and m["unlisted_unit"]:
            items.append({"unit": m["unlisted_unit"], "subject": m["subject"], "source": "发件人",
                          "problem": f"名单外单位（{m['sender']}），请确认是否采用"})
    return items
