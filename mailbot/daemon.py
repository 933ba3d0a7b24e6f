"""`mailbot run`: the daemon an operator leaves running for the weeks of a campaign.

One loop: take new mail from the mailbox (IDLE where the server has it, else
polling every poll_seconds), deliver the outbox, run the scheduled digest,
final report and reminders. A network or server error closes the connection
and reconnects after a capped exponential backoff, with one log line each time.
SIGTERM and Ctrl-C finish the current message and exit cleanly. One daemon per
store: a file lock beside the store keeps a second one out.
"""

from __future__ import annotations

import datetime
import fcntl
import logging
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import schedule

from mailbot.config import Config
from mailbot.draining import drain
from mailbot.errors import MailbotError, SourceError
from mailbot.ingest import Ingestor, IngestReport
from mailbot.notices import queue_digest, queue_reminders
from mailbot.outbox import Outbox
from mailbot.polling import open_source
from mailbot.sources.imap import NETWORK_ERRORS, ImapSource
from mailbot.sources.maildir import MaildirSource
from mailbot.sources.waiting import sleep_until_stopped
from mailbot.store import Store, now

log = logging.getLogger(__name__)
MAX_BACKOFF = 300.0
TICK = 5.0  # how often the loop wakes for the outbox retries and the schedule


@contextmanager
def store_lock(store_path: Path, command: str = "run") -> Iterator[None]:
    """Hold an exclusive lock on <store>.lock while this process fetches and sends: the daemon,
    `poll --once`, `retry`, `report --send`. Two of them at once would fetch the same mail and
    send the same receipts twice."""
    path = store_path.with_name(store_path.name + ".lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise MailbotError(f"{command}: another mailbot is already running on {store_path} (pid {holder}): "
                           "it fetches and sends for this store; stop it first, or leave the work to it")
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    try:
        yield
    finally:
        handle.close()


class Daemon:
    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.outbox = Outbox(store, config.smtp)
        self.ingestor = Ingestor(config, store, receipts=True)
        self.scheduler = schedule.Scheduler()
        self.stopping = False
        for at in config.schedule:
            self.scheduler.every().day.at(at).do(self.scheduled_reports, at)

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        log.info("stop requested signal=%s: finishing the current message", signum)
        self.stopping = True

    def should_stop(self) -> bool:
        return self.stopping

    def run(self) -> None:
        with store_lock(self.config.store_path):
            previous = {s: signal.signal(s, self.stop) for s in (signal.SIGTERM, signal.SIGINT)}
            try:
                self._loop()
            finally:
                self.ingestor.close()
                for s, handler in previous.items():
                    signal.signal(s, handler)
        log.info("stopped")

    def _loop(self) -> None:
        backoff = 1.0
        while not self.stopping:
            try:
                with open_source(self.config, self.store) as source:
                    backoff = 1.0
                    self._serve(source)
            except (SourceError, *NETWORK_ERRORS) as exc:
                if self.stopping:
                    break
                log.warning("mailbox error, reconnecting in %.0fs: %s: %s", backoff, type(exc).__name__, exc)
                self.store.log_event("warning", "mailbox", detail=f"{type(exc).__name__}: {exc}")
                self._housekeeping()
                sleep_until_stopped(backoff, self.should_stop)
                backoff = min(MAX_BACKOFF, backoff * 2)

    def _serve(self, source: ImapSource | MaildirSource) -> None:
        poll_seconds = self.config.mailbox.poll_seconds if self.config.mailbox else 300
        last_drain = float("-inf")
        while not self.stopping:
            idle = getattr(source, "can_idle", False)
            if idle or time.monotonic() - last_drain >= poll_seconds:
                report = IngestReport()
                count = drain(source.batches(), self.ingestor, report, source.done, self.should_stop, self._housekeeping)
                last_drain = time.monotonic()
                self.store.set_meta("last_poll", now())
                if count:
                    log.info("poll %s", report.line())
            self._housekeeping()
            if not self.stopping:
                wait = TICK if idle else min(TICK, max(0.5, poll_seconds - (time.monotonic() - last_drain)))
                source.wait(wait, self.should_stop)

    def _housekeeping(self) -> None:
        self.outbox.deliver_due()
        self.scheduler.run_pending()

    def scheduled_reports(self, at: str) -> None:
        today = datetime.date.today()
        deadline = self.config.deadline
        if deadline and today > deadline and queue_digest(self.config, self.store, self.outbox, today, final=True, ref="final"):
            log.info("final report queued")
        else:
            queue_digest(self.config, self.store, self.outbox, today, ref=f"digest:{today.isoformat()} {at}")
        reminded = queue_reminders(self.config, self.store, self.outbox, today)
        if reminded:
            log.info("reminders queued count=%s", reminded)
        self.outbox.deliver_due()
