"""What the CLI, the daemon and the desk all do, written once: ingest files, poll the mailbox
once, read failed messages again, read one message again from the archive.

Each takes the config and an open store and returns what happened (an IngestReport); the
callers only add what is theirs (a progress line, a lock, a page).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mailbot.campaign.decisions import reapply_edits
from mailbot.config import Config
from mailbot.errors import ConfigError
from mailbot.health import Pulse
from mailbot.outbox import Outbox
from mailbot.pipeline.archive import Archive
from mailbot.pipeline.draining import drain
from mailbot.pipeline.ingest import Ingestor, IngestReport
from mailbot.sources.base import Source, batched
from mailbot.sources.files import read_paths
from mailbot.sources.imap import ImapSource
from mailbot.sources.maildir import MaildirSource
from mailbot.store import Store, messages, now


def open_source(config: Config, store: Store) -> Source:
    """The configured mailbox: a Maildir folder or an IMAP server."""
    if config.mailbox is None:
        raise ConfigError('config: [mailbox]: missing: say where replies arrive (kind = "maildir" or "imap")')
    if config.mailbox.kind == "maildir" and config.mailbox.path is not None:
        return MaildirSource(config.mailbox.path)
    return ImapSource(config.mailbox, store)


def ingest_paths(config: Config, store: Store, paths: Iterable[Path], report: IngestReport | None = None) -> IngestReport:
    """.eml files, folders of them, a Maildir or an mbox, read as the mailbox's mail is (no receipts)."""
    report = report or IngestReport()
    ingestor = Ingestor(config, store)
    found = ((n, raw, where) for n, (where, raw) in enumerate(read_paths(list(paths))))
    try:
        drain(batched(found), ingestor, report, done=lambda stored, failed: None)
    finally:
        ingestor.close()
    return report


def poll_once(config: Config, store: Store, report: IngestReport | None = None, pulse: Pulse | None = None) -> IngestReport:
    """Fetch what is new and ingest it, sending each batch's receipts as it is stored (as
    the daemon does), then deliver whatever is still due. Delivery stops at the first
    connection failure (told once); what is left waits in the outbox for the next run."""
    outbox = Outbox(store, config.smtp)
    ingestor = Ingestor(config, store, receipts=True)
    report = report or IngestReport()

    def stored() -> None:
        store.set_meta("last_poll", now())
        if pulse is not None:
            pulse.beat(last_poll=time.time())
        if not outbox.outage.down:
            outbox.deliver_due()

    try:
        with open_source(config, store) as source:
            drain(source.batches(), ingestor, report, source.done, after_batch=stored)
    finally:
        ingestor.close()
    stored()
    if pulse is not None:
        pulse.beat(subsystems={"smtp": outbox.outage.snapshot()}, waiting=outbox.due_count())
    return report


def retry_failed(config: Config, store: Store, report: IngestReport | None = None) -> str:
    """Read again, from the archive, every message whose processing failed."""
    failed = messages.failed(store)
    if not failed:
        return "nothing to retry"
    report = report or IngestReport()
    for message in failed:
        reread(config, store, message, "retry", report, receipts=True, every_round=True)
    return f"retried {len(failed)}: {report.line()}"


def reread(config: Config, store: Store, message: dict[str, Any], who: str, report: IngestReport | None = None,
           *, receipts: bool = False, every_round: bool = False) -> IngestReport:
    """Read one message again from the archive, keeping the clerks' overrides, decisions,
    splits and rejections (comment ids are stable). The old rows are replaced in one
    transaction, after the reading: nobody ever sees the message gone, and a long scan is
    read without holding the store's write lock. It is recorded in this round's store only,
    unless `every_round` (a failed message, kept in the first round's store alone, goes to
    every round it answers once read)."""
    report = report or IngestReport()
    raw = Archive(config.archive).read(message["sha256"])
    ingestor = Ingestor(config, store, receipts=receipts, this_round_only=not every_round)
    try:
        started = ingestor.start_batch([(raw, message["source"])])
        readings = ingestor.readings(started)
        with store.writing():
            store.forget_message(message["message_id"])
            ingestor.settle_batch(started, readings, report)
            reapply_edits(store)
            store.log_event("info", "reprocessed", message["message_id"], f"{who}: {report.line()}")
    finally:
        ingestor.close()
    return report
