"""来件: the messages newest first, a page at a time (filters: kind, unit, status), each with its
attachments and their errors, the raw message from the archive, its comments, and
re-processing (forget, then read again)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from mailbot.pipeline.archive import Archive
from mailbot.runs import reread
from mailbot.store.listing import message_by_key, message_entries, message_page, unit_labels_of_messages
from mailbot.store import Store, messages
from mailbot.web import context
from mailbot.web.context import MESSAGE_STATUS_LABELS
from mailbot.web.respond import answer

blueprint = Blueprint("messages", __name__)


@blueprint.get("/messages")
def page() -> str:
    store = context.store()
    chosen = context.filters()
    found = message_page(store, chosen, context.page_number())
    return render_template("messages.html", page=found, links=context.page_links(found, "messages.page"), chosen=chosen,
                           kind=chosen.kind, units=unit_labels_of_messages(store), statuses=MESSAGE_STATUS_LABELS)


@blueprint.get("/messages/<key>")
def one(key: str) -> str:
    store = context.store()
    return render_template("message.html", e=entry(store, find(store, key)))


def find(store: Store, key: str) -> dict[str, Any]:
    found = message_by_key(store, key)
    if found is None:
        abort(404)
    return found


def entry(store: Store, message: dict[str, Any]) -> dict[str, Any]:
    """A message with its attachments and all its comments (any status)."""
    return message_entries(store, [message])[0]


@blueprint.get("/messages/<key>/raw")
def raw(key: str) -> BaseResponse:
    message = find(context.store(), key)
    path = Archive(context.config().archive).path_for(message["sha256"])
    if not message["sha256"] or not path.is_file():
        abort(404)
    return BaseResponse(path.read_bytes(), mimetype="message/rfc822", headers={
        "Content-Disposition": f'attachment; filename="{message["sha256"][:16]}.eml"'})


@blueprint.post("/messages/<key>/reprocess")
def reprocess(key: str) -> str | BaseResponse:
    store = context.store()
    message = find(store, key)
    if not Archive(context.config().archive).path_for(message["sha256"]).is_file():
        return answer("_message.html", url_for("messages.one", key=key), error="存档中没有这封邮件的原件，无法重新处理",
                      e=entry(store, message), open=True)
    outcome = reprocess_message(store, message)
    again = messages.with_sha256(store, message["sha256"]) or [message]
    key = context.message_key(again[0]["message_id"])
    return answer("_message.html", url_for("messages.one", key=key), message=outcome, e=entry(store, again[0]), open=True)


@blueprint.post("/messages/<key>/confirm")
def confirm(key: str) -> str | BaseResponse:
    """The clerk's word on a possible reply: it answers this round (verdict=reply) or not."""
    from mailbot.campaign.confirming import confirm_message, settle_rivals

    store = context.store()
    message = find(store, key)
    verdict = request.form.get("verdict", "")
    if verdict not in ("reply", "not"):
        return answer("_message.html", url_for("review.page"), error="请选择“是回复”或“不是回复”", e=entry(store, message), open=True)
    outcome = confirm_message(store, message["message_id"], verdict == "reply", context.who())
    done = "已确认为回复" if verdict == "reply" else "已确认不是回复"
    if verdict == "reply":
        others = settle_rivals(context.config(), message["message_id"], context.who())
        done += "".join(f"（在轮次{name}中已相应标为不是回复）" for name in others)
    return answer("_message.html", url_for("review.page"), message=f"{done}：{outcome}",
                  e=entry(store, store.message(message["message_id"]) or message), open=True)


@blueprint.post("/messages/<key>/comments")
def enter(key: str) -> str | BaseResponse:
    """A comment the clerk types from the original (a reply nobody could read)."""
    from mailbot.campaign.decisions import enter_comment
    from mailbot.errors import MailbotError

    store = context.store()
    message = find(store, key)
    form = request.form
    try:
        cid = enter_comment(store, message["message_id"], form.get("text", ""), form.get("target", ""),
                            form.get("reason", ""), context.who())
    except MailbotError as exc:
        return answer("_message.html", url_for("messages.one", key=key), error=str(exc), e=entry(store, message), open=True)
    return answer("_message.html", url_for("messages.one", key=key), message=f"已录入意见 {cid}",
                  e=entry(store, message), open=True)


def reprocess_message(store: Store, message: dict[str, Any]) -> str:
    """Read a message again from the archive (as `mailbot retry` does)."""
    report = reread(context.config(), store, message, context.who())
    return f"已重新处理：{report.line()}"
