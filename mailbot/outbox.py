"""Every outgoing mail is a row in the store first (queued → sent), then delivered.

Delivery is by SMTP (ssl / starttls / none, AUTH when a password is configured)
or, with `[smtp] kind = "folder"`, by writing the .eml into a folder. A failed
attempt is recorded on the row and retried later with a capped exponential
backoff, so nothing queued is lost across restarts. A row's `ref` is unique:
queueing the same receipt twice is a no-op.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import logging
import os
import re
import smtplib
import ssl
from pathlib import Path
from typing import Any

from mailbot.config import SmtpConfig
from mailbot.errors import ConfigError
from mailbot.store import Store, now

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 3600


def outbox_row(kind: str, recipients: list[str], subject: str, message: bytes, ref: str) -> dict[str, Any]:
    return {
        "kind": kind, "recipients": json.dumps(recipients), "subject": subject, "message": message,
        "status": "queued", "attempts": 0, "last_error": "", "queued_at": now(), "sent_at": "", "ref": ref,
        "next_attempt_at": "",
    }


class Outbox:
    def __init__(self, store: Store, smtp: SmtpConfig) -> None:
        self.store = store
        self.smtp = smtp

    def queue(self, kind: str, recipients: list[str], subject: str, message: bytes, ref: str) -> bool:
        """Queue a mail; False when a mail with this ref is already queued or sent."""
        with self.store.writing():
            if self.store.db.execute("select 1 from outbox where ref = ?", [ref]).fetchone():
                return False
            self.store.db["outbox"].insert(outbox_row(kind, recipients, subject, message, ref))  # type: ignore[union-attr]
        return True

    def due(self, at: datetime.datetime | None = None) -> list[dict[str, Any]]:
        """The mail due now, oldest first, without its bytes (a backlog of thousands of
        receipts would otherwise all be in memory at once): `_deliver` reads them one by one."""
        moment = (at or datetime.datetime.now().astimezone()).isoformat(timespec="seconds")
        return list(self.store.db["outbox"].rows_where(
            "status = 'queued' and (next_attempt_at = '' or next_attempt_at is null or next_attempt_at <= ?)",
            [moment], order_by="id", select="id, kind, recipients, attempts, ref",
        ))

    def deliver_due(self) -> tuple[int, int]:
        """Try every due mail once, over one SMTP connection; returns (sent, failed).
        Each row is marked sent the moment the server accepts it, before anything else,
        so a crash can at worst repeat the one mail in flight, never lose one."""
        rows = self.due()
        if not rows:
            return 0, 0
        sent = failed = 0
        client: smtplib.SMTP | None = None
        try:
            for row in rows:
                try:
                    if client is None and self.smtp.kind != "folder":
                        client = smtp_connection(self.smtp)
                    self._deliver(row, client)
                except (OSError, smtplib.SMTPException, ConfigError) as exc:
                    failed += 1
                    self._failed(row, exc)
                    client = _drop(client)
                else:
                    sent += 1
                    self.store.db["outbox"].update(row["id"], {"status": "sent", "sent_at": now(), "attempts": row["attempts"] + 1})  # type: ignore[union-attr]
                    log.info("outbox sent id=%s kind=%s to=%s", row["id"], row["kind"], row["recipients"])
        finally:
            _drop(client, quit_first=True)
        return sent, failed

    def _failed(self, row: dict[str, Any], exc: Exception) -> None:
        attempts = row["attempts"] + 1
        delay = min(MAX_BACKOFF_SECONDS, 5 * 2 ** min(attempts - 1, 12))
        retry_at = datetime.datetime.now().astimezone() + datetime.timedelta(seconds=delay)
        error = f"{type(exc).__name__}: {exc}"
        self.store.db["outbox"].update(row["id"], {  # type: ignore[union-attr]
            "attempts": attempts, "last_error": error, "next_attempt_at": retry_at.isoformat(timespec="seconds"),
        })
        log.warning("outbox failed id=%s attempt=%s retry_in=%ss error=%s", row["id"], attempts, delay, error)
        self.store.log_event("warning", "outbox", row["ref"], error)

    def _deliver(self, row: dict[str, Any], client: smtplib.SMTP | None) -> None:
        recipients = json.loads(row["recipients"])
        message = self.store.db.execute("select message from outbox where id = ?", [row["id"]]).fetchone()[0]
        if client is None:
            write_to_folder(self.smtp.path or Path("outbox"), row["id"], message)
            return
        # smtplib sends bytes as they are: make every line end CRLF, as SMTP requires.
        message = re.sub(rb"(?<!\r)\n", b"\r\n", message)
        client.sendmail(email.utils.parseaddr(self.smtp.sender)[1], recipients, message)


def _drop(client: smtplib.SMTP | None, quit_first: bool = False) -> None:
    """Close a connection (after a failure it may be half-broken: never raise)."""
    if client is None:
        return None
    try:
        if quit_first:
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


def tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """Certificates are verified; a CA file may be given for a private CA."""
    return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)


def smtp_connection(config: SmtpConfig) -> smtplib.SMTP:
    timeout = 30
    if config.tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(config.host, config.port, timeout=timeout, context=tls_context(config.ca_file))
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=timeout)
        if config.tls == "starttls":
            client.starttls(context=tls_context(config.ca_file))
    if config.password_env:
        password = os.environ.get(config.password_env)
        if password is None:
            client.close()
            raise ConfigError(f"config: smtp.password_env: environment variable {config.password_env} is not set")
        client.login(config.username, password)
    return client
