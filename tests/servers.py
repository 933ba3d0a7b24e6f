"""Real mail servers on loopback for the integration tests: Dovecot (IMAP) and aiosmtpd (SMTP).

Plain classes, no pytest: `tests/mailbot/conftest.py` wraps them in fixtures. See docs/TESTING.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import imapclient
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"
START_TIMEOUT = 10.0


class ServerError(RuntimeError):
    """A test server could not be started or stopped; the message carries its log tail."""


def free_port(host: str = HOST) -> int:
    """A TCP port on `host` that nothing listens on right now."""
    return free_ports(1, host)[0]


def free_ports(count: int, host: str = HOST) -> list[int]:
    """`count` distinct free ports (all held open together while choosing, so they differ)."""
    with contextlib.ExitStack() as stack:
        ports = []
        for _ in range(count):
            sock = stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
            sock.bind((host, 0))
            ports.append(sock.getsockname()[1])
        return ports


def port_open(host: str, port: int) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll `condition()` until it is true or `timeout` seconds pass; return its last value."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return bool(condition())
        time.sleep(interval)
    return True


@dataclass(frozen=True)
class Certificate:
    """A self-signed certificate for CN=localhost, SAN DNS:localhost and IP:127.0.0.1.

    :ivar cert_file: PEM certificate; clients use it as their CA file.
    :ivar key_file: PEM private key (unencrypted).
    """

    cert_file: Path
    key_file: Path

    def client_context(self) -> ssl.SSLContext:
        """A client context that trusts only this certificate, with verification on."""
        return ssl.create_default_context(cafile=str(self.cert_file))

    def server_context(self) -> ssl.SSLContext:
        """A server context presenting this certificate."""
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert_file), str(self.key_file))
        return context


def make_certificate(folder: Path) -> Certificate:
    """Generate a self-signed certificate into `folder` with openssl."""
    folder.mkdir(parents=True, exist_ok=True)
    cert, key = folder / "cert.pem", folder / "key.pem"
    command = [
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout", str(key), "-out", str(cert),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServerError(f"openssl could not make a test certificate: {result.stderr.strip()}")
    cert.chmod(0o644)  # the key stays 0600: only Dovecot's master (root) reads it
    return Certificate(cert, key)


def dovecot_version() -> tuple[int, int]:
    """(major, minor) of the installed Dovecot, e.g. (2, 3)."""
    output = subprocess.run(
        ["dovecot", "--version"], capture_output=True, text=True, check=True
    ).stdout
    match = re.match(r"(\d+)\.(\d+)", output.strip())
    if match is None:
        raise ServerError(f"cannot read the Dovecot version from {output!r}")
    return int(match.group(1)), int(match.group(2))


# What both versions say alike: no login penalty, and the two listeners.
_SERVICES = """\
auth_failure_delay = 0
service anvil {{
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = {tls_port}
    ssl = yes
  }}
}}
"""

_CONFIG_23 = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = {host}
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/%u
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
stats_writer_socket_path =
""" + _SERVICES + """passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users/%u
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
"""

# Dovecot 2.4 (Debian 13) renamed most keys; written from doc.dovecot.org/2.4, not yet run here.
_CONFIG_24 = """\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = {host}
ssl = yes
ssl_server_cert_file = {cert}
ssl_server_key_file = {key}
auth_allow_cleartext = yes
auth_mechanisms = plain login
mail_driver = maildir
mail_path = {root}/mail/%{{user}}
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
""" + _SERVICES + """passdb passwd-file {{
  passwd_file_path = {root}/users/%{{user}}
}}
userdb static {{
  fields {{
    uid = {uid}
    gid = {gid}
    home = {root}/home/%{{user}}
  }}
}}
"""


