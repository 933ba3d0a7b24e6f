"""Like proposals in the desk: a group's members listed together under a header naming its
units and why they are one (按条款), one decision for the whole group, and the clerk's
单独处理 / 并入 (the comment page). Groups come from mailbot.campaign.groups, as the workbook's
and the 批注稿's do; every change goes through it (logged, version-checked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from mailbot.campaign import decisions
from mailbot.campaign import groups as grouping
from mailbot.errors import MailbotError
from mailbot.store import Store
from mailbot.store import groups as stored
from mailbot.web import context
from mailbot.web.auth import safe_next
from mailbot.web.respond import stale
from reports.draft.grouping import Group, Said, clusters_of

blueprint = Blueprint("groups", __name__)
SNIPPET = 24  # characters of a comment's text in the 并入 choices


@dataclass(frozen=True)
class Block:
    """What a list of comments shows in one place: one comment, or a group's members under
    its header (with the members' decisions, so one decision can be saved for all).

    :ivar continued: the group's first members are on an earlier page
    :ivar partial: some members are not shown here (another page, past the preview)
    :ivar versions: every member's decision version, for the group decision's stale check
    :ivar decision: the members' decision when all have the same ("" when none or they differ)
    """

    comments: list[dict[str, Any]]
    group: Group | None = None
    continued: bool = False
    partial: bool = False
    versions: dict[str, int] = field(default_factory=dict)
    decision: str = ""
    reason: str = ""
    mixed: bool = False


def clusters(said: Sequence[Said], groups: Sequence[Group]) -> list[list[str]]:
    """The comments' ids by group, in table order, each group where its first member is."""
    ids = [s.id for s in said]
    return [[ids[i] for i in cluster] for cluster in clusters_of(ids, groups)]


def blocks(store: Store, shown: Sequence[Sequence[str]], groups: Sequence[Group],
           rows: dict[str, dict[str, Any]]) -> list[Block]:
    """Blocks for clusters of ids in table order (`rows`: those shown, a page's; a group cut by
    the page shows the members on it)."""
    home = {m: g for g in groups for m in g.members}
    found: list[Block] = []
    for cluster in shown:
        here = [rows[cid] for cid in cluster if cid in rows]
        if not here:
            continue
        group = home.get(cluster[0])
        if group is None:
            found.append(Block(here))
            continue
        found.append(_group_block(store, group, here, cluster[0] not in rows))
    return found


def _group_block(store: Store, group: Group, here: list[dict[str, Any]], continued: bool) -> Block:
    decided = grouping.member_decisions(store, group)
    words = {(row.get("decision") or "", row.get("reason") or "") for row in decided.values()}
    common = next(iter(words)) if len(words) == 1 else ("", "")
    return Block(here, group, continued, len(here) < len(group.members),
                 {cid: int(row.get("version") or 0) for cid, row in decided.items()}, common[0], common[1], len(words) > 1)


def join_choices(said: Sequence[Said], groups: Sequence[Group], cid: str) -> list[tuple[str, str]]:
    """(comment id, label) for every group or lone comment of the place `cid` may be put with."""
    home = {m: g for g in groups for m in g.members}
    own = home.get(cid)
    choices: list[tuple[str, str]] = []
    for s in said:
        group = home.get(s.id)
        if s.id == cid or (group is not None and (group is own or s.id != group.members[0])):
            continue
        if group is not None:
            choices.append((s.id, f"{len(group.units)}个单位一组：{'、'.join(group.units)}（{group.reason}）"))
        else:
            text = s.text if len(s.text) <= SNIPPET else s.text[:SNIPPET] + "…"
            choices.append((s.id, f"{s.unit}：{text}"))
    return choices


def grouping_of(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """What the comment page shows of a comment's group: the group, its members' rows, and
    where else on its place it may be put."""
    at = grouping.comment_place(row)
    said, groups = grouping.round_now(store, stored.desk_place(at))
    group = grouping.containing(groups, row["id"])
    members = stored.comment_rows(store, group.members) if group else []
    choices = join_choices(said, groups, row["id"]) if row["status"] == "active" else []
    return {"group": group, "members": members, "choices": choices}


def _done(fallback: str, message: str = "", error: str = "") -> BaseResponse:
    """Back to the page the form was on (post/redirect/get), the outcome shown once: these
    forms change several comments, so the page is drawn again, not one card."""
    flash(error or message, "error" if error else "info")
    return redirect(safe_next(request.form.get("next", ""), fallback))


def _back(cid: str) -> str:
    return url_for("comments.page", cid=cid)


def _shown() -> str | None:
    """The id of the group the page showed the comment in ("" none), None when not given."""
    value = request.form.get("group")
    return None if value is None else value


@blueprint.post("/comments/<cid>/alone")
def alone(cid: str) -> BaseResponse:
    """单独处理: the comment taken out of its group."""
    try:
        grouping.take_out(context.store(), cid, context.who(), _shown())
    except decisions.StaleEdit as exc:
        return stale(str(exc), _back(cid))
    except MailbotError as exc:
        return _done(_back(cid), error=str(exc))
    return _done(_back(cid), "已单独处理：此条不再与其他意见同组")


@blueprint.post("/comments/<cid>/join")
def join(cid: str) -> BaseResponse:
    """并入: the comment put into the group of the comment chosen."""
    try:
        group = grouping.put_with(context.store(), cid, request.form.get("other", ""), context.who(), _shown())
    except decisions.StaleEdit as exc:
        return stale(str(exc), _back(cid))
    except MailbotError as exc:
        return _done(_back(cid), error=str(exc))
    return _done(_back(cid), f"已并入{len(group.units)}个单位的一组")


@blueprint.post("/groups/<gid>/decision")
def decide(gid: str) -> BaseResponse:
    """One decision for every member (each member's own row, logged); the form carries each
    member's version as the page showed it (version-<comment id>)."""
    versions = {name.removeprefix("version-"): int(value) for name, value in request.form.items()
                if name.startswith("version-") and value.isdigit()}
    fallback = url_for("clauses.page")
    try:
        group = grouping.decide_group(context.store(), gid, request.form.get("decision", ""),
                                      request.form.get("reason", ""), context.who(), versions)
    except decisions.StaleEdit as exc:
        return stale(str(exc), fallback)
    except MailbotError as exc:
        return _done(fallback, error=str(exc))
    return _done(fallback, f"已为整组{len(group.members)}条意见保存：{request.form.get('decision') or '未决定'}")
