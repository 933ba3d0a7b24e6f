"""Who has replied and what needs a person's eye, as the store answers it: grouped counts and
the rows of 待复核, each one query (the desk runs them on every page, at tens of thousands of
comments). mailbot.campaign.progress turns them into states and lines.

The SQL fragments here are the round's rules written once, for rows aliased as named; the
paged queries of mailbot.store.listing and the figures of mailbot.store.counts use them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mailbot.store.database import Store

REPLY_KINDS = ("submission", "no_comment")

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


def rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """A query's rows as dicts by column name (for this package's modules)."""
    cursor = store.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def replies_by_unit(store: Store) -> dict[str, dict[str, Any]]:
    """Per roster-named unit: its submissions, whether one was superseded, its latest reply
    (by date, then arrival: with one max(), SQLite takes the bare columns from that row)."""
    # A reply counts for its sender and for the roster units it says it answers for too
    # ("州一中工会委托我会一并报送": answered_for), so neither is listed missing.
    return {r["unit"]: r for r in rows(store, """
        with replies as (
            select unit as answering, * from messages where kind in (?, ?) and coalesce(unit, '') != ''
            union all
            select j.value as answering, m.* from messages m, json_each(m.answered_for) j
            where m.kind in (?, ?) and coalesce(m.answered_for, '') != '')
        select answering as unit, sum(kind = 'submission') as submissions,
               sum(kind = 'submission' and status = 'superseded') as superseded,
               max(coalesce(date, '') || '|' || coalesce(ingested_at, '')) as latest, date, message_id, unit as sent_by
        from replies group by answering""", REPLY_KINDS * 2)}


def comments_by_unit(store: Store) -> dict[str, int]:
    """Active comments per roster-named unit."""
    return dict(store.db.execute(
        "select unit, count(*) from comments where status = 'active' and coalesce(unit, '') != '' group by unit"
    ).fetchall())


def units_with_possible_replies(store: Store) -> set[str]:
    """Units whose mail may be a reply, waiting for the clerk (待确认)."""
    return {unit for (unit,) in store.db.execute(
        "select distinct unit from messages m where " + POSSIBLE_SQL + " and unit is not null").fetchall()}


def unlisted_lines(store: Store) -> list[dict[str, Any]]:
    """Replies and comments from outside the roster (名单外, or no unit found), one line per
    unit as shown, by name: unit, comments (active), date and message_id of the latest reply."""
    label, outside = UNIT_LABEL_SQL, OUTSIDE_ROSTER_SQL
    messages = {r["label"]: r for r in rows(store, f"""
        select {label} as label, max(coalesce(c.date, '') || '|' || coalesce(c.ingested_at, '')) as latest, c.date,
               c.message_id from messages c where c.kind in (?, ?) and {outside} group by 1""", REPLY_KINDS)}
    comments = dict(store.db.execute(
        f"select {label}, count(*) from comments c where c.status = 'active' and {outside} group by 1").fetchall())
    return [{"unit": name, "comments": comments.get(name, 0), "date": messages.get(name, {}).get("date") or "",
             "message_id": messages.get(name, {}).get("message_id")}
            for name in sorted(set(messages) | set(comments))]


def uncertain_comments(store: Store) -> list[dict[str, Any]]:
    """Active comments whose place is uncertain, with their mail's subject, in mail order."""
    return rows(store, """
        select c.unit, c.unlisted_unit, m.subject, c.source, c.text, c.evidence, c.confidence
        from comments c left join messages m on m.message_id = c.message_id
        where c.status = 'active' and c.needs_review = 1 order by c.message_id, c.seq""")


def unreadable_attachments(store: Store) -> list[dict[str, Any]]:
    """Attachments of the clerk's messages that could not be read (a newsletter's broken logo
    is nobody's business): unit, unlisted_unit, subject, filename, error."""
    return rows(store, f"""
        select m.unit, m.unlisted_unit, m.subject, a.filename, a.error from attachments a
        join messages m on m.message_id = a.message_id where {UNREADABLE_SQL} and {CLERKS_MESSAGE_SQL} order by a.id""")


def messages_to_review(store: Store) -> list[dict[str, Any]]:
    """Whole messages with a note for the clerk, failed reading, or a sender outside the roster."""
    return rows(store, f"""select m.* from messages m where {NOTE_SQL} or m.status = 'error' or {UNLISTED_SENDER_SQL}
                           order by m.date, m.ingested_at""")
