"""待复核: the comments whose place is uncertain (needs_review), a page at a time, with what
the mapping was based on and the controls to set the place, split or reject them; then the
possible replies to confirm and the other things to look at (on the first page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from mailbot.campaign import decisions
from mailbot.store.listing import comment_page, message_entries, place_choices, unit_choices
from mailbot.campaign.progress import other_review_items
from mailbot.store import Store, messages
from mailbot.web import context
from mailbot.web.views.comments import card

blueprint = Blueprint("review", __name__)
POSSIBLE_SHOWN = 5  # comments shown of each possible reply (its page has them all)


@blueprint.get("/review")
def page() -> str:
    store = context.store()
    chosen = context.filters()
    found = comment_page(store, chosen, context.page_number(), review=True)
    first = found.number == 1
    return render_template(
        "review.html", page=found, links=context.page_links(found, "review.page"),
        cards=[card(store, c["id"]) for c in found.items], chosen=chosen,
        places=place_choices(context.draft()), units=unit_choices(store),
        others=[i for i in other_review_items(store) if not i.get("possible")] if first else [],
        possible=possible_replies(store) if first else [], decision_choices=decisions.DECISIONS,
    )


def possible_replies(store: Store) -> list[dict[str, Any]]:
    """Possible replies (待确认), each with its first comments."""
    entries = message_entries(store, messages.possible_replies(store))
    return [{**e, "comments": e["comments"][:POSSIBLE_SHOWN]} for e in entries]
