"""Answering a form: a fragment for htmx, or a redirect back for a plain browser post."""

from __future__ import annotations

from typing import Any

from flask import Response, flash, redirect, render_template, request
from werkzeug.wrappers import Response as BaseResponse

from mailbot.web.auth import safe_next


def is_htmx() -> bool:
    return request.headers.get("HX-Request") == "true"


def answer(template: str, fallback: str, *, message: str = "", error: str = "", **values: Any) -> str | BaseResponse:
    """htmx swaps the rendered fragment in place; without htmx the page is reloaded
    (post/redirect/get) and the message shown once."""
    if is_htmx():
        return render_template(template, message=message, error=error, **values)
    if error or message:
        flash(error or message, "error" if error else "info")
    return redirect(safe_next(request.form.get("next", ""), fallback))


def form_version() -> int | None:
    """The version the page showed (a hidden field), or None when the form carries none."""
    raw = request.form.get("version", "")
    return int(raw) if raw.isdigit() else None


def stale(text: str, fallback: str) -> BaseResponse:
    """A save refused because the page was out of date (409). htmx leaves the row as the clerk
    left it and desk.js puts these words in it; a plain form post goes back to the page, which
    then shows the newer state, with the words above it."""
    if is_htmx():
        return Response(text, 409, mimetype="text/plain")
    flash(text, "error")
    return redirect(safe_next(request.form.get("next", ""), fallback))
