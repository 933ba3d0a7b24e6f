"""One poll of the configured mailbox: fetch, archive and store, then mark seen."""

from __future__ import annotations

import time

from mailbot.config import Config
from mailbot.draining import drain
from mailbot.errors import ConfigError
from mailbot.health import Pulse
from mailbot.ingest import Ingestor, IngestReport
from mailbot.sources.imap import ImapSource
from mailbot.sources.maildir import MaildirSource
from mailbot.store import Store, now


def open_source(config: Config, store: Store) -> ImapSource | MaildirSource:
    if config.mailbox is None:
        raise ConfigError('config: [mailbox]: missing: say where replies arrive (kind = "maildir" or "imap")')
    if config.mailbox.kind == "maildir" and config.mailbox.path is not None:
        return MaildirSource(config.mailbox.path)
    return ImapSource(config.mailbox, store)


def poll_once(config: Config, store: Store, report: IngestReport | None = None, pulse: Pulse | None = None) -> IngestReport:
    """Fetch what is new and ingest it, sending each batch's receipts as it is stored (as
    the daemon does), then deliver whatever is still due. Delivery stops at the first
    connection failure (told once); what is left waits in the outbox for the next run."""
    from mailbot.outbox import Outbox

    outbox = Outbox(store, config.smtp)
    ingestor = Ingestor(config, store, receipts=True)
    report = report or IngestReport()

    def deliver() -> None:
        if not outbox.outage.down:
            outbox.deliver_due()

    def stored() -> None:
        store.set_meta("last_poll", now())
        if pulse is not None:
            pulse.beat(last_poll=time.time())
        deliver()

    try:
        with open_source(config, store) as source:
            drain(source.batches(), ingestor, report, source.done, after_batch=stored)
    finally:
        ingestor.close()
    stored()
    if pulse is not None:
        pulse.beat(subsystems={"smtp": outbox.outage.snapshot()}, waiting=outbox.due_count())
    return report
