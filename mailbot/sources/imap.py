"""The campaign mailbox over IMAP, with imapclient.

New mail is found by UID range (`UID <last+1>:*`), never by \\Seen and never with
a SEARCH CHARSET (Exchange, Yahoo and Aliyun reject those). The folder's
UIDVALIDITY and last UID are kept in the store's `state` table; a new
UIDVALIDITY means a rescan, and Message-ID keeps that exactly-once. A message is
flagged \\Seen and moved only after the caller has archived and stored it.
Capabilities are read once after login: IDLE or polling, MOVE or COPY+expunge.
"""

from __future__ import annotations

import logging
import os
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from types import TracebackType

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

from mailbot.config import MailboxConfig
from mailbot.errors import ConfigError, SourceError
from mailbot.sources.base import BATCH
from mailbot.store import Store, positions
from mailbot.tls import tls_context
from mailbot.sources.waiting import sleep_until_stopped

log = logging.getLogger(__name__)
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: re-issue IDLE before the server's 29-minute timeout
NETWORK_ERRORS = (OSError, socket.timeout, ssl.SSLError, IMAPClientError, EOFError)


class ImapSource:
    def __init__(self, config: MailboxConfig, store: Store, timeout: float = 60) -> None:
        self.config = config
        self.store = store
        self.timeout = timeout
        self.client: IMAPClient | None = None
        self.can_idle = self.can_move = False
        self.validity = 0

    # connection -----------------------------------------------------------
    def __enter__(self) -> ImapSource:
        self.connect()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def connect(self) -> None:
        c = self.config
        password = os.environ.get(c.password_env) if c.password_env else None
        if password is None:
            raise ConfigError(f"config: mailbox.password_env: environment variable {c.password_env} is not set")
        context = tls_context(c.ca_file)
        try:
            client = IMAPClient(c.host, port=c.port, ssl=c.tls == "ssl", ssl_context=context if c.tls == "ssl" else None,
                                timeout=self.timeout)
        except NETWORK_ERRORS as exc:
            raise SourceError(
                f"mailbox: cannot connect to {c.host}:{c.port} ({type(exc).__name__}: {exc}); "
                "check [mailbox] host, port and tls, and that the server is up"
            ) from exc
        try:
            if c.tls == "starttls":
                client.starttls(context)
            client.login(c.username, password)
        except IMAPClientError as exc:
            _quietly_close(client)
            raise SourceError(f"mailbox: login to {c.host}:{c.port} as {c.username} failed: {exc}") from exc
        self.client = client
        self.can_idle = client.has_capability("IDLE")
        self.can_move = client.has_capability("MOVE")
        for folder in (c.processed_folder, c.failed_folder):
            if folder and not client.folder_exists(folder):
                client.create_folder(folder)
        log.info("imap connected host=%s folder=%s idle=%s move=%s", c.host, c.folder, self.can_idle, self.can_move)

    def close(self) -> None:
        if self.client is not None:
            _quietly_close(self.client)
            self.client = None

    def _client(self) -> IMAPClient:
        if self.client is None:
            raise SourceError("mailbox: not connected")
        return self.client

    # reading --------------------------------------------------------------
    def _position(self) -> int:
        """Select the folder; return the last UID already handled in this UIDVALIDITY epoch."""
        folder = self.config.folder
        selected = self._client().select_folder(folder)
        validity = self.validity = int(selected[b"UIDVALIDITY"])
        known = positions.of_folder(self.store, folder)
        if known and known.uidvalidity == validity:
            return known.last_uid
        if known:
            log.warning("imap uidvalidity changed folder=%s old=%s new=%s: rescanning", folder, known.uidvalidity, validity)
            self.store.log_event("warning", "uidvalidity", detail=f"{folder}: {known.uidvalidity} -> {validity}, rescan")
        self._save_position(validity, 0)
        return 0

    def _save_position(self, validity: int, last_uid: int) -> None:
        positions.save(self.store, positions.Position(self.config.folder, validity, last_uid))

    def batches(self) -> Iterator[list[tuple[int, bytes, str]]]:
        """Batches of (uid, raw bytes, where) not yet handled, oldest first, fetched BATCH
        at a time; `done` is told after each batch is stored."""
        last = self._position()
        uids = sorted(u for u in self._client().search(["UID", f"{last + 1}:*"]) if u > last)
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            fetched = self._client().fetch(batch, ["BODY.PEEK[]"])
            found = [(uid, fetched.get(uid, {}).get(b"BODY[]")) for uid in batch]
            yield [(uid, data, f"imap:{self.config.folder}:{uid}") for uid, data in found if isinstance(data, bytes)]

    def done(self, stored: list[int], failed: list[int]) -> None:
        """After the messages are stored: flag them Seen, move them, remember the last UID.
        Done per batch, not per message: a crash in between only means they are fetched
        again, and Message-ID makes that a no-op."""
        client = self._client()
        if stored:
            client.add_flags(stored, [b"\\Seen"])
        for uids, target in ((stored, self.config.processed_folder), (failed, self.config.failed_folder)):
            if uids and target:
                self._move(client, uids, target)
        if stored or failed:
            self._save_position(self.validity, max(stored + failed))

    def _move(self, client: IMAPClient, uids: list[int], target: str) -> None:
        if self.can_move:
            client.move(uids, target)
        else:
            client.copy(uids, target)
            client.delete_messages(uids)
            client.uid_expunge(uids)

    # waiting --------------------------------------------------------------
    def wait(self, seconds: float, should_stop: Callable[[], bool]) -> None:
        """Wait for new mail: IDLE where the server has it (woken at once), else sleep."""
        client = self._client()
        if not self.can_idle:
            sleep_until_stopped(seconds, should_stop)
            return
        end = time.monotonic() + min(seconds, IDLE_RENEW_SECONDS)
        client.idle()
        try:
            while not should_stop() and time.monotonic() < end:
                responses = client.idle_check(timeout=min(1.0, max(0.1, end - time.monotonic())))
                if any(isinstance(r, tuple) and len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                    break
        finally:
            client.idle_done()


def _quietly_close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # closing must never raise: the connection may already be gone
        try:
            client.shutdown()
        except Exception:
            log.debug("imap shutdown failed", exc_info=True)
