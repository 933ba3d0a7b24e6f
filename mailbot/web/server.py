"""`mailbot serve`: the desk on a small threaded WSGI server (werkzeug's), by default
on 127.0.0.1. A desk without a password is refused on any other address."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from flask import Flask
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import make_server

from mailbot.config import Config
from mailbot.errors import MailbotError
from mailbot.web.app import RoundLink, create_app
from mailbot.web.auth import check_exposure, configured_password

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication


def listen_address(config: Config, host: str | None, port: int | None) -> tuple[str, int]:
    """--host/--port, else [web] host/port (127.0.0.1:8080 unless set)."""
    return host or config.web.host, port or config.web.port


def desk(config: Config, round_name: str | None = None) -> tuple[Flask, WSGIApplication]:
    """The desk of one round; with several rounds and none chosen, every round's: the first at
    /, each other at /r/<name>/, one login for all (kept in the first round's store), and a
    switcher on every page. Returns the first round's app and what to serve."""
    if len(config.rounds) <= 1 or round_name is not None:
        chosen = config.round(round_name)
        app = create_app(chosen, chosen.store_path)
        return app, app
    each = config.each_round()
    links = tuple(RoundLink(c.round_name, c.title, "/" if i == 0 else f"/r/{c.round_name}/") for i, c in enumerate(each))
    first = create_app(each[0], each[0].store_path, rounds=links)
    mounted: dict[str, WSGIApplication] = {
        f"/r/{c.round_name}": create_app(c, c.store_path, login_store=each[0].store_path, rounds=links) for c in each[1:]}
    return first, DispatcherMiddleware(first, mounted)


def serve_desk(config: Config, host: str | None, port: int | None, echo: Callable[[str], None],
               round_name: str | None = None) -> None:
    """Serve until Ctrl-C."""
    host, port = listen_address(config, host, port)
    check_exposure(host, configured_password(config), config.web.hosts)
    app, served = desk(config, round_name)
    try:
        server = make_server(host, port, served, threaded=True)
    except OSError as exc:
        raise MailbotError(f"serve: cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    shown = f"[{host}]" if ":" in host else host
    if app.config["MAILBOT_PASSWORD"] is None:
        access = "no password configured: open to this machine only"
    else:
        names = ", ".join(("localhost", *config.web.hosts))
        access = f"login with the password in ${config.web.password_env}; answers to {names}"
    echo(f"review desk on http://{shown}:{port}/ ({access}); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
