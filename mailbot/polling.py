"""One poll of the configured mailbox: fetch, archive and store, then mark seen."""

from __future__ import annotations

from mailbot.config import Config
from mailbot.draining import drain
from mailbot.errors import ConfigError
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


def poll_once(config: Config, store: Store, report: IngestReport | None = None) -> IngestReport:
    """Fetch what is new and ingest it, sending each batch's receipts as it is stored (as
    the daemon does), then deliver whatever is still due."""
    from mailbot.outbox import Outbox

    outbox = Outbox(store, config.smtp)
    ingestor = Ingestor(config, store, receipts=True)
    report = report or IngestReport()
    try:
        with open_source(config, store) as source:
            drain(source.batches(), ingestor, report, source.done, after_batch=outbox.deliver_due)
    finally:
        ingestor.close()
    store.set_meta("last_poll", now())
    outbox.deliver_due()
    return report
