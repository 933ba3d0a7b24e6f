"""Like proposals as the round has them now: the computed groups with the clerk's changes.

reports.draft.grouping finds comments on the same place that propose the same thing; a clerk may
take a comment out of its group (单独处理) or put it into another comment's group on the same
place (并入). `groups_now` is the one way the desk, the workbook and the 批注稿 learn the groups,
so they never disagree. Computed groups are worked out again from the active comments each
time (a comment read again, re-mapped or rejected moves with no bookkeeping); the clerk's
changes are rows of mailbot.store.groups, applied on top.

A group decision (采纳 for the whole group) is each member's own decision, saved and logged as
the desk saves one, so a member can still be decided on its own afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from mailbot.campaign.decisions import StaleEdit, comment, record_change, set_decision
from mailbot.errors import MailbotError
from mailbot.store import Store, now
from mailbot.store import decisions as stored_decisions
from mailbot.store import groups as stored
from mailbot.store.groups import ALONE, JOIN, Placing
from reports.draft.grouping import Group, Place, Said, clusters, group_of
from reports.placement import place

BY_CLERK = "人工归组"  # the reason of a group a clerk put a comment into (unless its members share an edit)
NOT_GROUPED = "未归组"
ALONE_WORDS = "单独处理"


# reading ----------------------------------------------------------------------
def groups_now(store: Store, at: Place | None = None) -> list[Group]:
    """The groups of the round now (of one place with `at`), in table order."""
    return arrange(stored.active_said(store, stored.desk_place(at) if at else None), stored.placings(store))


def round_now(store: Store, at: tuple[int, int] | None = None) -> tuple[list[Said], list[Group]]:
    """The active comments (of one place: (level, number) as the desk numbers it) in table
    order, and their groups now: what a page that lists comments by group needs."""
    said = stored.active_said(store, at)
    return said, arrange(said, stored.placings(store))


def arrange(comments: Sequence[Said], placings: Mapping[str, Placing]) -> list[Group]:
    """Groups of two comments or more, place by place in the order given: computed among the
    comments the clerk left alone, then each comment put into another's group joins it."""
    by_place: dict[Place, list[Said]] = {}
    for said in comments:
        by_place.setdefault(said.place, []).append(said)
    return [group for members in by_place.values()
            for group in _place_groups(tuple(members), frozenset(placings[s.id] for s in members if s.id in placings))]


