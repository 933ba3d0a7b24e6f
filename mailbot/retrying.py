"""`mailbot retry`: read again, from the archive, the messages whose processing failed."""

from __future__ import annotations

from mailbot.archive import Archive
from mailbot.config import Config
from mailbot.ingest import Ingestor, IngestReport
from mailbot.store import Store


def retry_failed(config: Config, store: Store, report: IngestReport | None = None) -> str:
    failed = store.messages("status = 'error'")
    if not failed:
        return "nothing to retry"
    archive = Archive(config.archive)
    ingestor = Ingestor(config, store, receipts=True)
    report = report or IngestReport()
    for message in failed:
        raw = archive.read(message["sha256"])
        store.forget_message(message["message_id"])
        ingestor.ingest_raw(raw, message["source"], report)
    return f"retried {len(failed)}: {report.line()}"
