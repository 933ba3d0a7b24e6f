"""Like-proposal groups in the store: the comments grouping reads, and the clerk's changes.

Computed groups (reports.draft.grouping) are not kept: they follow from the active comments, read
here in the desk's table order (which fixes each group's first member, the one the others are
compared with), and mailbot.campaign.groups works them out again when asked. What is kept is
the clerk's word, one row a comment in `comment_groups`: taken out of its group ("alone") or
put into the group of another comment ("join", `anchor` that comment: a group's id changes with
its members, a comment's id does not). Comment ids survive re-reading a message, so these rows
do, as decisions do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mailbot.store.database import Store
from mailbot.store.listing import FULL_SQL, LEVEL_SQL, NUMBER_SQL, ORDER
from mailbot.store.progress import UNIT_LABEL_SQL
from reports.draft.grouping import Place, Said

ALONE = "alone"
JOIN = "join"
LEVEL_NAMES = ("clause", "section", "general")

# Active comments as grouping reads them, in the desk's table order (mailbot.store.listing.ORDER).
# The unit is its own name (a unit speaking of itself by name is not part of what it proposes).
SAID_SQL = f"""
    select id, unit, level, place_number, text, original from (
        select c.id, coalesce(nullif(c.unit, ''), nullif(c.unlisted_unit, ''), '（未识别单位）') as unit,
               {LEVEL_SQL} as level, {NUMBER_SQL} as place_number, c.text, coalesce(c.original, '') as original,
               coalesce(u.position, (select count(*) from units)) as rank, {UNIT_LABEL_SQL} as unit_label,
               c.message_id, c.seq
        from comments c left join units u on u.name = c.unit
        where c.status = 'active')"""


@dataclass(frozen=True)
class Placing:
    """A clerk's change to a comment's group.

    :ivar action: ALONE (单独处理) or JOIN (并入)
    :ivar anchor: for JOIN, the comment whose group it was put in; "" for ALONE
    """

    comment_id: str
    action: str
    anchor: str
    set_by: str
    set_at: str


def said_place(level: int, number: int) -> Place:
    """The desk's (level, number) as grouping names a place: ("clause", 3), ("general", None)."""
    return (LEVEL_NAMES[level], None if level == 2 else number)


def desk_place(place: Place) -> tuple[int, int]:
    """The other way: ("clause", 3) -> (0, 3), ("general", None) -> (2, 0)."""
    return (LEVEL_NAMES.index(place[0]), place[1] or 0)


def active_said(store: Store, place: tuple[int, int] | None = None) -> list[Said]:
    """The active comments (of one place: (level, number) as the desk numbers it) in table order."""
    where, params = (" where level = ? and place_number = ?", list(place)) if place else ("", [])
    rows = store.db.execute(f"{SAID_SQL}{where} order by {ORDER}", params).fetchall()
    return [Said(cid, unit, said_place(level, number), text or "", original) for cid, unit, level, number, text, original in rows]


def placings(store: Store) -> dict[str, Placing]:
    """Every change a clerk made to the groups, by comment id (a handful: the whole table)."""
    rows = store.db.execute("select comment_id, action, anchor, set_by, set_at from comment_groups").fetchall()
    return {row[0]: Placing(*(value or "" for value in row)) for row in rows}


def put_placing(store: Store, placing: Placing) -> None:
    store.db.table("comment_groups").upsert(
        {"comment_id": placing.comment_id, "action": placing.action, "anchor": placing.anchor,
         "set_by": placing.set_by, "set_at": placing.set_at}, pk="comment_id")


def forget_placing(store: Store, cid: str) -> None:
    store.db.execute("delete from comment_groups where comment_id = ?", [cid])


def comment_rows(store: Store, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Whole comment rows with their decision and version (as mailbot.store.listing gives a
    page's), in the order of `ids`."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    cursor = store.db.execute(f"{FULL_SQL} where c.id in ({', '.join('?' * len(wanted))})", wanted)
    names = [d[0] for d in cursor.description]
    found = {str(r["id"]): r for r in (dict(zip(names, row)) for row in cursor.fetchall())}
    return [found[cid] for cid in wanted if cid in found]
