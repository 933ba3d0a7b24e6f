"""One comment: its page, and the changes an operator makes to it.

Every change goes through mailbot.campaign.decisions, which logs who, when, before and
after; the card shown after a change carries that history.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from mailbot.campaign import decisions
from mailbot.errors import MailbotError
from mailbot.store import Store, comments
from mailbot.web import context
from mailbot.web.respond import answer, form_version, stale
from mailbot.web.views.adoption import row_fragment
from mailbot.web.views.groups import grouping_of
from parsers.records import Draft
from reports.placement import place, place_label, section_name

blueprint = Blueprint("comments", __name__)


def place_options(draft: Draft) -> list[tuple[str, str]]:
    """(value for `assign`, label) for every place a comment can have."""
    options = [(str(c.number), f"第{c.number}条 {c.heading}"[:40]) for c in draft.clauses]
    options += [(section_name(s.number), f"{section_name(s.number)}（整体）{s.title}"[:40]) for s in draft.sections]
    return options + [("全文", "全文（总体意见）")]


def place_value(comment: dict[str, Any]) -> str:
    level, number = place(comment)
    return str(number) if level == "clause" else section_name(number) if level == "section" else "全文"


def card(store: Store, cid: str, grouped: bool = False) -> dict[str, Any]:
    """Everything a comment card shows: the comment, its mail, place, decision, history.
    Each is read by the comment's id (a few indexed look-ups), whatever the store's size.
    `grouped` (the comment's own page) adds its group of like proposals and the groups of its
    place it may be put into, which reads its place's comments: not for a page of cards."""
    try:
        row = decisions.comment(store, cid)
    except MailbotError:
        abort(404)
    draft = context.draft()
    return {
        "c": row, "mail": store.message(row["message_id"]) or {}, "place": place_label(row, draft),
        "place_value": place_value(row), "options": place_options(draft),
        "decision": decisions.decision_of(store, cid), "history": decisions.changes(store, [cid]).get(cid, []),
        "related": comments.siblings(store, row),
        "grouping": grouping_of(store, row) if grouped and row["status"] == "active" else None,
    }


@blueprint.get("/comments/<cid>/crop.png")
def crop(cid: str) -> BaseResponse:
    """The part of the page (scan, photo, PDF) the comment was read from, beside its text."""
    from mailbot.pipeline.archive import Archive
    from parsers.files.attachments import display_name, sniff
    from parsers.mail.envelope import parse_envelope
    from parsers.errors import ParseError
    from parsers.printed.scans import page_crop

    store = context.store()
    row = comments.comment(store, cid)
    message = store.message(row["message_id"]) if row else None
    if not row or not message or not row["box"] or not row["page"]:
        abort(404)
    try:
        envelope = parse_envelope(Archive(context.config().archive).read(message["sha256"]))
        found = [a for e in (envelope, *envelope.forwarded) for a in e.attachments
                 if display_name(a.filename or "(无文件名)") == row["source"]]
        if not found:
            abort(404)
        png = page_crop(found[0].data, sniff(found[0].data, found[0].filename), row["page"], row["box"])
    except (OSError, ParseError, IndexError, ValueError):
        abort(404)
    return BaseResponse(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=3600"})


@blueprint.get("/comments/<cid>")
def page(cid: str) -> str:
    return render_template("comment.html", **card(context.store(), cid, grouped=True), decision_choices=decisions.DECISIONS)


def _change(cid: str, action: Any, done: str) -> str | BaseResponse:
    """Run one change; answer with the refreshed card (htmx) or a redirect."""
    store = context.store()
    error = ""
    try:
        action(store)
    except decisions.StaleEdit as exc:
        return stale(str(exc), url_for("comments.page", cid=cid))
    except MailbotError as exc:
        error, done = str(exc), ""
    return answer("_comment_card.html", url_for("comments.page", cid=cid), message=done, error=error,
                  mode=request.form.get("mode", "full"), decision_choices=decisions.DECISIONS,
                  **card(store, cid, grouped=request.form.get("mode", "full") == "full"))


@blueprint.post("/comments/<cid>/assign")
def assign(cid: str) -> str | BaseResponse:
    target = request.form.get("target", "")
    return _change(cid, lambda s: decisions.assign_place(s, cid, target, context.who()), "已改定条款")


@blueprint.post("/comments/<cid>/split")
def split(cid: str) -> str | BaseResponse:
    first, second = request.form.get("first", ""), request.form.get("second", "")
    return _change(cid, lambda s: decisions.split_comment(s, cid, first, second, context.who()), "已拆分为两条意见")


@blueprint.post("/comments/<cid>/text")
def correct(cid: str) -> str | BaseResponse:
    """The clerk's correction of the words as read (an OCR slip)."""
    text = request.form.get("text", "")
    holder: dict[str, str] = {}

    def run(store: Store) -> None:
        holder["id"] = decisions.correct_text(store, cid, text, context.who())

    store = context.store()
    try:
        run(store)
    except MailbotError as exc:
        return answer("_comment_card.html", url_for("comments.page", cid=cid), error=str(exc),
                      mode=request.form.get("mode", "full"), decision_choices=decisions.DECISIONS,
                  **card(store, cid, grouped=request.form.get("mode", "full") == "full"))
    new = holder["id"]
    return answer("_comment_card.html", url_for("comments.page", cid=new), message="已改正文字",
                  mode=request.form.get("mode", "full"), decision_choices=decisions.DECISIONS,
                  **card(store, new, grouped=request.form.get("mode", "full") == "full"))


@blueprint.post("/comments/<cid>/reject")
def reject(cid: str) -> str | BaseResponse:
    return _change(cid, lambda s: decisions.reject_comment(s, cid, context.who()), "已标为“非意见”")


@blueprint.post("/comments/<cid>/restore")
def restore(cid: str) -> str | BaseResponse:
    return _change(cid, lambda s: decisions.restore_comment(s, cid, context.who()), "已恢复为意见")


@blueprint.post("/comments/<cid>/decision")
def decide(cid: str) -> str | BaseResponse:
    """From the 采纳 page the answer is the table row (and the undecided count)."""
    decision, reason, version = request.form.get("decision", ""), request.form.get("reason", ""), form_version()
    if request.form.get("mode") != "row":
        return _change(cid, lambda s: decisions.set_decision(s, cid, decision, reason, context.who(), version),
                       "已保存采纳意见")
    store = context.store()
    error = ""
    try:
        decisions.set_decision(store, cid, decision, reason, context.who(), version)
    except decisions.StaleEdit as exc:
        return stale(str(exc), url_for("adoption.page"))
    except MailbotError as exc:
        error = str(exc)
    number = int(request.form.get("number", "0")) if request.form.get("number", "").isdigit() else 0
    return answer("_adoption_row.html", url_for("adoption.page"), error=error, **row_fragment(store, cid, number))
