"""采纳: a decision and its reason for each comment, a page at a time, with filters, the
count still undecided, and the adoption table (意见采纳情况表) as .docx or .xlsx."""

from __future__ import annotations

import io
from typing import Any

from flask import Blueprint, abort, render_template, send_file
from werkzeug.wrappers import Response as BaseResponse

from mailbot.campaign import decisions
from mailbot.campaign.counts import decision_counts
from mailbot.store.listing import Page, comment_page, place_choices, unit_choices
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
    chosen = context.filters()
    found = comment_page(store, chosen, context.page_number(), numbered=True)
    rows = Page([decisions.adoption_record(r, context.draft()) for r in found.items], found.number, found.total)
    return render_template(
        "adoption.html", rows=rows, links=context.page_links(rows, "adoption.page"), chosen=chosen,
        counts=counts(store), places=place_choices(context.draft()), units=unit_choices(store),
        choices=decisions.DECISIONS, undecided_label=decisions.UNDECIDED, decided=_decided(found.items),
    )


def counts(store: Store) -> dict[str, int]:
    """Active comments by decision, 未决定 among them, and all of them."""
    found = decision_counts(store)
    return {**found, "total": sum(found.values())}


def _decided(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Who decided each shown comment, and when."""
    return {r["id"]: {"decided_by": r["decided_by"], "decided_at": r["decided_at"], "version": r["version"]} for r in rows}


def row_fragment(store: Store, cid: str, number: int) -> dict[str, Any]:
    """One table row after a change (that comment's line alone), and the undecided count beside it."""
    row: AdoptionRow | None = decisions.adoption_record_of(store, cid, number)
    if row is None:
        abort(404)
    return {"row": row, "counts": counts(store), "choices": decisions.DECISIONS,
            "undecided_label": decisions.UNDECIDED, "decided": {cid: decisions.decision_of(store, cid)}, "oob": True}


@blueprint.get("/adoption.<fmt>")
def download(fmt: str) -> BaseResponse:
    if fmt not in MIMETYPES:
        abort(404)
    data = decisions.adoption_table(context.store(), context.config().title, f".{fmt}")
    return send_file(io.BytesIO(data), mimetype=MIMETYPES[fmt], as_attachment=True, download_name=f"{TITLE}.{fmt}")
