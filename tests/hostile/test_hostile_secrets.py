"""Hostile input, case 7: secrets. A password is never read from the config file, and one
from the environment never reaches the output, the store or the log."""

from __future__ import annotations

import logging
import socket
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hostile_harness import CAMPAIGN, Bot, run_cli, start
from helpers import write_config

PASSWORD = "Tr0ub4dor&3-hostile-secret"


def test_a_password_in_the_config_is_refused_without_echoing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN password = "..." under [mailbox] WHEN any command runs THEN it exits 1 with one
    line naming password_env, and the value is not printed."""
    monkeypatch.chdir(tmp_path)
    config = write_config(tmp_path, CAMPAIGN)
    config.write_text(config.read_text(encoding="utf-8").replace("[mailbox]\n", f'[mailbox]\npassword = "{PASSWORD}"\n'),
                      encoding="utf-8")
    result = run_cli(config, "init")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "mailbox.password" in lines[0] and "password_env" in lines[0], lines
    assert PASSWORD not in result.output and "Traceback" not in result.output


def imap_config(port: int) -> str:
    return (
        f'kind = "imap"\nhost = "127.0.0.1"\nport = {port}\ntls = "none"\n'
        'username = "xcjyb@ybgh.example"\npassword_env = "MAILBOT_HOSTILE_PASSWORD"\n'
    )


def with_imap(bot: Bot, port: int) -> None:
    text = bot.config.read_text(encoding="utf-8")
    start_at = text.index("[mailbox]\n") + len("[mailbox]\n")
    end_at = text.index("[smtp]")
    bot.config.write_text(text[:start_at] + imap_config(port) + text[end_at:], encoding="utf-8")


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RefusingImap(socketserver.StreamRequestHandler):
    """Just enough IMAP to greet, take a LOGIN and refuse it."""

    received: list[bytes] = []

    def handle(self) -> None:
        self.wfile.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hostile test server ready\r\n")
        for line in self.rfile:
            self.received.append(line)
            tag, _, command = line.decode("utf-8", "replace").partition(" ")
            verb = command.split(" ", 1)[0].strip().upper()
            if verb == "LOGIN":
                self.wfile.write(f"{tag} NO [AUTHENTICATIONFAILED] Authentication failed.\r\n".encode())
            elif verb == "LOGOUT":
                self.wfile.write(f"* BYE logging out\r\n{tag} OK LOGOUT completed\r\n".encode())
                return
            elif verb == "CAPABILITY":
                self.wfile.write(f"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n".encode())
            else:
                self.wfile.write(f"{tag} BAD unknown command\r\n".encode())


@pytest.fixture
def refusing_imap() -> Iterator[int]:
    RefusingImap.received = []
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), RefusingImap) as server:
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield int(server.server_address[1])
        finally:
            server.shutdown()
            thread.join()


@pytest.mark.parametrize("server", ["closed_port", "login_refused"])
def test_an_imap_failure_never_shows_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, request: pytest.FixtureRequest,
    server: str,
) -> None:
    """GIVEN the IMAP password in the variable password_env names, and a server that is down
    (a closed loopback port) or refuses the login WHEN `mailbot poll --once` runs THEN it
    exits 1 with one line, and the password is in neither the output, the store nor the log."""
    caplog.set_level(logging.DEBUG)
    bot = start(tmp_path, monkeypatch)
    port = closed_port() if server == "closed_port" else request.getfixturevalue("refusing_imap")
    with_imap(bot, port)
    monkeypatch.setenv("MAILBOT_HOSTILE_PASSWORD", PASSWORD)
    result = bot.cli("-v", "poll", "--once")
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: mailbox:") and f"127.0.0.1:{port}" in lines[0], result.output
    assert "Traceback" not in result.output
    if server == "login_refused":
        assert any(PASSWORD.encode() in line for line in RefusingImap.received)  # it was really sent
    assert PASSWORD not in result.output
    assert all(PASSWORD not in record.getMessage() and PASSWORD not in str(record.args) for record in caplog.records)
    assert PASSWORD not in caplog.text
    for path in (bot.root / "var").rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
