"""报送进度: every roster unit's state, the lines from outside the roster, counts by category,
days left, and 催报."""

from __future__ import annotations

import datetime
from typing import Any

from flask import Blueprint, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from mailbot.campaign.counts import counts
from mailbot.outbox import Outbox
from mailbot.campaign.progress import progress, unlisted_lines
from mailbot.categories import STATES
from mailbot.store import outbox
from mailbot.web import context
from mailbot.web.reminders import queue_manual_reminders
from mailbot.web.respond import answer

blueprint = Blueprint("progress", __name__)
MANUAL_SHOWN = 30  # the desk's reminders listed, newest first


@blueprint.get("/")
def page() -> str:
    store = context.store()
    rows = progress(store)
    return render_template(
        "progress.html", rows=rows, unlisted=unlisted_lines(store), categories=by_category(rows), counts=counts(store),
        deadline=context.config().deadline, days_left=days_left(context.config().deadline, context.today()),
        outbox=outbox.reminder_counts(store), manual=outbox.manual_reminders(store, MANUAL_SHOWN),
    )


@blueprint.post("/remind")
def remind() -> str | BaseResponse:
    store = context.store()
    result = queue_manual_reminders(context.config(), store, Outbox(store, context.config().smtp), context.today())
    store.log_event("info", "reminders", detail=f"{context.who()}: {len(result.queued)} queued")
    return answer("_remind_result.html", url_for("progress.page"), result=result,
                  message=f"已排队催报邮件 {len(result.queued)} 封")


def by_category(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per category (in roster order): how many units, and how many in each state."""
    found: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = found.setdefault(r["category"] or "（未分类）", {"category": r["category"] or "（未分类）", "total": 0,
                                                             **{s: 0 for s in STATES}})
        entry["total"] += 1
        entry[r["status"]] += 1
    return list(found.values())


def days_left(deadline: datetime.date | None, today: datetime.date) -> int | None:
    return (deadline - today).days if deadline else None
