"""`mailbot run`: the daemon an operator leaves running for the weeks of a campaign.

Two threads. The intake (this one) takes new mail from the mailbox (IDLE where the
server has it, else polling every poll_seconds) and stores it; the delivery thread
(mailbot.outbox.delivery) sends the outbox and runs the scheduled digest, final report and
reminders, so a hung SMTP server never stops the intake. A mailbox error closes the
connection and reconnects after a capped backoff with jitter; a full disk keeps the
connection and waits for room. Each outage is told once when it starts, now and then
while it lasts, and once when it ends (mailbot.health), and kept in the lock file
where `mailbot status` reads it. SIGTERM and Ctrl-C finish the current batch and exit
within seconds. One process per store at a time: the lock beside the store keeps a
second daemon, `poll --once` or `retry` out.
"""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from mailbot.config import Config
from mailbot.outbox.delivery import Delivery, recorder
from mailbot.pipeline.draining import drain
from mailbot.errors import MailbotError, SourceError, is_disk_full
from mailbot.health import Backoff, Disks, Outage, Pulse, lock_path, read_pulse
from mailbot.pipeline.ingest import Ingestor, IngestReport
from mailbot.runs import open_source
from mailbot.sources.base import Source
from mailbot.sources.imap import NETWORK_ERRORS
from mailbot.sources.waiting import sleep_until_stopped
from mailbot.store import Store, now

log = logging.getLogger(__name__)
MAILBOX_BACKOFF = (1.0, 120.0)
DISK_BACKOFF = (5.0, 120.0)
TICK = 5.0  # how often the intake wakes to write its heartbeat when no mail comes


@contextmanager
def store_lock(store_path: Path, command: str = "run") -> Iterator[Pulse]:
    """Hold an exclusive lock on <store>.lock while this process fetches and sends: the daemon,
    `poll --once`, `retry`, `report --send`. Two of them at once would fetch the same mail and
    send the same receipts twice. The lock file carries the holder's pulse (mailbot.health)."""
    path = lock_path(store_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not O_APPEND: the pulse is rewritten in place at offset 0.
    handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+b")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        holder = read_pulse(store_path) or {}
        what = f"`mailbot {holder.get('command', '?')}`, pid {holder.get('pid', '?')}"
        raise MailbotError(f"{command}: another mailbot is already running on {store_path} ({what}): "
                           "it fetches and sends for this store; stop it first, or leave the work to it") from None
    pulse = Pulse(handle, command)
    try:
        yield pulse
    finally:
        pulse.beat(state="stopped", stopped=time.time())
        handle.close()


class Daemon:
    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.ingestor = Ingestor(config, store, receipts=True)
        self.stopping = False
        self.mailbox = Outage("mailbox", on_change=recorder(store, "mailbox"))
        self.disks = Disks(config.store_path, config.archive, recorder(store, "disk"))
        self.disk_backoff = Backoff(*DISK_BACKOFF)
        self.pulse: Pulse | None = None
        self.delivery: Delivery | None = None

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        log.info("stop requested signal=%s: finishing the current batch", signum)
        self.stopping = True
        if self.delivery is not None:
            self.delivery.poke()

    def should_stop(self) -> bool:
        return self.stopping

    def run(self) -> None:
        with store_lock(self.config.store_path) as pulse:
            self.pulse = pulse
            previous = {s: signal.signal(s, self.stop) for s in (signal.SIGTERM, signal.SIGINT)}
            self.delivery = Delivery(self.config, pulse, self.disks, self.should_stop)
            self.delivery.start()
            try:
                self._loop()
            finally:
                self.stopping = True
                self.delivery.finish()
                self.ingestor.close()
                for s, handler in previous.items():
                    signal.signal(s, handler)
        log.info("stopped")

    def _loop(self) -> None:
        backoff = Backoff(*MAILBOX_BACKOFF)
        while not self.stopping:
            try:
                with open_source(self.config, self.store) as source:
                    self.mailbox.recovered()
                    backoff.reset()
                    self._serve(source)
            except (SourceError, *NETWORK_ERRORS) as exc:
                if self.stopping:
                    break
                wait = backoff.next()
                self.mailbox.failed(f"{type(exc).__name__}: {exc} (trying again, next in {wait:.0f}s)")
                self._beat()
                sleep_until_stopped(wait, self.should_stop)

    def _serve(self, source: Source) -> None:
        poll_seconds = self.config.mailbox.poll_seconds if self.config.mailbox else 300
        last_drain = float("-inf")
        while not self.stopping:
            idle = source.can_idle
            if self.disks.down or idle or time.monotonic() - last_drain >= poll_seconds:
                if not self._drain(source):
                    continue  # the disk is full: waited, try again on the same connection
                last_drain = time.monotonic()
            self._beat()
            if not self.stopping:
                wait = TICK if idle else min(TICK, max(0.5, poll_seconds - (time.monotonic() - last_drain)))
                source.wait(wait, self.should_stop)

    def _drain(self, source: Source) -> bool:
        """Take what is new; False when a full disk stopped it (told, and waited out)."""
        report = IngestReport()
        try:
            count = drain(source.batches(), self.ingestor, report, source.done, self.should_stop, self._batch_stored)
            self._polled()
        except (OSError, sqlite3.Error) as exc:
            if not is_disk_full(exc):
                raise
            self.disks.failed(exc)
            self._beat()
            sleep_until_stopped(self.disk_backoff.next(), self.should_stop)
            return False
        self.disks.recovered()
        self.disk_backoff.reset()
        if count:
            log.info("poll %s", report.line())
        return True

    def _batch_stored(self) -> None:
        """After each batch: its receipts go out (the delivery thread), the poll time is kept."""
        if self.delivery is not None:
            self.delivery.poke()
        self._polled()

    def _polled(self) -> None:
        self.store.set_meta("last_poll", now())
        self._beat(last_poll=time.time())

    def _beat(self, **fields: object) -> None:
        if self.pulse is not None:
            self.pulse.beat(subsystems={"mailbox": self.mailbox.snapshot(), **self.disks.snapshot()}, **fields)
