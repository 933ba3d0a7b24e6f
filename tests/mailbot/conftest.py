"""Real servers for the mailbot integration tests: Dovecot (IMAP) and aiosmtpd (SMTP).

See docs/TESTING.md. The server classes live in tests/servers.py.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from servers import Certificate, DovecotServer, SmtpServer, make_certificate


_user_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def certificate() -> Iterator[Certificate]:
    """A self-signed certificate for localhost/127.0.0.1, shared by Dovecot and SMTP."""
    folder = Path(tempfile.mkdtemp(prefix="mailbot-tls-"))
    try:
        yield make_certificate(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def dovecot(certificate: Certificate) -> Iterator[DovecotServer]:
    """One Dovecot for the whole session; fails (never skips) when dovecot is missing."""
    if shutil.which("dovecot") is None:
        pytest.fail(
            "dovecot is not installed; the IMAP tests need a real server. Run scripts/test "
            "(it installs dovecot-imapd) or: apt-get install -y dovecot-imapd",
            pytrace=False,
        )
    server = DovecotServer(certificate=certificate)
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture
def imap_user(dovecot: DovecotServer) -> tuple[str, str]:
    """A fresh (user, password) on the session's Dovecot, so tests never share a mailbox."""
    number = next(_user_numbers)
    user, password = f"u{number}@ybgh.example", f"secret-{number}"
    dovecot.add_user(user, password)
    return user, password


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP server without AUTH or TLS; stopped after the test."""
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def make_smtp_server(certificate: Certificate) -> Iterator[Callable[..., SmtpServer]]:
    """Factory for SMTP variants: make_smtp_server(require_auth=(u, p), starttls=True)."""
    servers: list[SmtpServer] = []

    def make(*, require_auth: tuple[str, str] | None = None, starttls: bool = False) -> SmtpServer:
        server = SmtpServer(require_auth=require_auth, certificate=certificate if starttls else None)
        server.start()
        servers.append(server)
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()
