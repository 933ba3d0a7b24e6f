"""One page of what the desk lists: comments in the adoption table's order, messages newest
first, with filters; a message found by its short key.

The store is asked for one page (LIMIT/OFFSET) and a count, never for a whole table: the
desk stays as quick at 20,000 comments as at 100. The order is the adoption table's
(reports.adoption): clause, then section-wide, then whole text; then unit in roster order
(units outside the roster after it, by name); then the mail and the comment's place in it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from mailbot.categories import UNDECIDED
from mailbot.store.database import Store
from mailbot.store.progress import UNIT_LABEL_SQL, unlisted_lines
from parsers.records import Draft
from reports.placement import section_name

PAGE_SIZE = 50
T = TypeVar("T")

# reports.placement.place and place_key, in SQL, for rows aliased `c`.
_CLAUSE = "(c.scope = 'clause' and c.clause is not null)"
_SECTION = "(c.scope in ('clause', 'section') and c.section is not null)"
LEVEL_SQL = f"(case when {_CLAUSE} then 0 when {_SECTION} then 1 else 2 end)"
NUMBER_SQL = f"(case when {_CLAUSE} then c.clause when {_SECTION} then c.section else 0 end)"
# Active comments reduced to what they are filtered and ordered by: sorting these narrow rows,
# not whole comments, is what a page costs. `ORDER` is the adoption table's order.
KEYS_SQL = f"""
    select c.id, {UNIT_LABEL_SQL} as unit_label, {LEVEL_SQL} as level, {NUMBER_SQL} as place_number,
           coalesce(u.position, (select count(*) from units)) as rank, coalesce(d.decision, '') as decision,
           c.message_id, c.seq, c.needs_review
    from comments c left join units u on u.name = c.unit left join decisions d on d.comment_id = c.id
    where c.status = 'active'"""
ORDER = "level, place_number, rank, unit_label, message_id, seq"
# Whole comment rows with their decision, for the rows a page shows.
FULL_SQL = f"""
    select c.*, d.decision as decision, d.reason as decision_reason, d.decided_by, d.decided_at, d.version as version,
           {UNIT_LABEL_SQL} as unit_label, {LEVEL_SQL} as level, {NUMBER_SQL} as place_number
    from comments c left join decisions d on d.comment_id = c.id"""
LEVELS = {"clause": 0, "section": 1, "general": 2}


@dataclass(frozen=True)
class Page(Generic[T]):
    """Rows of one page; `number` counts from 1, `total` is every row the filters let through."""

    items: list[T]
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def first(self) -> int:
        """The position of the first row shown (1-based), for "第 51–100 条"."""
        return (self.number - 1) * self.size + 1 if self.items else 0


@dataclass(frozen=True)
class Filters:
    """What the clerk chose to see; "" is everything.

    :ivar unit: a unit as shown: a roster name, "…（名单外）" or "（未识别单位）"
    :ivar place: "clause-3", "section-2" or "general" (see `place_choices`)
    :ivar decision: one of decisions.DECISIONS, or UNDECIDED
    :ivar kind: a message's kind (submission, no_comment, ignore)
    :ivar status: a message's status (active, superseded, error)
    """

    unit: str = ""
    place: str = ""
    decision: str = ""
    kind: str = ""
    status: str = ""

    def any(self) -> bool:
        return bool(self.unit or self.place or self.decision or self.kind or self.status)


def page_number(raw: str | None) -> int:
    """?page=N, anything else (or nothing) is the first page."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 1_000_000 else 1


def parse_place(value: str) -> tuple[int, int] | None:
    """"clause-3" -> (0, 3), "section-2" -> (1, 2), "general" -> (2, 0); None if not a place."""
    level, _, number = value.partition("-")
    if level == "general" and not number:
        return (2, 0)
    if level in LEVELS and number.isdigit():
        return (LEVELS[level], int(number))
    return None


def place_choices(draft: Draft) -> list[tuple[str, str]]:
    """(filter value, label) for every place a comment can have, in the table's order."""
    choices = [(f"clause-{c.number}", f"第{c.number}条") for c in draft.clauses]
    choices += [(f"section-{s.number}", f"{section_name(s.number)}（整体）") for s in draft.sections]
    return choices + [("general", "全文")]


def unit_choices(store: Store) -> list[str]:
    """Roster units in order, then the lines from outside the roster."""
    return [u.name for u in store.roster()] + [r["unit"] for r in unlisted_lines(store)]


