"""Who has replied, who has not, and what needs a person's eye: read from the store."""

from __future__ import annotations

from typing import Any

from mailbot.store import Store
from parsers.records import Unit

REPLY_KINDS = ("submission", "no_comment")


def progress(store: Store) -> list[dict[str, Any]]:
    """One row per roster unit, in roster order: 已报送 / 无意见 / 未报送 / 已更正."""
    rows = []
    for unit in store.roster():
        messages = [m for m in store.messages("unit = ?", [unit.name]) if m["kind"] in REPLY_KINDS]
        submissions = [m for m in messages if m["kind"] == "submission"]
        active = [m for m in submissions if m["status"] == "active"]
        if submissions:
            status = "已更正" if any(m["status"] == "superseded" for m in submissions) else "已报送"
        elif messages:
            status = "无意见"
        else:
            status = "未报送"
        count = sum(len(store.comments("message_id = ? and status = 'active'", [m["message_id"]])) for m in active)
        rows.append({
            "unit": unit.name, "category": unit.category, "status": status, "comments": count,
            "date": (messages[-1]["date"] if messages else ""),
        })
    return rows


def missing_units(store: Store) -> list[Unit]:
    replied = {r["unit"] for r in progress(store) if r["status"] != "未报送"}
    return [u for u in store.roster() if u.name not in replied]


def active_comments(store: Store) -> list[dict[str, Any]]:
    return store.comments("status = 'active'")


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
    for m in subjects.values():
        for a in store.attachments_of(m["message_id"]):
            if a["status"] == "error":
                items.append({"unit": m["unit"] or m["unlisted_unit"], "subject": m["subject"],
                              "source": a["filename"], "problem": a["error"]})
        if m.get("review"):
            items.append({"unit": m["unit"] or m["unlisted_unit"], "subject": m["subject"], "source": "邮件",
                          "problem": m["review"]})
        if m["status"] == "error":
            items.append({"unit": None, "subject": m["subject"], "source": m["source"], "problem": m["error"]})
        if m["kind"] == "submission" and m["unlisted_unit"]:
            items.append({"unit": m["unlisted_unit"], "subject": m["subject"], "source": "发件人",
                          "problem": f"名单外单位（{m['sender']}），请确认是否采用"})
    return items
