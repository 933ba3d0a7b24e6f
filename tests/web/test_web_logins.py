"""Logins to the review desk over their life: the names the desk answers to (DNS rebinding),
a login that survives a restart, ends at logout (a copied cookie too) and after the idle
time, and a limit on wrong passwords per address (Flask's test client, no browser)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from desk_clients import copy_cookie, log_in, token_of, with_web
from desk_helpers import PASSWORD, PASSWORD_ENV, desk_copy
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from mailbot.config import Config
from mailbot.web.app import create_app

DESK_NAME = "desk.example.org"


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return with_web(desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk"), f'hosts = ["{DESK_NAME.upper()}"]')


@pytest.fixture
def app(desk: Config) -> Flask:
    return create_app(desk, desk.store_path)


def later(app: Flask, seconds: float) -> None:
    """The desk's clock moved on by `seconds`."""
    app.config["MAILBOT_CLOCK"] = lambda: time.time() + seconds


# the names the desk answers to ------------------------------------------------------
def test_a_desk_answers_only_to_loopback_and_its_configured_names(app: Flask) -> None:
    """GIVEN [web] hosts = ["DESK.EXAMPLE.ORG"] WHEN a browser names the desk THEN loopback and
    the listed name (any case, any port) lead to the login; any other name is refused, the login
    page too, and so is a logged-in clerk's request under such a name."""
    with app.test_client() as client:
        for host in ("127.0.0.1:8080", "localhost", "[::1]:8080", DESK_NAME, f"{DESK_NAME}:443", "Desk.Example.Org"):
            assert client.get("/", headers={"Host": host}).status_code == 302, host
            assert client.get("/login", headers={"Host": host}).status_code == 200, host
        for host in ("attacker.example", "attacker.example:8080", f"{DESK_NAME}.attacker.example", "192.0.2.7"):
            refused = client.get("/login", headers={"Host": host})
            assert refused.status_code == 403, host
            assert "[web] hosts" in refused.get_data(as_text=True)
    with app.test_client() as client:
        log_in(client)
        for name in (DESK_NAME, "attacker.example"):
            copy_cookie(client, client, domain=name)
        assert client.get("/", headers={"Host": DESK_NAME}).status_code == 200
        assert client.get("/", headers={"Host": "attacker.example"}).status_code == 403


def test_a_post_must_come_from_the_desks_own_origin(app: Flask) -> None:
    """GIVEN a logged-in clerk WHEN a form is posted with another site's Origin THEN 403;
    from the desk's own name (behind an HTTPS proxy) THEN it goes through."""
    with app.test_client() as client:
        token = log_in(client)
        copy_cookie(client, client, domain=DESK_NAME)
        form = {"decision": "采纳", "reason": "同意", "mode": "row", "csrf_token": token}
        cid = first_comment(client)
        for origin in ("http://attacker.example", f"https://{DESK_NAME}.attacker.example", "null",
                       f"https://{DESK_NAME}:8443"):
            response = client.post(f"/comments/{cid}/decision", data=form,
                                   headers={"Host": DESK_NAME, "Origin": origin, "HX-Request": "true"})
            assert response.status_code == 403, origin
        own = client.post(f"/comments/{cid}/decision", data=form,
                          headers={"Host": DESK_NAME, "Origin": f"https://{DESK_NAME}", "HX-Request": "true"})
        assert own.status_code == 200


def first_comment(client: FlaskClient) -> str:
    page = client.get("/adoption").get_data(as_text=True)
    found = re.search(r"/comments/(c[0-9a-f]{10})", page)
    assert found
    return found.group(1)