# comments ---------------------------------------------------------------------
def _comment_where(filters: Filters, review: bool) -> tuple[str, list[Any]]:
    clauses = ["needs_review = 1"] if review else []
    params: list[Any] = []
    if filters.unit:
        clauses.append("unit_label = ?")
        params.append(filters.unit)
    if filters.place:
        clauses.append("level = ? and place_number = ?")
        params += list(parse_place(filters.place) or (-1, -1))
    if filters.decision:
        clauses.append("decision = ?")
        params.append("" if filters.decision == UNDECIDED else filters.decision)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def _rows(store: Store, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = store.db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def comment_page(store: Store, filters: Filters, number: int, *, review: bool = False,
                 numbered: bool = False) -> Page[dict[str, Any]]:
    """Active comments (only those needing review, with `review`) in table order, one page;
    `numbered` gives each its number (序号) in the whole table, which sorts every comment."""
    where, params = _comment_where(filters, review)
    total = int(store.db.execute(f"select count(*) from ({KEYS_SQL}){where}", params).fetchone()[0])
    number = min(number, max(1, math.ceil(total / PAGE_SIZE)))
    window = f"select *, row_number() over (order by {ORDER}) as number from ({KEYS_SQL})" if numbered else KEYS_SQL
    shown = store.db.execute(f"select id, {'number' if numbered else 'null'} from ({window}){where} "
                             f"order by {'number' if numbered else ORDER} limit ? offset ?",
                             [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE]).fetchall()
    return Page(_full_rows(store, shown), number, total)


def _full_rows(store: Store, shown: list[tuple[str, int | None]]) -> list[dict[str, Any]]:
    """Whole rows for (id, number) pairs, in their order."""
    ids = [cid for cid, _ in shown]
    rows = {r["id"]: r for r in _rows(store, f"{FULL_SQL} where c.id in ({', '.join('?' * len(ids))})", ids)}
    return [{**rows[cid], "number": n} for cid, n in shown if cid in rows]


def comment_row(store: Store, cid: str) -> dict[str, Any] | None:
    """One comment with its decision (by its id: what a decision click redraws)."""
    rows = _full_rows(store, [(cid, None)])
    return rows[0] if rows else None


def numbered_comments(store: Store) -> list[dict[str, Any]]:
    """Every active comment in table order, numbered (for the adoption table's files)."""
    shown = store.db.execute(f"select id, row_number() over (order by {ORDER}) as n from ({KEYS_SQL}) order by n").fetchall()
    rows = {r["id"]: r for r in _rows(store, FULL_SQL + " where c.status = 'active'")}
    return [{**rows[cid], "number": n} for cid, n in shown]


def place_previews(store: Store, limit: int) -> tuple[dict[tuple[int, int], list[dict[str, Any]]], dict[tuple[int, int], int]]:
    """The first `limit` comments of every place, in table order, and how many each place has."""
    shown = store.db.execute(f"""select id, null from (select *, row_number() over (partition by level, place_number
                                   order by {ORDER}) as k from ({KEYS_SQL})) where k <= ? order by {ORDER}""",
                             [limit]).fetchall()
    found: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for r in _full_rows(store, shown):
        found.setdefault((r["level"], r["place_number"]), []).append(r)
    totals = {(level, n): count for level, n, count in store.db.execute(
        f"select {LEVEL_SQL}, {NUMBER_SQL}, count(*) from comments c where c.status = 'active' group by 1, 2").fetchall()}
    return found, totals


# messages ---------------------------------------------------------------------
def message_key(message_id: str) -> str:
    """A short, URL-safe key for a Message-ID (which may hold <, >, $, / …)."""
    return hashlib.sha256(message_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def message_by_key(store: Store, key: str) -> dict[str, Any] | None:
    """The message whose key this is: SQLite computes the keys (no message rows come to Python)."""
    store.db.conn.create_function("message_key", 1, message_key, deterministic=True)
    rows = _rows(store, "select * from messages where message_key(message_id) = ? limit 1", [key])
    return rows[0] if rows else None


def _message_where(filters: Filters) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for column in ("kind", "status"):
        if getattr(filters, column):
            clauses.append(f"c.{column} = ?")
            params.append(getattr(filters, column))
    if filters.unit:
        clauses.append(f"{UNIT_LABEL_SQL} = ?")
        params.append(filters.unit)
    return (" where " + " and ".join(clauses)) if clauses else "", params


def message_page(store: Store, filters: Filters, number: int) -> Page[dict[str, Any]]:
    """Messages newest first, one page, each with its attachments and all its comments."""
    where, params = _message_where(filters)
    total = int(store.db.execute(f"select count(*) from messages c{where}", params).fetchone()[0])
    number = min(number, max(1, math.ceil(total / PAGE_SIZE)))
    found = _rows(store, f"select c.* from messages c{where} order by c.date desc, c.ingested_at desc limit ? offset ?",
                  [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE])
    return Page(message_entries(store, found), number, total)


def message_entries(store: Store, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Messages with their attachments and comments (any status): two queries for all of them."""
    ids = [m["message_id"] for m in messages]
    marks = ", ".join("?" * len(ids))
    attachments = _by_message(_rows(store, f"select * from attachments where message_id in ({marks}) order by id", ids))
    comments = _by_message(_rows(store, f"select * from comments where message_id in ({marks}) order by message_id, seq", ids))
    return [{"m": m, "key": message_key(m["message_id"]), "attachments": attachments.get(m["message_id"], []),
             "comments": comments.get(m["message_id"], [])} for m in messages]


def _by_message(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        found.setdefault(r["message_id"], []).append(r)
    return found


def unit_labels_of_messages(store: Store) -> list[str]:
    """The units messages came from as shown (roster first), for the 来件 filter."""
    names = {r[0] for r in store.db.execute(f"select distinct {UNIT_LABEL_SQL} from messages c").fetchall()}
    roster = [u.name for u in store.roster()]
    return [n for n in roster if n in names] + sorted(names - set(roster))
