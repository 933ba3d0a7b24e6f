"""采纳: a decision and its reason for each comment, with filters, the count still
undecided, and the adoption table (意见采纳情况表) as .docx or .xlsx."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from flask import Blueprint, abort, render_template, request, send_file
from werkzeug.wrappers import Response as BaseResponse

from mailbot import decisions
from mailbot.store import Store
from mailbot.web import context
from reports.adoption import TITLE, AdoptionRow

blueprint = Blueprint("adoption", __name__)
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@blueprint.get("/adoption")
def page() -> str:
    store = context.store()
    rows = decisions.adoption_records(store)
    chosen = {k: request.args.get(k, "") for k in ("place", "unit", "decision")}
    return render_template(
        "adoption.html", rows=filter_rows(rows, **chosen), chosen=chosen, counts=counts(rows),
        places=_distinct(r.place for r in rows), units=_distinct(r.unit for r in rows),
        choices=decisions.DECISIONS, undecided_label=decisions.UNDECIDED, decided=decisions.decisions(store),
    )


def filter_rows(rows: Sequence[AdoptionRow], *, place: str, unit: str, decision: str) -> list[AdoptionRow]:
    def keep(r: AdoptionRow) -> bool:
        wanted = "" if decision == decisions.UNDECIDED else decision
        return ((not place or r.place == place) and (not unit or r.unit == unit)
                and (not decision or r.decision == wanted))

    return [r for r in rows if keep(r)]


def counts(rows: Sequence[AdoptionRow]) -> dict[str, int]:
    found = {d: sum(1 for r in rows if r.decision == d) for d in decisions.DECISIONS}
    return {**found, decisions.UNDECIDED: sum(1 for r in rows if not r.decision), "total": len(rows)}


def _distinct(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def row_fragment(store: Store, cid: str) -> dict[str, Any]:
    """One table row after a change, and the counts to refresh beside it."""
    rows = decisions.adoption_records(store)
    found = [r for r in rows if r.comment_id == cid]
    if not found:
        abort(404)
    return {"row": found[0], "counts": counts(rows), "choices": decisions.DECISIONS,
            "undecided_label": decisions.UNDECIDED, "decided": decisions.decisions(store), "oob": True}


@blueprint.get("/adoption.<fmt>")
def download(fmt: str) -> BaseResponse:
    if fmt not in MIMETYPES:
        abort(404)
    data = decisions.adoption_table(context.store(), context.config().title, f".{fmt}")
    return send_file(io.BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True, download_name=f"{TITLE}.{fmt}")
