"""The [web] section: typed settings, and every mistake one line naming the key (and the
keys there are), never the value of a password written where it must not be."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from desk_helpers import CAMPAIGN
from helpers import write_config

from mailbot.cli import cli
from mailbot.config import WebConfig, load_config
from mailbot.errors import ConfigError

KNOWN = "(known: host, hosts, idle_minutes, password_env, port)"


def config_with(tmp_path: Path, web: str) -> Path:
    return write_config(tmp_path, CAMPAIGN, extra="[web]\n" + web.strip() + "\n")


def test_web_settings_are_typed(tmp_path: Path) -> None:
    config = load_config(config_with(tmp_path, '''
        password_env = "DESK_PASSWORD"
        host = "0.0.0.0"
        port = 8443
        hosts = ["Desk.Example.org", "192.0.2.7", "[2001:db8::1]"]
        idle_minutes = 30
    '''))
    assert config.web == WebConfig(password_env="DESK_PASSWORD", host="0.0.0.0", port=8443,
                                   hosts=("desk.example.org", "192.0.2.7", "2001:db8::1"), idle_minutes=30)


def test_without_a_web_section_the_defaults_hold(tmp_path: Path) -> None:
    assert load_config(write_config(tmp_path, CAMPAIGN)).web == WebConfig("", "127.0.0.1", 8080, (), 480)


@pytest.mark.parametrize(
    ("web", "message"),
    [
        ('pasword_env = "X"', f"config: web.pasword_env: unknown key (did you mean password_env?) {KNOWN}"),
        ('host_names = ["desk.example.org"]', f"config: web.host_names: unknown key {KNOWN}"),
        ('idle_minute = 30', f"config: web.idle_minute: unknown key (did you mean idle_minutes?) {KNOWN}"),
        ('password = "s3cret-value"', "config: web.password: passwords must not be written in the config file; put it "
                                      f"in an environment variable and name that variable with web.password_env {KNOWN}"),
        ('hosts = "desk.example.org"', "config: web.hosts: must be a list of strings"),
        ('hosts = ["https://desk.example.org/"]', "config: web.hosts: 'https://desk.example.org/' is not a host name; "
                                                  "write only the name clerks type in the browser, like \"desk.example.org\" "
                                                  "(no scheme, port or path)"),
        ('hosts = ["desk.example.org:8443"]', "config: web.hosts: 'desk.example.org:8443' is not a host name"),
        ("idle_minutes = 0", "config: web.idle_minutes: must be a positive whole number, not 0"),
        ('idle_minutes = "8h"', "config: web.idle_minutes: must be a positive whole number, not '8h'"),
        ("port = 70000", "config: web.port: must be a port number (1-65535), not 70000"),
        ("host = 1", "config: web.host: must be a string, not 1"),
    ],
)
def test_web_mistakes_name_the_key(tmp_path: Path, web: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(config_with(tmp_path, web))
    assert str(caught.value).startswith(message)
    assert "s3cret-value" not in str(caught.value)


def test_a_misspelt_key_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--config", str(config_with(tmp_path, 'pasword_env = "X"')), "serve"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: config: web.pasword_env: unknown key (did you mean password_env?) {KNOWN}\n"


def test_serve_beyond_this_machine_needs_hosts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESK_PASSWORD", "pw")
    result = CliRunner().invoke(cli, ["--config", str(config_with(tmp_path, 'password_env = "DESK_PASSWORD"')),
                                      "serve", "--host", "0.0.0.0", "--port", "9"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: serve: listening on 0.0.0.0 needs [web] hosts")
