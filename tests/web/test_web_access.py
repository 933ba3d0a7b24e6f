"""Who may use the review desk: login, session cookie, CSRF, loopback-only open desk,
and untrusted mail text always escaped (Flask's test client, no browser)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from desk_helpers import HOSTILE_FILENAME, HOSTILE_SUBJECT, PASSWORD, PASSWORD_ENV, SCRIPT_TEXT, desk_copy
from flask import Flask
from flask.testing import FlaskClient

from mailbot.cli import cli
from mailbot.config import Config
from mailbot.errors import ConfigError, MailbotError
from mailbot.web.app import create_app
from mailbot.web.auth import check_exposure

PAGES = ["/", "/clauses", "/review", "/adoption", "/messages", "/adoption.docx", "/adoption.xlsx"]


@pytest.fixture
def desk(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "desk")


@pytest.fixture
def app(desk: Config) -> Flask:
    return create_app(desk, desk.store_path)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    with app.test_client() as c:
        yield c


def token_of(client: FlaskClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found, path
    return found.group(1)


def log_in(client: FlaskClient, password: str = PASSWORD) -> str:
    response = client.post("/login", data={"name": "张三", "password": password, "csrf_token": token_of(client)})
    assert response.status_code in (200, 302)
    return token_of(client, "/") if response.status_code == 302 else ""


def a_comment_id(client: FlaskClient) -> str:
    found = re.search(r"/comments/(c[0-9a-f]{10})", client.get("/adoption").get_data(as_text=True))
    assert found
    return found.group(1)


@pytest.mark.parametrize("path", PAGES)
def test_pages_need_a_login(client: FlaskClient, path: str) -> None:
    """GIVEN a desk with [web] password_env WHEN a page is asked for without a login
    THEN it redirects to the login page."""
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_post_without_a_login_is_401(client: FlaskClient) -> None:
    assert client.post("/remind", data={"csrf_token": token_of(client)}).status_code == 401
    assert client.get("/review", headers={"HX-Request": "true"}).status_code == 401


def test_wrong_password_stays_out(client: FlaskClient) -> None:
    response = client.post("/login", data={"name": "张三", "password": "guess", "csrf_token": token_of(client)})
    assert response.status_code == 200 and "密码不对" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("path", PAGES)
def test_pages_open_after_login(client: FlaskClient, path: str) -> None:
    log_in(client)
    assert client.get(path).status_code == 200


def test_session_cookie_is_httponly_and_samesite(client: FlaskClient) -> None:
    response = client.post("/login", data={"name": "张三", "password": PASSWORD, "csrf_token": token_of(client)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_needs_the_csrf_token(client: FlaskClient) -> None:
    client.get("/login")
    assert client.post("/login", data={"name": "张三", "password": PASSWORD}).status_code == 400
    assert client.get("/").status_code == 302


def test_a_form_without_the_csrf_token_is_refused(client: FlaskClient, desk: Config) -> None:
    """GIVEN a logged-in user WHEN a form is posted without (or with a wrong) CSRF token
    THEN it is refused and nothing changes; with the token it goes through."""
    token = log_in(client)
    cid = a_comment_id(client)
    form = {"decision": "采纳", "reason": "同意", "mode": "row"}
    assert client.post(f"/comments/{cid}/decision", data=form).status_code == 400
    assert client.post(f"/comments/{cid}/decision", data={**form, "csrf_token": "forged"}).status_code == 400
    assert client.post("/remind").status_code == 400
    assert "采纳" not in decided(client, cid)
    response = client.post(f"/comments/{cid}/decision", data={**form, "csrf_token": token}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "张三" in response.get_data(as_text=True)
    response = client.post(f"/comments/{cid}/decision", data={**form, "reason": "改", "mode": "row"},
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert response.status_code == 200


def decided(client: FlaskClient, cid: str) -> str:
    page = client.get(f"/comments/{cid}").get_data(as_text=True)
    return page.split("修改记录", 1)[1]


def test_after_login_only_local_paths_are_followed(client: FlaskClient) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post(f"/login?next={target}", data={"name": "张", "password": PASSWORD, "csrf_token": token_of(client)})
        assert response.headers["Location"] == "/", target


def test_mail_text_is_escaped_everywhere(client: FlaskClient) -> None:
    """GIVEN a reply whose comment, subject and attachment name hold markup
    WHEN the pages show them THEN they appear as text, never as tags."""
    log_in(client)
    escaped_script = "&lt;script&gt;window.__xss=1;alert(&#39;xss&#39;)&lt;/script&gt;"
    for path in ("/clauses", "/adoption", "/messages"):
        page = client.get(path).get_data(as_text=True)
        assert escaped_script in page, path
        assert SCRIPT_TEXT not in page and "<script>window" not in page, path
    messages = client.get("/messages").get_data(as_text=True)
    assert "安图县总工会的修改意见&lt;b&gt;加粗&lt;/b&gt;" in messages and HOSTILE_SUBJECT not in messages
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in messages and HOSTILE_FILENAME not in messages


def test_security_headers(client: FlaskClient) -> None:
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_open_desk_only_on_loopback(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    """GIVEN no [web] password_env WHEN asked from this machine THEN no login is needed;
    from elsewhere THEN refused."""
    config = desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "open", password=False)
    with create_app(config, config.store_path).test_client() as client:
        assert client.get("/").status_code == 200
        assert "操作人：<strong>本机</strong>" in client.get("/").get_data(as_text=True)
        assert client.get("/", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 403


def test_exposure_rules(desk: Config, monkeypatch: pytest.MonkeyPatch) -> None:
    check_exposure("127.0.0.1", None)
    check_exposure("::1", None)
    check_exposure("0.0.0.0", "secret", ("desk.example.org",))
    with pytest.raises(MailbotError, match="without a password"):
        check_exposure("0.0.0.0", None)
    with pytest.raises(MailbotError, match=r"needs \[web\] hosts"):
        check_exposure("0.0.0.0", "secret")
    monkeypatch.delenv(PASSWORD_ENV)
    with pytest.raises(ConfigError, match=PASSWORD_ENV):
        create_app(desk, desk.store_path)


def test_serve_refuses_an_open_desk_on_all_addresses(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    config = desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "open", password=False)
    result = CliRunner().invoke(cli, ["--config", str(config.path), "serve", "--host", "0.0.0.0", "--port", "9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: serve: refusing to listen on 0.0.0.0 without a password")


def test_an_open_desk_answers_only_to_loopback_names(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    """DNS rebinding: a page at attacker.example made to resolve to 127.0.0.1 must get nothing."""
    config = desk_copy(tmp_path_factory.getbasetemp(), tmp_path / "open", password=False)
    with create_app(config, config.store_path).test_client() as open_client:
        assert open_client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
        assert open_client.get("/", headers={"Host": "localhost:8765"}).status_code == 200
        refused = open_client.get("/", headers={"Host": "attacker.example:8765"})
        assert refused.status_code == 403 and "本机" in refused.get_data(as_text=True)


def test_a_post_from_another_site_is_refused(client: FlaskClient) -> None:
    token = log_in(client)
    cid = a_comment_id(client)
    form = {"decision": "采纳", "reason": "", "csrf_token": token}
    foreign = client.post(f"/comments/{cid}/decision", data=form, headers={"Origin": "http://attacker.example"})
    assert foreign.status_code == 403
    same = client.post(f"/comments/{cid}/decision", data=form, headers={"Origin": "http://localhost"})
    assert same.status_code in (200, 302)
