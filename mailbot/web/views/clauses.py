"""按条款: each clause's own text beside the comments on it, section-wide and whole-text
comments under their own headings, and a bar chart of counts. Each place shows its first
PREVIEW comments and links to all of them (?place=clause-3), a page at a time. Like proposals
(mailbot.campaign.groups) are listed together, under a header with one decision for them all,
where the first of them comes in the table's order."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, abort, render_template

from mailbot.campaign import groups as grouping
from mailbot.campaign.counts import counts
from mailbot.campaign.decisions import DECISIONS
from mailbot.store import groups as stored
from mailbot.store.listing import PAGE_SIZE, Filters, Page, parse_place
from mailbot.web import context
from mailbot.web.chart import Chart, bar_chart
from mailbot.web.views.groups import Block, blocks, clusters
from parsers.records import Draft
from reports.draft.grouping import Said
from reports.placement import section_name

blueprint = Blueprint("clauses", __name__)
PREVIEW = 20
Place = tuple[int, int]
Shown = dict[Place, list[Block]]


@blueprint.get("/clauses")
def page() -> str:
    store = context.store()
    draft = context.draft()
    chosen = context.filters()
    if chosen.place:
        return _one_place(draft, chosen)
    said, groups = grouping.round_now(store)
    by_place: dict[Place, list[Said]] = {}
    for s in said:
        by_place.setdefault(stored.desk_place(s.place), []).append(s)
    picked = {place: _preview(clusters(comments, groups)) for place, comments in by_place.items()}
    rows = {r["id"]: r for r in stored.comment_rows(store, [cid for found in picked.values() for c in found for cid in c])}
    shown = {place: blocks(store, found, groups, rows) for place, found in picked.items()}
    totals = {place: len(comments) for place, comments in by_place.items()}
    return render_template("clauses.html", **layout(draft, shown, totals), chart=chart(draft, totals),
                           total=counts(store).comments, place=None, preview=PREVIEW, decision_choices=DECISIONS)


def _preview(found: Sequence[list[str]]) -> list[list[str]]:
    """The first PREVIEW comments of a place by cluster (the last group shown may be cut: its
    header still names all its units, and the place links to all its comments)."""
    taken: list[list[str]] = []
    count = 0
    for cluster in found:
        if count >= PREVIEW:
            break
        taken.append(cluster[:PREVIEW - count])
        count += len(taken[-1])
    return taken


def _one_place(draft: Draft, chosen: Filters) -> str:
    """One clause, section or the whole text, with all its comments a page at a time (in the
    table's order, a group's members together: a group may run on to the next page)."""
    place = parse_place(chosen.place)
    if place is None:
        abort(404)
    store = context.store()
    said, groups = grouping.round_now(store, place)
    found = clusters(said, groups)
    ordered = [cid for cluster in found for cid in cluster]
    number = min(context.page_number(), max(1, math.ceil(len(ordered) / PAGE_SIZE)))
    rows = stored.comment_rows(store, ordered[(number - 1) * PAGE_SIZE: number * PAGE_SIZE])
    page = Page(rows, number, len(ordered))
    shown = {place: blocks(store, found, groups, {r["id"]: r for r in rows})}
    return render_template("clauses.html", **layout(draft, shown, {place: page.total}, only=place),
                           page=page, links=context.page_links(page, "clauses.page"), place=place,
                           decision_choices=DECISIONS)


def layout(draft: Draft, shown: Shown, totals: dict[Place, int], only: Place | None = None) -> dict[str, Any]:
    """The template's sections, clauses and whole-text block; `only` keeps just that place."""
    def entry(place: Place) -> dict[str, Any]:
        found = shown.get(place, [])
        return {"blocks": found, "shown": sum(len(b.comments) for b in found), "total": totals.get(place, 0),
                "href": f"?place={['clause', 'section', 'general'][place[0]]}" + (f"-{place[1]}" if place[0] < 2 else "")}

    def keep(place: Place) -> bool:
        return only is None or only == place

    sections: list[dict[str, Any]] = [
        {"section": s, "name": section_name(s.number),
         "clauses": [(c, entry((0, c.number))) for c in s.clauses if keep((0, c.number))],
         "overall": entry((1, s.number)) if keep((1, s.number)) else None}
        for s in draft.sections
    ]
    if only is not None:  # just the section holding the place
        sections = [s for s in sections if s["clauses"] or (s["overall"] or {}).get("total")]
    return {"draft": draft, "sections": sections, "general": entry((2, 0)) if keep((2, 0)) else None}


def chart(draft: Draft, totals: dict[Place, int]) -> Chart:
    items = [(f"第{c.number}条", totals.get((0, c.number), 0), f"#clause-{c.number}") for c in draft.clauses]
    items += [(f"{section_name(s.number)}（整体）", totals.get((1, s.number), 0), f"#section-{s.number}")
              for s in draft.sections if totals.get((1, s.number))]
    items.append(("全文", totals.get((2, 0), 0), "#general"))
    return bar_chart(items)
