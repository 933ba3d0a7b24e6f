"""按条款: each clause's own text beside every comment on it, section-wide and
whole-text comments under their own headings, and a bar chart of counts."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from mailbot.progress import active_comments
from mailbot.web import context
from mailbot.web.chart import Chart, bar_chart
from parsers.records import Draft
from reports.placement import place, section_name, unit_key, unit_label, unit_ranker

blueprint = Blueprint("clauses", __name__)


@blueprint.get("/clauses")
def page() -> str:
    store = context.store()
    draft = store.draft()
    groups = group_comments(active_comments(store), [u.name for u in store.roster()])
    sections = [
        {"section": s, "name": section_name(s.number), "clauses": [(c, groups.get(("clause", c.number), [])) for c in s.clauses],
         "overall": groups.get(("section", s.number), [])}
        for s in draft.sections
    ]
    return render_template(
        "clauses.html", draft=draft, sections=sections, general=groups.get(("general", 0), []),
        chart=chart(draft, groups), total=sum(len(v) for v in groups.values()),
    )


def group_comments(comments: list[dict[str, Any]], roster: list[str]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Comments by place, each list in roster order of their units."""
    ranks = unit_ranker(roster)
    groups: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for c in sorted(comments, key=lambda c: unit_key(unit_label(c), ranks)):
        groups.setdefault(place(c), []).append({**c, "unit_label": unit_label(c)})
    return groups


def chart(draft: Draft, groups: dict[tuple[str, int], list[dict[str, Any]]]) -> Chart:
    items = [(f"第{c.number}条", len(groups.get(("clause", c.number), [])), f"#clause-{c.number}") for c in draft.clauses]
    items += [(f"{section_name(s.number)}（整体）", len(groups.get(("section", s.number), [])), f"#section-{s.number}")
              for s in draft.sections if groups.get(("section", s.number))]
    items.append(("全文", len(groups.get(("general", 0), [])), "#general"))
    return bar_chart(items)