class DovecotServer:
    """A throwaway Dovecot IMAP server in its own folder, on two free loopback ports.

    `port` speaks plain IMAP and offers STARTTLS (plaintext login allowed); `tls_port` is
    implicit TLS (imaps). Both present `certificate`, whose `ca_file` clients trust.
    Users live in one passwd-file each (`add_user`), mail in `<root>/mail/<user>` as Maildir.

    :ivar root: the server's folder (config, log, users, mail); kept across restart().
    :ivar host: 127.0.0.1.
    :ivar port: plain IMAP port (STARTTLS available).
    :ivar tls_port: imaps port (TLS on connect).
    :ivar ca_file: the self-signed certificate to give clients as CA file.
    """

    def __init__(self, root: Path | None = None, certificate: Certificate | None = None) -> None:
        if shutil.which("dovecot") is None:
            raise ServerError(
                "dovecot is not installed: run scripts/test (it installs dovecot-imapd) "
                "or apt-get install -y dovecot-imapd"
            )
        self._owns_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="mailbot-dovecot-")) if root is None else root
        self.host = HOST
        self.port, self.tls_port = free_ports(2)
        self.certificate = certificate or make_certificate(self.root / "tls")
        self.ca_file = self.certificate.cert_file
        self.config_file = self.root / "dovecot.conf"
        self.log_file = self.root / "dovecot.log"
        self.users_dir = self.root / "users"
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._prepare()

    def _prepare(self) -> None:
        dovecot = pwd.getpwnam("dovecot")
        group = grp.getgrnam("dovecot")
        self.root.chmod(0o755)  # the login and imap processes run as dovecot/dovenull
        for name in ("mail", "home"):
            folder = self.root / name
            folder.mkdir(exist_ok=True)
            os.chown(folder, dovecot.pw_uid, group.gr_gid)
        self.users_dir.mkdir(exist_ok=True)
        self.users_dir.chmod(0o755)
        template = _CONFIG_23 if dovecot_version() < (2, 4) else _CONFIG_24
        self.config_file.write_text(
            template.format(
                root=self.root, host=self.host, port=self.port, tls_port=self.tls_port,
                cert=self.certificate.cert_file, key=self.certificate.key_file,
                uid=dovecot.pw_uid, gid=group.gr_gid,
            ),
            encoding="utf-8",
        )

    def add_user(self, name: str, password: str) -> None:
        """Add a login, usable at once (no restart).

        Each user gets its own passwd-file, `users/<name>`: Dovecot re-checks a passwd-file at
        most once a second, so users appended to one shared file could stay unknown for 1 s.
        """
        if ":" in name + password or "\n" in name + password or "/" in name:
            raise ValueError("a passwd-file user name or password cannot hold ':', '/' or newlines")
        path = self.users_dir / name
        if path.exists():
            raise ValueError(f"user {name} already exists")
        path.write_text(f"{name}:{{PLAIN}}{password}\n", encoding="utf-8")
        path.chmod(0o644)

    def start(self) -> None:
        """Run dovecot in the foreground as our child; return once both ports greet (max 10 s)."""
        if self._process is not None:
            raise ServerError("dovecot is already running")
        self._stderr = (self.root / "dovecot.stderr").open("ab")
        self._process = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.config_file)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
        )
        process = self._process
        up = wait_until(
            lambda: process.poll() is not None
            or (self._greets(tls=False) and self._greets(tls=True)),
            START_TIMEOUT,
        )
        if not up or process.poll() is not None:
            self._kill()
            raise ServerError(f"dovecot did not start on {self.host}:{self.port}\n{self.log_tail()}")

    def stop(self) -> None:
        """`doveadm stop`, then wait until the process has exited and the ports are closed."""
        process = self._process
        if process is None:
            return
        sessions = _children(process.pid)
        # doveadm polls until the master pid is gone; the master is our child, so it stays a
        # zombie (and doveadm waits its full 3 s) unless we reap it meanwhile: run both at once.
        doveadm = subprocess.Popen(
            ["doveadm", "-c", str(self.config_file), "stop"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            process.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            self._kill()
            raise ServerError(f"dovecot did not stop within {START_TIMEOUT} s\n{self.log_tail()}") from None
        finally:
            doveadm.wait(timeout=START_TIMEOUT)
            self._close_process()
        _kill_all(sessions)  # imap processes can outlive the master: end them, as a real outage would
        if not wait_until(lambda: not port_open(self.host, self.port), START_TIMEOUT):
            raise ServerError(f"port {self.port} still open after dovecot stopped")

    def restart(self) -> None:
        """Stop and start again on the same ports, keeping users and mail."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop, and remove the server's folder if this object created it."""
        try:
            self.stop()
        finally:
            if self._owns_root:
                shutil.rmtree(self.root, ignore_errors=True)

    def client(self, user: str, password: str, tls: bool = False) -> imapclient.IMAPClient:
        """A logged-in IMAPClient: plain port, or the imaps port with verification on."""
        if tls:
            client = imapclient.IMAPClient(
                self.host, self.tls_port, ssl=True,
                ssl_context=self.certificate.client_context(), timeout=START_TIMEOUT,
            )
        else:
            client = imapclient.IMAPClient(self.host, self.port, ssl=False, timeout=START_TIMEOUT)
        try:
            client.login(user, password)
        except BaseException:
            client.shutdown()
            raise
        return client

    def _greets(self, tls: bool) -> bool:
        """True when the port answers with an IMAP greeting; logs out cleanly.

        A bare connect-and-close leaves an imap-login process mid-handshake, and a stop()
        right after then takes dovecot 5 s to shut down.
        """
        try:
            with socket.create_connection((self.host, self.tls_port if tls else self.port), 1.0) as raw:
                if not tls:
                    return _imap_logout(raw)
                context = self.certificate.client_context()
                with context.wrap_socket(raw, server_hostname=self.host) as wrapped:
                    return _imap_logout(wrapped)
        except OSError:
            return False

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of dovecot's log and stderr, for error messages."""
        text = ""
        for path in (self.root / "dovecot.stderr", self.log_file):
            if path.exists():
                text += path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _kill(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait(timeout=START_TIMEOUT)
            self._close_process()

    def _close_process(self) -> None:
        if self._stderr is not None:
            self._stderr.close()
        self._stderr = None
        self._process = None


def _children(pid: int) -> list[int]:
    """The processes the master started (logins, imap sessions), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _imap_logout(sock: socket.socket) -> bool:
    """Read an IMAP greeting, send LOGOUT and read until the server closes."""
    greeting = sock.recv(4096)
    if not greeting.startswith(b"* OK"):
        return False
    sock.sendall(b"z LOGOUT\r\n")
    while sock.recv(4096):
        pass
    return True


class _Recorder:
    """aiosmtpd handler: keeps every accepted envelope; optionally demands AUTH before MAIL."""

    def __init__(self, credentials: tuple[str, str] | None) -> None:
        self.credentials = credentials
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.changed = threading.Condition()

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        if self.credentials is None or not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = self.credentials
        ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        # aiosmtpd's own auth_required warns (UserWarning) when TLS is not also required,
        # which filterwarnings=error turns into a failure; enforce AUTH here instead.
        if self.credentials is not None and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or b""
        with self.changed:
            self.messages.append((envelope.mail_from or "", list(envelope.rcpt_tos), content))
            self.changed.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    """An aiosmtpd server on a free loopback port that keeps what it receives.

    `require_auth=(user, password)` advertises AUTH PLAIN/LOGIN (also without TLS) and refuses
    MAIL until the client has logged in; `certificate` adds STARTTLS. stop() closes the
    listening socket, so connections are refused until start() binds the same port again.

    :ivar host: 127.0.0.1.
    :ivar port: the SMTP port, fixed for the object's life.
    """

    def __init__(
        self,
        *,
        require_auth: tuple[str, str] | None = None,
        certificate: Certificate | None = None,
        port: int | None = None,
    ) -> None:
        self.host = HOST
        self.port = port or free_port()
        self.require_auth = require_auth
        self.certificate = certificate
        self._recorder = _Recorder(require_auth)
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[tuple[str, list[str], bytes]]:
        """(mail_from, rcpt_tos, content bytes) of every message received, oldest first."""
        with self._recorder.changed:
            return list(self._recorder.messages)

    def start(self) -> None:
        if self._controller is not None:
            raise ServerError("SMTP server is already running")
        # A Controller closes its event loop on stop, so each start needs a new one.
        options: dict[str, Any] = {"server_hostname": "localhost", "ready_timeout": START_TIMEOUT}
        if self.require_auth is not None:
            options.update(authenticator=self._recorder.authenticate, auth_require_tls=False)
        if self.certificate is not None:
            options.update(tls_context=self.certificate.server_context())
        controller = Controller(
            self._recorder, hostname=self.host, port=self.port,
            loop=asyncio.new_event_loop(), **options,
        )
        try:
            controller.start()
        except BaseException:
            controller.loop.close()
            raise
        self._controller = controller

    def stop(self) -> None:
        """Stop serving; the port refuses connections afterwards."""
        if self._controller is None:
            return
        self._controller.stop()
        self._controller = None
        if not wait_until(lambda: not port_open(self.host, self.port), START_TIMEOUT):
            raise ServerError(f"SMTP port {self.port} still open after stop()")

    def wait_for(self, count: int, timeout: float = 5.0) -> bool:
        """Block until at least `count` messages have arrived; False on timeout."""
        with self._recorder.changed:
            return self._recorder.changed.wait_for(
                lambda: len(self._recorder.messages) >= count, timeout
            )
