"""Every outgoing mail is a row in the store first (queued → sending → sent), then delivered.

Delivery is by SMTP (ssl / starttls / none, AUTH when a password is configured)
or, with `[smtp] kind = "folder"`, by writing the .eml into a folder. A row's `ref`
is unique: queueing the same receipt twice is a no-op.

A sender claims one row at a time (status 'sending', its own name, a lease) in one
write transaction before sending it, so two processes on one store can never send
the same row; a claim left by a process that died is taken back when its lease ends.
A pass uses one connection and stops at the first connection failure: an outage is
the server's, not each mail's, so it is told once (`Outage`) and the rows keep their
place. A mail the server refuses is retried with its own capped backoff, and given up
(status 'failed', shown by `status`) after MAX_REFUSALS permanent refusals.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import logging
import os
import random
import re
import smtplib
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mailbot.config import SmtpConfig
from mailbot.tls import tls_context
from mailbot.errors import ConfigError
from mailbot.health import Outage
from mailbot.store import Store, now
from mailbot.store import outbox as rows
from mailbot.store.outbox import Claimed

log = logging.getLogger(__name__)
ROW_BACKOFF_CAP = 600  # a refused mail is tried again at least every ten minutes
MAX_REFUSALS = 5  # permanent (5xx) refusals before a mail is given up
LEASE_SECONDS = 300  # longer than any one send (connect + data, each under TIMEOUT)
TIMEOUT = 20.0  # seconds a server may stay silent before the pass gives up on it
CONNECTION_ERRORS = (OSError, smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, smtplib.SMTPHeloError,
                     smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError, ConfigError)


def outbox_row(kind: str, recipients: list[str], subject: str, message: bytes, ref: str) -> dict[str, Any]:
    return {
        "kind": kind, "recipients": json.dumps(recipients), "subject": subject, "message": message,
        "status": "queued", "attempts": 0, "last_error": "", "queued_at": now(), "sent_at": "", "ref": ref,
        "next_attempt_at": "", "claimed_by": "", "lease_until": "",
    }


@dataclass
class DeliveryPass:
    sent: int = 0
    refused: int = 0
    error: str = ""  # the connection failure that ended the pass, if one did


def utc_stamp(seconds_from_now: float = 0.0) -> str:
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds_from_now)
    return moment.isoformat(timespec="seconds")


class Outbox:
    def __init__(self, store: Store, smtp: SmtpConfig, outage: Outage | None = None) -> None:
        self.store = store
        self.smtp = smtp
        self.outage = outage or Outage("smtp")
        self.name = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._client: smtplib.SMTP | None = None

    def queue(self, kind: str, recipients: list[str], subject: str, message: bytes, ref: str) -> bool:
        """Queue a mail; False when a mail with this ref is already queued or sent."""
        return rows.add(self.store, outbox_row(kind, recipients, subject, message, ref))

    def due_count(self) -> int:
        return rows.due_count(self.store, utc_stamp())

    def claim(self) -> Claimed | None:
        """Take the oldest due mail for this sender (without its bytes), or None."""
        return rows.claim(self.store, self.name, utc_stamp(LEASE_SECONDS), utc_stamp())

    def deliver_due(self, should_stop: Callable[[], bool] = lambda: False) -> DeliveryPass:
        """Send due mail over one connection until none is due, a stop is asked, or the
        connection fails. Each row is marked sent the moment the server accepts it, so a
        crash can at worst repeat the one mail in flight, never lose one."""
        result = DeliveryPass()
        self.release_orphans()
        if not self.due_count():
            return result
        started = time.monotonic()
        try:
            self._open()
            while not should_stop() and (row := self.claim()) is not None:
                self._send(row, result)
        except CONNECTION_ERRORS as exc:
            result.error = f"{type(exc).__name__}: {exc}"
            self._release_mine(result.error)
            self.outage.failed(f"cannot deliver mail via {self._where()}: {result.error}", f"{self.due_count()} waiting")
        else:
            self._after_success(result)
        finally:
            self._close()
        if result.sent:
            log.info("outbox sent %d mail(s) in %.1fs", result.sent, time.monotonic() - started)
        return result

    def _send(self, row: Claimed, result: DeliveryPass) -> None:
        try:
            self._deliver(row)
        except smtplib.SMTPResponseException as exc:  # refused by a server that is up (not a disconnect)
            result.refused += 1
            self._refused(row, exc.smtp_code, f"{type(exc).__name__}: {exc}")
        except smtplib.SMTPRecipientsRefused as exc:
            result.refused += 1
            codes = [code for code, _ in exc.recipients.values()]
            self._refused(row, min(codes) if codes else 550, f"SMTPRecipientsRefused: {exc.recipients}")
        else:
            result.sent += 1
            rows.mark_sent(self.store, row, now())
            log.debug("outbox sent id=%s kind=%s to=%s", row.id, row.kind, row.recipients)

    def _after_success(self, result: DeliveryPass) -> None:
        """The server works again: whatever waited on it is due now (one success re-arms the queue)."""
        if self.outage.down:
            self.outage.recovered()
            rows.due_now(self.store)

    def _refused(self, row: Claimed, code: int, error: str) -> None:
        attempts = row.attempts + 1
        permanent = code >= 500
        given_up = permanent and attempts >= MAX_REFUSALS
        delay = min(ROW_BACKOFF_CAP, 5 * 2 ** min(attempts - 1, 12)) * random.uniform(0.5, 1.0)
        rows.mark_refused(self.store, row.id, given_up=given_up, attempts=attempts, error=error, retry_at=utc_stamp(delay))
        if given_up:
            log.error("outbox gave up id=%s to=%s after %s refusals: %s", row.id, row.recipients, attempts, error)
        else:
            log.warning("outbox refused id=%s to=%s attempt=%s retry_in=%.0fs: %s", row.id, row.recipients, attempts, delay, error)
        self.store.log_event("error" if given_up else "warning", "outbox", row.ref, error)

    def release_orphans(self) -> None:
        """Claims left by a sender on this machine that no longer runs (killed -9) are due
        again now, not when their lease ends."""
        host = socket.gethostname()
        dead = [o for o in rows.claimants(self.store) if o.split(":")[0] == host and not _alive(o.split(":")[1])]
        rows.release_claims(self.store, dead)

    def _release_mine(self, error: str) -> None:
        """The connection failed: the row in flight waits for the next pass, counted, in its place."""
        rows.release_failed(self.store, self.name, error)

    def _deliver(self, row: Claimed) -> None:
        recipients = json.loads(row.recipients)
        message = rows.message_bytes(self.store, row.id)
        if self._client is None:
            write_to_folder(self.smtp.path or Path("outbox"), row.id, message)
            return
        # smtplib sends bytes as they are: make every line end CRLF, as SMTP requires.
        message = re.sub(rb"(?<!\r)\n", b"\r\n", message)
        self._client.sendmail(email.utils.parseaddr(self.smtp.sender)[1], recipients, message)

    def _open(self) -> None:
        if self.smtp.kind != "folder":
            smtp_connection(self.smtp, on_socket=self._set_client)

    def _set_client(self, client: smtplib.SMTP) -> None:
        self._client = client

    def _close(self) -> None:
        client, self._client = self._client, None
        _drop(client, quit_first=True)

    def abort(self) -> None:
        """From another thread, at shutdown: cut the connection in use so a silent server
        cannot hold the process (the send in flight fails and its row waits for next time)."""
        client = self._client
        sock = getattr(client, "sock", None)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def _where(self) -> str:
        return f"{self.smtp.host}:{self.smtp.port}" if self.smtp.kind != "folder" else str(self.smtp.path)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True  # it runs, as another user
    return True


def _drop(client: smtplib.SMTP | None, quit_first: bool = False) -> None:
    """Close a connection (after a failure it may be half-broken: never raise)."""
    if client is None:
        return None
    try:
        if quit_first and getattr(client, "sock", None) is not None:
            client.quit()
    except (OSError, smtplib.SMTPException):
        pass
    finally:
        client.close()
    return None


def write_to_folder(folder: Path, row_id: int, message: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{row_id:06d}.eml"
    temporary = target.with_suffix(".tmp")
    temporary.write_bytes(message)
    os.replace(temporary, target)


def smtp_connection(config: SmtpConfig, timeout: float = TIMEOUT,
                    on_socket: Callable[[smtplib.SMTP], None] | None = None) -> smtplib.SMTP:
    """A logged-in connection. `on_socket` is given the client before it connects, so another
    thread can cut a connection that hangs (Outbox.abort)."""
    if config.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(timeout=timeout, context=tls_context(config.ca_file))
    else:
        client = smtplib.SMTP(timeout=timeout)
    if on_socket is not None:
        on_socket(client)
    client.connect(config.host, config.port)
    if config.tls == "starttls":
        client.starttls(context=tls_context(config.ca_file))
    if config.password_env:
        password = os.environ.get(config.password_env)
        if password is None:
            raise ConfigError(f"config: smtp.password_env: environment variable {config.password_env} is not set")
        client.login(config.username, password)
    return client
