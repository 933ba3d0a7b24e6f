"""`mailbot serve`: the desk on a small threaded WSGI server (werkzeug's), by default
on 127.0.0.1. A desk without a password is refused on any other address."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.serving import make_server

from mailbot.config import Config
from mailbot.errors import MailbotError
from mailbot.web.app import create_app
from mailbot.web.auth import check_exposure, configured_password


def listen_address(config: Config, host: str | None, port: int | None) -> tuple[str, int]:
    """--host/--port, else [web] host/port (127.0.0.1:8080 unless set)."""
    return host or config.web.host, port or config.web.port


def serve_desk(config: Config, host: str | None, port: int | None, echo: Callable[[str], None]) -> None:
    """Serve until Ctrl-C."""
    host, port = listen_address(config, host, port)
    check_exposure(host, configured_password(config), config.web.hosts)
    app = create_app(config, config.store_path)
    try:
        server = make_server(host, port, app, threaded=True)
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
