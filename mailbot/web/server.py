"""`mailbot serve`: the desk on a small threaded WSGI server (werkzeug's), by default
on 127.0.0.1. A desk without a password is refused on any other address."""

from __future__ import annotations

from collections.abc import Callable

from werkzeug.serving import make_server

from mailbot.config import Config
from mailbot.errors import ConfigError, MailbotError
from mailbot.web import create_app
from mailbot.web.auth import check_exposure, configured_password, web_settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def listen_address(config: Config, host: str | None, port: int | None) -> tuple[str, int]:
    """--host/--port, else [web] host/port, else 127.0.0.1:8080."""
    web = web_settings(config)
    chosen_host = host or web.get("host") or DEFAULT_HOST
    chosen_port = port or web.get("port") or DEFAULT_PORT
    if not isinstance(chosen_host, str):
        raise ConfigError(f"config: web.host: must be a string, not {chosen_host!r}")
    if not isinstance(chosen_port, int) or isinstance(chosen_port, bool) or not 0 < chosen_port < 65536:
        raise ConfigError(f"config: web.port: must be a port number (1-65535), not {chosen_port!r}")
    return chosen_host, chosen_port


def serve_desk(config: Config, host: str | None, port: int | None, echo: Callable[[str], None]) -> None:
    """Serve until Ctrl-C."""
    host, port = listen_address(config, host, port)
    check_exposure(host, configured_password(config))
    app = create_app(config, config.store_path)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as exc:
        raise MailbotError(f"serve: cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    shown = f"[{host}]" if ":" in host else host
    if app.config["MAILBOT_PASSWORD"] is None:
        access = "no password configured: open to this machine only"
    else:
        access = f"login with the password in ${web_settings(config).get('password_env')}"
    echo(f"review desk on http://{shown}:{port}/ ({access}); Ctrl-C stops it")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
