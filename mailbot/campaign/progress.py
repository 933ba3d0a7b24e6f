"""Who has replied, who has not, and what needs a person's eye: read from the store.

Every figure is counted or listed by the store (mailbot.store.progress: grouped, or limited
to the rows asked for); here they become states (ReplyState) and the lines reports show."""

from __future__ import annotations

from typing import Any

from mailbot.categories import ReplyState, ReviewProblem
from mailbot.store import Store, comments
from mailbot.store import progress as stored
from mailbot.store.progress import REPLY_KINDS
from parsers.records import Unit

UNLISTED_STATE = ReplyState.UNLISTED
UNCERTAIN = ReviewProblem.UNCERTAIN_PLACE


def _state(reply: dict[str, Any] | None, pending: bool) -> ReplyState:
    if reply and reply["submissions"]:
        return ReplyState.CORRECTED if reply["superseded"] else ReplyState.SUBMITTED
    if reply:
        return ReplyState.NO_COMMENT
    return ReplyState.PENDING if pending else ReplyState.MISSING


def progress(store: Store) -> list[dict[str, Any]]:
    """One row per roster unit, in roster order: 已报送 / 无意见 / 未报送 / 已更正 / 待确认,
    its active comments, the date of its latest reply and that reply's Message-ID, and the unit
    that sent it when another unit's mail answered for this one (sent_by)."""
    replies, pending = stored.replies_by_unit(store), stored.units_with_possible_replies(store)
    counts = stored.comments_by_unit(store)
    rows = []
    for unit in store.roster():
        reply = replies.get(unit.name)
        rows.append({
            "unit": unit.name, "category": unit.category, "status": _state(reply, unit.name in pending),
            "comments": counts.get(unit.name, 0), "date": reply["date"] if reply else "",
            "message_id": reply.get("message_id") if reply else None,
            # the unit whose mail answered for this one ("州一中工会委托我会一并报送"), else ""
            "sent_by": reply["sent_by"] if reply and reply["sent_by"] != unit.name else "",
        })
    return rows


def unlisted_lines(store: Store) -> list[dict[str, Any]]:
    """Lines for replies and comments from outside the roster (名单外, or no unit found), by name:
    shown as their own lines, so every active comment is on some line of 报送进度."""
    return [{"unit": r["unit"], "category": UNLISTED_STATE, "status": UNLISTED_STATE, "comments": r["comments"],
             "date": r["date"], "message_id": r["message_id"]} for r in stored.unlisted_lines(store)]


def missing_units(store: Store) -> list[Unit]:
    """Units not counted as replied, in roster order: a unit whose only mail is a possible
    reply (待确认) is not counted until the clerk confirms it."""
    replied = {r["unit"] for r in progress(store) if r["status"].replied}
    return [u for u in store.roster() if u.name not in replied]


def units_to_remind(store: Store) -> list[Unit]:
    """The missing units a reminder (催报) may go to: not those whose mail waits for the clerk
    (待确认): they may well have answered, and a reminder to a unit that did is the worst mistake."""
    pending = set(pending_units(store))
    return [u for u in missing_units(store) if u.name not in pending]


def pending_units(store: Store) -> list[str]:
    """Of the missing units, those with a possible reply waiting for the clerk (待确认)."""
    return [r["unit"] for r in progress(store) if r["status"] is ReplyState.PENDING]


def active_comments(store: Store) -> list[dict[str, Any]]:
    return comments.active(store)


def review_items(store: Store) -> list[dict[str, Any]]:
    """Comments needing review, attachments that could not be read, messages that failed."""
    return uncertain_items(store) + other_review_items(store)


def uncertain_items(store: Store) -> list[dict[str, Any]]:
    """The active comments whose place is uncertain, with their mail's subject."""
    return [{"unit": r["unit"] or r["unlisted_unit"], "subject": r["subject"], "source": r["source"], "problem": UNCERTAIN,
             "text": r["text"], "evidence": r["evidence"], "confidence": r["confidence"]}
            for r in stored.uncertain_comments(store)]


def other_review_items(store: Store) -> list[dict[str, Any]]:
    """Unreadable attachments of replies (a newsletter's broken logo is nobody's business),
    then, message by message, review notes, failed reading and senders outside the roster."""
    items = [{"unit": r["unit"] or r["unlisted_unit"], "subject": r["subject"], "source": r["filename"], "problem": r["error"]}
             for r in stored.unreadable_attachments(store)]
    for m in stored.messages_to_review(store):
        items.extend(_message_items(m))
    return items


def _message_items(m: dict[str, Any]) -> list[dict[str, Any]]:
    items = []
    if m.get("review") and (m["kind"] in REPLY_KINDS or m.get("relevance") == "possible"):
        items.append({"unit": m["unit"] or m["unlisted_unit"], "subject": m["subject"], "source": "邮件",
                      "problem": m["review"], "possible": m.get("relevance") == "possible" and m["kind"] == "ignore"})
    if m["status"] == "error":
        items.append({"unit": None, "subject": m["subject"], "source": m["source"], "problem": m["error"]})
    if m["kind"] == "submission" and m["unlisted_unit"]:
        items.append({"unit": m["unlisted_unit"], "subject": m["subject"], "source": "发件人",
                      "problem": f"名单外单位（{m['sender']}），请确认是否采用"})
    return items
