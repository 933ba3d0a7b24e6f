"""The daemon's second thread: the scheduled notices (digest, final report, reminders) and the
outbox's delivery, apart from the intake, so that an SMTP server that hangs or is down never
stops mail from being stored. It has its own store connection and wakes every TICK seconds,
or at once when `poke` says new mail was queued (a batch's receipts).
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import schedule

from mailbot.config import Config
from mailbot.errors import is_disk_full
from mailbot.health import Backoff, Disks, Outage, Pulse
from mailbot.outbox.notices import queue_digest, queue_reminders
from mailbot.outbox import Outbox
from mailbot.store import Store

log = logging.getLogger(__name__)
TICK = 5.0
SMTP_BACKOFF = (5.0, 60.0)  # after an SMTP outage the queue is tried again within a minute


def recorder(store: Store, what: str) -> Callable[[str, str], None]:
    """An outage's start and end as events in the store (shown by the desk and `status`)."""
    return lambda level, text: store.log_event(level, what, detail=text)


@dataclass
class RoundOutbox:
    """A round's store and its outbox: its receipts, digests and reminders queue there."""

    config: Config
    store: Store
    outbox: Outbox


class Delivery(threading.Thread):
    def __init__(self, config: Config, pulse: Pulse | None, disks: Disks, should_stop: Callable[[], bool]) -> None:
        super().__init__(name="delivery", daemon=True)  # daemon: a hung server cannot hold the exit
        self.config = config
        self.pulse = pulse
        self.disks = disks
        self.should_stop = should_stop
        self.wake = threading.Event()
        self.backoff = Backoff(*SMTP_BACKOFF)
        self.next_try = 0.0
        self.outbox: Outbox | None = None  # the first round's (the mailbox's own store)
        self.rounds: list[RoundOutbox] = []
        self.trouble = Outage("notices", logging.ERROR)
        self.scheduler = schedule.Scheduler()
        for at in config.schedule:
            self.scheduler.every().day.at(at).do(self._scheduled, at)

    def poke(self) -> None:
        self.wake.set()

    def finish(self, grace: float = 1.5) -> None:
        """Let the pass in flight end; past `grace` seconds cut its connection."""
        self.wake.set()
        self.join(grace)
        if self.is_alive() and self.outbox is not None:
            log.info("delivery still waiting on the SMTP server at shutdown: cutting the connection")
            self.outbox.abort()
            self.join(1.0)

    def open(self) -> None:
        """Each round's store connection and outbox, made on the thread that uses them (SQLite's
        rule); an archived round sends nothing."""
        for config in self.config.each_round() or [self.config]:
            if config.round_state == "archived":
                continue
            store = Store(config.store_path)
            self.rounds.append(RoundOutbox(config, store, Outbox(store, config.smtp, Outage("smtp", on_change=recorder(store, "smtp")))))
        self.store = self.rounds[0].store
        self.outbox = self.rounds[0].outbox

    def run(self) -> None:
        self.open()
        try:
            while not self.should_stop():
                self.tick()
                self.wake.wait(TICK)
                self.wake.clear()
        finally:
            for round_outbox in self.rounds:
                round_outbox.store.close()

    def tick(self) -> None:
        assert self.outbox is not None
        try:
            self.scheduler.run_pending()
            self.deliver()
            self.trouble.recovered()
        except Exception as exc:  # this thread must never die: one line, then the next tick
            self._told(exc)
        self._beat(subsystems={"smtp": self.outbox.outage.snapshot(), "notices": self.trouble.snapshot()},
                   waiting=sum(r.outbox.due_count() for r in self.rounds))

    def _told(self, exc: Exception) -> None:
        if is_disk_full(exc):
            self.disks.failed(exc)
        else:
            self.trouble.failed(f"{type(exc).__name__}: {exc}")

    def _scheduled(self, at: str) -> None:
        """A scheduled job that fails is told and waits for its next time (schedule would
        otherwise run it again at every tick)."""
        try:
            self.scheduled_reports(at)
        except Exception as exc:
            self._told(exc)

    def deliver(self) -> None:
        assert self.outbox is not None
        if time.monotonic() < self.next_try:
            return
        for round_outbox in self.rounds:  # one SMTP server: the first round's failure waits for all
            result = round_outbox.outbox.deliver_due(self.should_stop)
            if result.error:
                self.next_try = time.monotonic() + self.backoff.next()
                return
            if result.sent:
                self._beat(last_send=time.time())
        self.backoff.reset()

    def _beat(self, **fields: object) -> None:
        if self.pulse is not None:
            self.pulse.beat(**fields)

    def scheduled_reports(self, at: str) -> None:
        """Each round's digest (its final report after its deadline) and reminders."""
        today = datetime.date.today()
        for r in self.rounds:
            deadline = r.config.deadline
            if deadline and today > deadline and queue_digest(r.config, r.store, r.outbox, today, final=True, ref="final"):
                log.info("final report queued round=%s", r.config.round_name)
            else:
                queue_digest(r.config, r.store, r.outbox, today, ref=f"digest:{today.isoformat()} {at}")
            reminded = queue_reminders(r.config, r.store, r.outbox, today)
            if reminded:
                log.info("reminders queued round=%s count=%s", r.config.round_name, reminded)
        self.next_try = 0.0
        self.deliver()
