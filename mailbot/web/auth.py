"""Who may use the desk: the host it is reached by, a password from the environment,
a login kept in the store, a CSRF token.

With `[web] password_env` set, every page needs a login (the password from that
environment variable, and a name so changes say who made them). Without it the
desk is open, which is only allowed on a loopback address: `check_exposure`
refuses anything else before the server starts, and `guard` refuses requests
that do not come from this machine. Either way a request must name the desk by a
loopback name or one of `[web] hosts` (a page whose own name an attacker pointed at
the desk, DNS rebinding, gets nothing), a POST's Origin must be the desk's, and
every POST must carry the session's CSRF token (a form field or the X-CSRF-Token
header htmx sends). Logins live in the store (mailbot.web.sessions): logout and the
idle timeout end them, and a restart does not.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from mailbot.config import Config
from mailbot.errors import ConfigError, MailbotError
from mailbot.store import Store
from mailbot.web import context, sessions

blueprint = Blueprint("auth", __name__)
OPEN_ENDPOINTS = {"auth.login", "static"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def configured_password(config: Config) -> str | None:
    """The password, or None when `[web] password_env` is not configured (an open desk)."""
    name = config.web.password_env
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise ConfigError(f"config: web.password_env: environment variable {name} is not set (or is empty)")
    return value


def prepare_logins(store: Store) -> str:
    """The key that signs session cookies (the same after a restart)."""
    return sessions.signing_key(store)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, password: str | None, hosts: tuple[str, ...] = ()) -> None:
    """An open desk (no password) is served on this machine only; a desk listening beyond it
    must be told the names it is reached by, or it would refuse every browser but this machine's."""
    if is_loopback(host):
        return
    if password is None:
        raise MailbotError(
            f"serve: refusing to listen on {host} without a password: set [web] password_env in the config "
            "(and that environment variable), or use --host 127.0.0.1"
        )
    if not hosts:
        raise MailbotError(
            f"serve: listening on {host} needs [web] hosts, the names clerks type in the browser "
            '(like hosts = ["desk.example.org"]): any other name is refused'
        )


def login_required() -> bool:
    return current_app.config["MAILBOT_PASSWORD"] is not None


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def guard() -> BaseResponse | None:
    """Before every request: the desk is named rightly, the caller is allowed, and a POST
    comes from the desk's own pages and carries the CSRF token."""
    refused = _refuse_host() or _refuse_origin()
    if refused is not None or request.endpoint == "static":
        return refused
    _drop_ended_login()
    if request.endpoint not in OPEN_ENDPOINTS and login_required() and not session.get("user"):
        return _to_login()
    if request.method in UNSAFE_METHODS and not _csrf_ok():
        return _refusal("表单已失效（缺少或错误的 CSRF 令牌），请刷新页面后重试。", 400)
    return None


def allowed_host(name: str) -> bool:
    """A loopback name, or one of `[web] hosts`."""
    name = name.lower()
    return is_loopback(name) or name in current_app.config["MAILBOT_HOSTS"]


def _refuse_host() -> BaseResponse | None:
    """A request must name the desk by a name it was given: a page whose own name an attacker
    pointed at the desk (DNS rebinding) is then refused, whatever its browser sends. An open desk
    answers only to this machine besides."""
    name = _host_name(request.host)
    if not login_required():
        if is_loopback(request.remote_addr or "") and allowed_host(name):
            return None
        return _refusal("审阅台未设密码，只能在本机以 127.0.0.1 或 localhost 访问。", 403)
    if allowed_host(name):
        return None
    return _refusal(f"审阅台不以“{name[:80]}”这个名字提供服务：请用管理员给出的地址访问"
                    "（管理员：把这个名字加进配置的 [web] hosts）。", 403)


def _refuse_origin() -> BaseResponse | None:
    if request.method not in UNSAFE_METHODS or _same_origin():
        return None
    return _refusal("请求来自其他网站，已拒绝。（经反向代理访问时，请让代理传递原来的 Host，"
                    "如 nginx 的 proxy_set_header Host $host;）", 403)


def _refusal(text: str, status: int) -> BaseResponse:
    return Response(text, status, mimetype="text/plain")


def clock() -> float:
    """Now, in Unix seconds (the tests move it forward to try the idle timeout)."""
    return float(current_app.config["MAILBOT_CLOCK"]())


def _idle_seconds() -> float:
    return float(current_app.config["MAILBOT_IDLE_MINUTES"]) * 60


def _drop_ended_login() -> None:
    """A cookie whose login was logged out, timed out or never kept is only a CSRF holder again."""
    if "sid" not in session:
        if "user" in session:
            session.clear()
        return
    if sessions.find_login(context.login_store(), str(session["sid"]), _idle_seconds(), clock()) is None:
        session.clear()


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
def login() -> BaseResponse:
    if request.method == "GET":
        return _login_page("", 200)
    store, address = context.login_store(), request.remote_addr or ""
    wait = sessions.wait_seconds(store, address, clock()) if login_required() else 0
    if wait:
        # Checked before the password, so guessing on goes nowhere until the wait is over.
        text = f"登录失败次数过多，请{wait}秒后再试。"
        return _login_page(text, 429, {"Retry-After": str(wait)})
    name = request.form.get("name", "").strip()[:40]
    if not name:
        return _login_page("请填写姓名。", 200)
    if not _password_matches(request.form.get("password", "")):
        sessions.record_failure(store, address, clock())
        return _login_page("密码不对。", 200)
    sessions.forget_failures(store, address)
    _end_login()
    session_id = sessions.open_login(store, name, _idle_seconds(), clock())
    session.update(user=name, csrf=secrets.token_urlsafe(32), sid=session_id)
    session.permanent = False
    return redirect(safe_next(request.args.get("next", ""), url_for("progress.page")))


def _login_page(error: str, status: int, headers: dict[str, str] | None = None) -> BaseResponse:
    minutes = int(current_app.config["MAILBOT_IDLE_MINUTES"])
    idle = f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"
    page = render_template("login.html", error=error, next=request.args.get("next", ""), idle=idle)
    return Response(page, status, headers or {})


@blueprint.route("/logout", methods=["POST"])
def logout() -> BaseResponse:
    _end_login()
    return redirect(url_for("auth.login"))


def _end_login() -> None:
    """The login is deleted from the store, not just from this browser: a copy of the cookie
    (another browser, a stolen one) stops working too."""
    if "sid" in session:
        sessions.close_login(context.login_store(), str(session["sid"]))
    session.clear()


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
