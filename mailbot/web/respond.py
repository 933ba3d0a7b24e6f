"""Answering a form: a fragment for htmx, or a redirect back for a plain browser post."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request
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
