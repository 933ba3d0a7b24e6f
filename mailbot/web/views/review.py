"""待复核: the comments whose place is uncertain (needs_review), with what the
mapping was based on, and the controls to set the place, split or reject them."""

from __future__ import annotations

from flask import Blueprint, render_template

from mailbot import decisions
from mailbot.progress import review_items
from mailbot.web import context
from mailbot.web.views.comments import card

blueprint = Blueprint("review", __name__)
UNCERTAIN = "条款识别不确定"


@blueprint.get("/review")
def page() -> str:
    store = context.store()
    cards = [card(store, c["id"]) for c in store.comments("status = 'active' and needs_review = 1")]
    others = [item for item in review_items(store) if item["problem"] != UNCERTAIN and not item.get("possible")]
    possible = [
        {"m": m, "key": context.message_key(m["message_id"]),
         "comments": store.comments("message_id = ?", [m["message_id"]])}
        for m in store.messages("relevance = 'possible' and kind = 'ignore'")
    ]
    return render_template("review.html", cards=cards, others=others, possible=possible,
                           decision_choices=decisions.DECISIONS)
