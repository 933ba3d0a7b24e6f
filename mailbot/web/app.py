"""The desk's app factory: one Flask app over one store, its pages as blueprints (views/)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response

from mailbot.config import Config
from mailbot.campaign.decisions import FIELD_LABELS
from mailbot.store import Store
from mailbot.web import auth, context
from mailbot.web.views import adoption, clauses, comments, errors, groups, messages, progress, review

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class RoundLink:
    """A round in the desk's switcher: its name, its title, where its pages are."""

    name: str
    title: str
    href: str


def create_app(config: Config, store_path: Path, *, login_store: Path | None = None,
               rounds: tuple[RoundLink, ...] = ()) -> Flask:
    """The desk for one store. The password is read now, from `[web] password_env`. With
    several rounds, each round's desk keeps its logins in `login_store` (the first round's),
    so one login (one cookie, one key) serves every round, and shows `rounds` to switch."""
    login_store = login_store or store_path
    prepare_store(store_path)
    key = prepare_store(login_store)
    here = Path(__file__).resolve().parent  # given, so Flask need not search sys.path for the package
    app = Flask(__name__, root_path=str(here), instance_path=str(here / "instance"))
    app.config.update(
        SECRET_KEY=key,  # kept in the store: logins outlive a restart (logout and idle time end them)
        SESSION_COOKIE_NAME="mailbot_desk",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=1024 * 1024,
        MAILBOT_CONFIG=config,
        MAILBOT_STORE=store_path,
        MAILBOT_LOGIN_STORE=login_store,
        MAILBOT_PASSWORD=auth.configured_password(config),
        MAILBOT_HOSTS=frozenset(config.web.hosts),
        MAILBOT_IDLE_MINUTES=config.web.idle_minutes,
        MAILBOT_CLOCK=time.time,
    )
    app.jinja_env.globals.update(
        csrf_token=auth.csrf_token, who=context.who, login_required=auth.login_required, field_labels=FIELD_LABELS,
    )
    app.context_processor(lambda: {"config_title": config.title, "desk_rounds": rounds, "this_round": config.round_name})
    app.jinja_env.filters.update(context.FILTERS)
    app.before_request(auth.guard)
    app.teardown_appcontext(context.close_store)
    app.after_request(_secure)
    app.register_blueprint(auth.blueprint)
    for view in (progress, clauses, review, adoption, messages, comments, groups, errors):
        app.register_blueprint(view.blueprint)
    return app


def prepare_store(store_path: Path) -> str:
    """Open the store once up front: a missing store fails now (and opening makes any table
    it lacks). Returns the key that signs session cookies."""
    store = Store(store_path)
    try:
        store.draft()
        return auth.prepare_logins(store)
    finally:
        store.close()


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
