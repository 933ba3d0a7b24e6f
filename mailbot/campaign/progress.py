"""Who has replied, who has not, and what needs a person's eye: read from the store.

Every query here counts or lists in SQL (grouped, or limited to the rows asked for): the
desk runs them on every page, at tens of thousands of comments."""

from __future__ import annotations

from typing import Any

from mailbot.store import Store
from parsers.records import Unit

REPLY_KINDS = ("submission", "no_comment")
STATES = ("已报送", "已更正", "无意见", "未报送", "待确认")
NOT_REPLIED = ("未报送", "待确认")
UNLISTED_STATE = "名单外"
UNCERTAIN = "条款识别不确定"

# The unit as a reader sees it, in SQL: reports.placement.unit_label's rule (a roster name, a
# name from outside the roster marked as such, or none found), for rows aliased `c`.
UNIT_LABEL_SQL = ("case when coalesce(c.unit, '') != '' then c.unit "
                  "when coalesce(c.unlisted_unit, '') != '' then c.unlisted_unit || '（名单外）' else '（未识别单位）' end")
# A row (aliased `c`) whose unit is not a roster unit: none found, outside the roster, or no longer on it.
OUTSIDE_ROSTER_SQL = "(coalesce(c.unit, '') = '' or c.unit not in (select name from units))"
# A message the clerk deals with: a reply, or a possible one (for rows aliased `m`).
CLERKS_MESSAGE_SQL = "(m.kind in ('submission', 'no_comment') or m.relevance = 'possible')"
# An attachment that could not be read, wholly or past a limit (for rows aliased `a`).
UNREADABLE_SQL = "(a.status = 'error' or (a.status = 'read' and a.error like 'too_large%'))"
# A message with something besides its comments for the clerk to see.
NOTE_SQL = f"(coalesce(m.review, '') != '' and {CLERKS_MESSAGE_SQL})"
UNLISTED_SENDER_SQL = "(m.kind = 'submission' and coalesce(m.unlisted_unit, '') != '')"
POSSIBLE_SQL = "(m.relevance = 'possible' and m.kind = 'ignore')"


def _rows(store: Store, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = store.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _replies_by_unit(store: Store) -> dict[str, dict[str, Any]]:
    """Per roster-named unit: its submissions, whether one was superseded, its latest reply
    (by date, then arrival: with one max(), SQLite takes the bare columns from that row)."""
    return {r["unit"]: r for r in _rows(store, """
        select unit, sum(kind = 'submission') as submissions, sum(kind = 'submission' and status = 'superseded')
               as superseded, max(coalesce(date, '') || '|' || coalesce(ingested_at, '')) as latest, date, message_id
        from messages where kind in (?, ?) and coalesce(unit, '') != '' group by unit""", REPLY_KINDS)}


def _comments_by_unit(store: Store) -> dict[str, int]:
    return dict(store.db.execute(
        "select unit, count(*) from comments where status = 'active' and coalesce(unit, '') != '' group by unit"
    ).fetchall())


def _pending(store: Store) -> set[str]:
    return {unit for (unit,) in store.db.execute(
        "select distinct unit from messages m where " + POSSIBLE_SQL + " and unit is not null").fetchall()}


def _state(reply: dict[str, Any] | None, pending: bool) -> str:
    if reply and reply["submissions"]:
        return "已更正" if reply["superseded"] else "已报送"
    if reply:
        return "无意见"
    return "待确认" if pending else "未报送"


def progress(store: Store) -> list[dict[str, Any]]:
    """One row per roster unit, in roster order: 已报送 / 无意见 / 未报送 / 已更正 / 待确认,
    its active comments, the date of its latest reply and that reply's Message-ID."""
    replies, pending, counts = _replies_by_unit(store), _pending(store), _comments_by_unit(store)
    rows = []
    for unit in store.roster():
        reply = replies.get(unit.name)
        rows.append({
            "unit": unit.name, "category": unit.category, "status": _state(reply, unit.name in pending),
            "comments": counts.get(unit.name, 0), "date": reply["date"] if reply else "",
            "message_id": reply.get("message_id") if reply else None,
        })
    return rows


def unlisted_lines(store: Store) -> list[dict[str, Any]]:
    """Lines for replies and comments from outside the roster (名单外, or no unit found), by name:
    shown as their own lines, so every active comment is on some line of 报送进度."""
    label, outside = UNIT_LABEL_SQL, OUTSIDE_ROSTER_SQL
    messages = {r["label"]: r for r in _rows(store, f"""
        select {label} as label, max(coalesce(c.date, '') || '|' || coalesce(c.ingested_at, '')) as latest, c.date,
               c.message_id from messages c where c.kind in (?, ?) and {outside} group by 1""", REPLY_KINDS)}
    comments = dict(store.db.execute(
        f"select {label}, count(*) from comments c where c.status = 'active' and {outside} group by 1").fetchall())
    return [{"unit": name, "category": UNLISTED_STATE, "status": UNLISTED_STATE, "comments": comments.get(name, 0),
             "date": messages.get(name, {}).get("date") or "", "message_id": messages.get(name, {}).get("message_id")}
            for name in sorted(set(messages) | set(comments))]


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


def review_items(store: Store) -> list[dict[str, Any]]:
    """Comments needing review, attachments that could not be read, messages that failed."""
    return uncertain_items(store) + other_review_items(store)


def uncertain_items(store: Store) -> list[dict[str, Any]]:
    """The active comments whose place is uncertain, with their mail's subject."""
    return [{"unit": r["unit"] or r["unlisted_unit"], "subject": r["subject"], "source": r["source"], "problem": UNCERTAIN,
             "text": r["text"], "evidence": r["evidence"], "confidence": r["confidence"]}
            for r in _rows(store, """
        select c.unit, c.unlisted_unit, m.subject, c.source, c.text, c.evidence, c.confidence
        from comments c left join messages m on m.message_id = c.message_id
        where c.status = 'active' and c.needs_review = 1 order by c.message_id, c.seq""")]


def other_review_items(store: Store) -> list[dict[str, Any]]:
    """Unreadable attachments of replies (a newsletter's broken logo is nobody's business),
    then, message by message, review notes, failed reading and senders outside the roster."""
    items = [{"unit": r["unit"] or r["unlisted_unit"], "subject": r["subject"], "source": r["filename"], "problem": r["error"]}
             for r in _rows(store, f"""
        select m.unit, m.unlisted_unit, m.subject, a.filename, a.error from attachments a
        join messages m on m.message_id = a.message_id where {UNREADABLE_SQL} and {CLERKS_MESSAGE_SQL} order by a.id""")]
    for m in _rows(store, f"""select m.* from messages m where {NOTE_SQL} or m.status = 'error' or {UNLISTED_SENDER_SQL}
                              order by m.date, m.ingested_at"""):
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
