"""按条款: each clause's own text beside the comments on it, section-wide and whole-text
comments under their own headings, and a bar chart of counts. Each place shows its first
PREVIEW comments and links to all of them (?place=clause-3), a page at a time."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template

from mailbot.campaign.counts import counts
from mailbot.store.listing import Filters, comment_page, parse_place, place_previews
from mailbot.web import context
from mailbot.web.chart import Chart, bar_chart
from parsers.records import Draft
from reports.placement import section_name

blueprint = Blueprint("clauses", __name__)
PREVIEW = 20
Place = tuple[int, int]
Groups = dict[Place, list[dict[str, Any]]]


@blueprint.get("/clauses")
def page() -> str:
    store = context.store()
    draft = context.draft()
    chosen = context.filters()
    if chosen.place:
        return _one_place(draft, chosen)
    shown, totals = place_previews(store, PREVIEW)
    return render_template("clauses.html", **layout(draft, shown, totals), chart=chart(draft, totals),
                           total=counts(store).comments, place=None, preview=PREVIEW)


def _one_place(draft: Draft, chosen: Filters) -> str:
    """One clause, section or the whole text, with all its comments a page at a time."""
    place = parse_place(chosen.place)
    if place is None:
        abort(404)
    found = comment_page(context.store(), Filters(place=chosen.place), context.page_number())
    groups = {place: found.items}
    return render_template("clauses.html", **layout(draft, groups, {place: found.total}, only=place),
                           page=found, links=context.page_links(found, "clauses.page"), place=place)


def layout(draft: Draft, shown: Groups, totals: dict[Place, int], only: Place | None = None) -> dict[str, Any]:
    """The template's sections, clauses and whole-text block; `only` keeps just that place."""
    def entry(place: Place) -> dict[str, Any]:
        return {"comments": shown.get(place, []), "total": totals.get(place, 0),
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
