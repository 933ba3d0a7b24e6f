"""Who may use the desk: a password from the environment, a session, a CSRF token.

With `[web] password_env` set, every page needs a login (the password from that
environment variable, and a name so changes say who made them). Without it the
desk is open, which is only allowed on a loopback address: `check_exposure`
refuses anything else before the server starts, and `guard` refuses requests
that do not come from this machine. Every POST must carry the session's CSRF
token (a form field or the X-CSRF-Token header htmx sends).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import time
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from mailbot.config import Config
from mailbot.errors import ConfigError, MailbotError

blueprint = Blueprint("auth", __name__)
OPEN_ENDPOINTS = {"auth.login", "static"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
FAILED_LOGIN_DELAY = 0.5


def web_settings(config: Config) -> dict[str, object]:
    web = config.extra.get("web", {})
    return web if isinstance(web, dict) else {}


def configured_password(config: Config) -> str | None:
    """The password, or None when `[web] password_env` is not configured (an open desk)."""
    name = web_settings(config).get("password_env")
    if not name:
        return None
    value = os.environ.get(str(name))
    if not value:
        raise ConfigError(f"config: web.password_env: environment variable {name} is not set (or is empty)")
    return value


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, password: str | None) -> None:
    """An open desk (no password) is served on this machine only."""
    if password is None and not is_loopback(host):
        raise MailbotError(
            f"serve: refusing to listen on {host} without a password: set [web] password_env in the config "
            "(and that environment variable), or use --host 127.0.0.1"
        )


def login_required() -> bool:
    return current_app.config["MAILBOT_PASSWORD"] is not None


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def guard() -> BaseResponse | None:
    """Before every request: the caller is allowed, and a POST carries the CSRF token."""
    if not login_required() and not (is_loopback(request.remote_addr or "") and is_loopback(_host_name(request.host))):
        # An open desk answers only to this machine, under a loopback name: a web page whose
        # own name was made to point at 127.0.0.1 (DNS rebinding) gets nothing.
        return Response("审阅台未设密码，只能在本机以 127.0.0.1 或 localhost 访问。", 403, mimetype="text/plain")
    if request.method in UNSAFE_METHODS and not _same_origin():
        return Response("请求来自其他网站，已拒绝。（经反向代理访问时，请让代理传递原来的 Host，"
                        "如 nginx 的 proxy_set_header Host $host;）", 403, mimetype="text/plain")
    if request.endpoint not in OPEN_ENDPOINTS and login_required() and not session.get("user"):
        return _to_login()
    if request.method in UNSAFE_METHODS and not _csrf_ok():
        return Response("表单已失效（缺少或错误的 CSRF 令牌），请刷新页面后重试。", 400, mimetype="text/plain")
    return None


def _host_name(host: str) -> str:
    """The name in a Host header, without its port ("[::1]:8080" -> "::1")."""
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same_origin() -> bool:
    """A form posted by another site's page carries that site's Origin (browsers send it)."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin != "null"
    return origin.split("://", 1)[-1] == request.host


def _csrf_ok() -> bool:
    expected = session.get("csrf")
    given = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    return bool(expected) and hmac.compare_digest(str(expected), given)


def _to_login() -> BaseResponse:
    """Pages go to the login; a POST or an htmx request is answered 401."""
    target = url_for("auth.login", next=request.full_path.rstrip("?"))
    if request.method == "GET" and not request.headers.get("HX-Request"):
        return redirect(target)
    return Response("需要登录", 401, {"HX-Redirect": target}, mimetype="text/plain")


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> str | BaseResponse:
    error = ""
    if request.method == "POST":
        name = request.form.get("name", "").strip()[:40]
        if _password_matches(request.form.get("password", "")) and name:
            session.clear()
            session.update(user=name, csrf=secrets.token_urlsafe(32))
            session.permanent = False
            return redirect(safe_next(request.args.get("next", ""), url_for("progress.page")))
        error = "请填写姓名。" if not name else "密码不对。"
        if login_required() and name:
            time.sleep(FAILED_LOGIN_DELAY)  # slows guessing
    return render_template("login.html", error=error, next=request.args.get("next", ""))


@blueprint.route("/logout", methods=["POST"])
def logout() -> BaseResponse:
    session.clear()
    return redirect(url_for("auth.login"))


def _password_matches(given: str) -> bool:
    expected = current_app.config["MAILBOT_PASSWORD"]
    if expected is None:
        return True
    return hmac.compare_digest(expected.encode(), given.encode())


def safe_next(target: str, fallback: str) -> str:
    """Only a path on this desk: never another site (open redirect)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target