@lru_cache(maxsize=128)  # a draft's places, twice over: the latest of each, and the one before
def _place_groups(comments: tuple[Said, ...], changes: frozenset[Placing]) -> tuple[Group, ...]:
    """One place's groups. Kept for the same comments and changes: the desk asks for them on
    every page and they rarely change between (a round's 20,000 comments take a second to
    group, mostly in saying how alike each group's members are)."""
    placings = {p.comment_id: p for p in changes}
    index = {said.id: i for i, said in enumerate(comments)}
    # A join whose anchor is no longer here (rejected, re-mapped, superseded) is void: the
    # comment is grouped as if the clerk had not touched it.
    joins = {cid: p.anchor for cid, p in placings.items()
             if p.action == JOIN and cid in index and p.anchor in index and p.anchor != cid}
    free = tuple(said for said in comments
                 if said.id not in placings or (said.id not in joins and placings[said.id].action == JOIN))
    parent = list(range(len(comments)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for cluster in clusters(free):
        first = root(index[free[cluster[0]].id])
        for k in cluster[1:]:
            parent[root(index[free[k].id])] = first
    for cid, anchor in joins.items():
        parent[root(index[cid])] = root(index[anchor])
    found: dict[int, list[Said]] = {}
    for i, said in enumerate(comments):  # each group in its first member's place, members in order
        found.setdefault(root(i), []).append(said)
    return tuple(_group(members, joins) for members in found.values() if len(members) > 1)


def _group(members: Sequence[Said], joins: Mapping[str, str]) -> Group:
    group = group_of(members)
    if group.edit is None and any(m.id in joins for m in members):
        return replace(group, reason=BY_CLERK, confidence=1.0)
    return group


def containing(groups: Sequence[Group], cid: str) -> Group | None:
    return next((g for g in groups if cid in g.members), None)


def comment_place(row: Mapping[str, Any]) -> Place:
    """A comment row's place as grouping names it."""
    level, number = place(row)
    return (level, None if level == "general" else number)


def group_of_comment(store: Store, cid: str) -> Group | None:
    """The group a comment is in now, None when it is in none."""
    return containing(groups_now(store, comment_place(comment(store, cid))), cid)


def describe(group: Group | None) -> str:
    """A group as the audit log names it."""
    if group is None:
        return NOT_GROUPED
    return f"{len(group.units)}个单位一组（{'、'.join(group.units)}；{group.reason}）"


# changing ---------------------------------------------------------------------
def take_out(store: Store, cid: str, who: str, shown: str | None = None) -> None:
    """单独处理: the comment leaves its group and stays out of any (a later computation too).

    `shown` is the id of the group the clerk's page showed it in: another clerk's change since
    raises StaleEdit."""
    at = comment_place(_active(store, cid))
    with store.writing():
        current = _checked(groups_now(store, at), cid, shown)
        if current is None:
            raise MailbotError("此条意见不在任何一组中。")
        _leave(store, cid, current)
        stored.put_placing(store, Placing(cid, ALONE, "", who, now()))
        record_change(store, cid, who, "group", describe(current), ALONE_WORDS)


def put_with(store: Store, cid: str, other: str, who: str, shown: str | None = None) -> Group:
    """并入: the comment joins the group of `other` (a comment on the same place; a comment in no
    group makes a new group of two with it). Returns the group it is in now."""
    if not other:
        raise MailbotError("请选择要并入的一组或一条意见。")
    at = comment_place(_active(store, cid))
    if comment_place(_active(store, other)) != at:
        raise MailbotError("只能并入同一处（同一条款）的意见。")
    if other == cid:
        raise MailbotError("不能并入自己。")
    with store.writing():
        groups = groups_now(store, at)
        current = _checked(groups, cid, shown)
        target = containing(groups, other)
        if current is not None and target is not None and current.id == target.id:
            raise MailbotError("此条意见已在该组中。")
        if current is not None:
            _leave(store, cid, current)
        # The first member of the target stands for the group: whichever comment is first, the
        # row says "with that comment's group".
        stored.put_placing(store, Placing(cid, JOIN, target.members[0] if target else other, who, now()))
        joined = containing(groups_now(store, at), cid)
        record_change(store, cid, who, "group", describe(current), f"并入{describe(joined)}")
    if joined is None:  # cannot happen: a join makes a group of two at least
        raise MailbotError("并入未成功。")
    return joined


def decide_group(store: Store, group_id: str, decision: str, reason: str, who: str,
                 versions: Mapping[str, int]) -> Group:
    """One decision for every member of a group: each member's own decision row, logged, each
    checked against the version the clerk's page showed (`versions`, by comment id). A group
    that changed since (a member taken out or put in) is refused as stale; all or nothing."""
    if not versions:
        raise MailbotError("这组意见没有成员。")
    at = comment_place(comment(store, next(iter(versions))))
    with store.writing():
        group = next((g for g in groups_now(store, at) if g.id == group_id), None)
        if group is None or set(group.members) != set(versions):
            raise StaleEdit("这组意见的成员已有变动（有人单独处理或并入了意见），请刷新后再定。")
        for cid in group.members:
            set_decision(store, cid, decision, reason, who, versions[cid])
    return group


def member_decisions(store: Store, group: Group) -> dict[str, dict[str, Any]]:
    """The members' decision rows ({} for one never decided), by comment id."""
    found = stored_decisions.decisions(store, group.members)
    return {cid: found.get(cid, {}) for cid in group.members}


def _active(store: Store, cid: str) -> dict[str, Any]:
    row = comment(store, cid)
    if row["status"] != "active":
        raise MailbotError(f"comment {cid} is not active")
    return row


def _checked(groups: Sequence[Group], cid: str, shown: str | None) -> Group | None:
    current = containing(groups, cid)
    if shown is not None and (current.id if current else "") != shown:
        raise StaleEdit("此条意见的分组已被他人改动，请刷新后再试。")
    return current


def _leave(store: Store, cid: str, current: Group) -> None:
    """Comments the clerk put "with this one" stay in the group it leaves: their rows name
    another member of it (none left: they are grouped as computed again)."""
    rest = [m for m in current.members if m != cid]
    for other, placing in stored.placings(store).items():
        if placing.action == JOIN and placing.anchor == cid:
            anchor = next((m for m in rest if m != other), None)
            if anchor is None:
                stored.forget_placing(store, other)
            else:
                stored.put_placing(store, replace(placing, anchor=anchor))
