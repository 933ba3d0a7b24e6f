"""One poll of the configured mailbox: fetch, archive and store, then mark seen."""

from __future__ import annotations

from mailbot.config import Config
from mailbot.errors import ConfigError
from mailbot.ingest import Ingestor, IngestReport
from mailbot.sources.maildir import MaildirSource
from mailbot.store import Store


def poll_once(config: Config, store: Store) -> IngestReport:
    if config.mailbox is None:
        raise ConfigError("config: [mailbox]: missing: say where replies arrive (kind = \"maildir\" or \"imap\")")
    if config.mailbox.kind != "maildir" or config.mailbox.path is None:
        raise ConfigError("config: mailbox.kind: \"imap\" is not built yet (the Daemon issue); use \"maildir\"")
    ingestor = Ingestor(config, store)
    report = IngestReport()
    with MaildirSource(config.mailbox.path) as source:
        for key, raw in source.unseen():
            ingestor.ingest_raw(raw, f"maildir:{key}", report)
            source.mark_seen(key)  # only once the message is archived and committed
    store.set_meta("last_poll", store_now())
    return report


def store_now() -> str:
    from mailbot.store import now

    return now()
