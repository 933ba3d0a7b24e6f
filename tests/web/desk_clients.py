"""Helpers for desk tests through Flask's test client: a config with more [web] keys, the
CSRF token a page carries, a clerk logged in by name, a session cookie carried elsewhere.

Imported as `from desk_clients import ...` (pytest puts this folder on sys.path).
"""

from __future__ import annotations

import re
from typing import Any

from desk_helpers import PASSWORD
from flask.testing import FlaskClient

from mailbot.config import Config, load_config

COOKIE = "mailbot_desk"


def with_web(config: Config, lines: str) -> Config:
    """The same desk with `lines` added to its [web] section (made when there is none)."""
    text = config.path.read_text(encoding="utf-8")
    if "[web]" not in text:
        text += "[web]\n"
    config.path.write_text(text.replace("[web]\n", "[web]\n" + lines.strip() + "\n", 1), encoding="utf-8")
    return load_config(config.path)


def token_of(client: FlaskClient, path: str = "/login", **kwargs: Any) -> str:
    """The CSRF token on a page (`kwargs` go to the request, e.g. environ_base)."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path, **kwargs).get_data(as_text=True))
    assert found, path
    return found.group(1)


def log_in(client: FlaskClient, name: str = "张三", password: str = PASSWORD) -> str:
    """Logs in by the form; the CSRF token the desk's pages then carry."""
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token_of(client)})
    assert response.status_code == 302, response.get_data(as_text=True)
    return token_of(client, "/adoption")


def copy_cookie(source: FlaskClient, target: FlaskClient, domain: str = "localhost") -> None:
    """What a stolen or copied cookie is: the same value in another browser (or, with `domain`,
    sent to a page under another name, as a browser would once that name points at the desk)."""
    cookie = source.get_cookie(COOKIE)
    assert cookie is not None
    target.set_cookie(COOKIE, cookie.value, domain=domain)