# a login's life -----------------------------------------------------------------------
def test_logout_ends_the_login_for_a_copied_cookie_too(app: Flask) -> None:
    """GIVEN a clerk logged in, and the cookie copied to another browser WHEN the clerk logs out
    THEN the copy no longer opens anything."""
    clerk, thief = app.test_client(), app.test_client()  # not `with`: two clients' kept contexts would tangle
    token = log_in(clerk)
    copy_cookie(clerk, thief)
    assert thief.get("/").status_code == 200
    assert clerk.post("/logout", data={"csrf_token": token}).status_code == 302
    assert clerk.get("/").status_code == 302
    response = thief.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_login_survives_a_restart(desk: Config, app: Flask) -> None:
    """GIVEN a clerk logged in WHEN the desk restarts (a new app over the same store)
    THEN the same cookie still opens the desk, and saves carry the same name."""
    before = app.test_client()
    log_in(before, "李四")
    after = create_app(desk, desk.store_path).test_client()
    copy_cookie(before, after)
    page = after.get("/")
    assert page.status_code == 200 and "李四" in page.get_data(as_text=True)


def test_a_login_ends_after_the_idle_time(app: Flask) -> None:
    """GIVEN the default idle time (8 hours) WHEN a clerk comes back within it THEN still in,
    and the time counts from then; WHEN after it THEN the login page, and the login is gone."""
    with app.test_client() as client:
        assert "闲置超过8小时需重新登录" in client.get("/login").get_data(as_text=True)
        log_in(client)
        later(app, 7 * 3600)
        assert client.get("/").status_code == 200
        later(app, 14 * 3600)
        assert client.get("/").status_code == 200
        later(app, 22 * 3600 + 60)
        assert client.get("/").status_code == 302
        later(app, 14 * 3600)  # the clock going back does not bring it back
        assert client.get("/").status_code == 302


def test_the_idle_time_is_configured(desk: Config) -> None:
    app = create_app(with_web(desk, "idle_minutes = 5"), desk.store_path)
    with app.test_client() as client:
        assert "闲置超过5分钟需重新登录" in client.get("/login").get_data(as_text=True)
        log_in(client)
        later(app, 4 * 60)
        assert client.get("/").status_code == 200
        later(app, 10 * 60)
        assert client.get("/").status_code == 302


def test_an_ended_login_makes_a_save_say_so(app: Flask) -> None:
    """A save from a page whose login has ended is answered 401 (the row then says 登录已失效)."""
    with app.test_client() as client:
        token = log_in(client)
        cid = first_comment(client)
        later(app, 9 * 3600)
        response = client.post(f"/comments/{cid}/decision", headers={"HX-Request": "true"},
                               data={"decision": "采纳", "reason": "", "mode": "row", "csrf_token": token})
        assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/login")


# guessing passwords ---------------------------------------------------------------------
def wrong_password(client: FlaskClient, address: str = "127.0.0.1") -> TestResponse:
    token = token_of(client, environ_base={"REMOTE_ADDR": address})
    return client.post("/login", data={"name": "张三", "password": "guess", "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def test_five_wrong_passwords_a_minute_then_429(app: Flask) -> None:
    """GIVEN five wrong passwords from one address within a minute WHEN it tries again, even with
    the right password THEN 429 with how long to wait, in Chinese; another address may still
    try; after the wait the right password works."""
    with app.test_client() as client:
        for _ in range(5):
            response = wrong_password(client)
            assert response.status_code == 200 and "密码不对" in response.get_data(as_text=True)
        token = token_of(client)
        refused = client.post("/login", data={"name": "张三", "password": PASSWORD, "csrf_token": token})
        assert refused.status_code == 429
        wait = int(refused.headers["Retry-After"])
        assert 55 <= wait <= 60
        assert f"登录失败次数过多，请{wait}秒后再试。" in refused.get_data(as_text=True)
        assert client.get("/").status_code == 302
        assert wrong_password(client, "192.0.2.9").status_code == 200
        later(app, 61)
        log_in(client)
        assert client.get("/").status_code == 200


def test_a_right_password_clears_the_slips_before_it(app: Flask) -> None:
    with app.test_client() as client:
        for _ in range(4):
            wrong_password(client)
        log_in(client)
        for _ in range(4):
            assert wrong_password(client).status_code == 200
