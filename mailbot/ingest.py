"""The ingest road for one message: archive, parse, read, store, settle.

Raw bytes are archived before anything else; parsing and reading are pure
(parsers/); the message, its attachments and its comments are stored in one
transaction; then the unit's submissions are settled so the latest counts
("以最后一次报送为准") unless a later one says it is a supplement (补充).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mailbot.archive import Archive, sha256_of
from mailbot.config import Config
from mailbot.convert import convert_legacy
from mailbot.notices import receipt_row
from mailbot.sources.files import read_paths
from mailbot.store import Store
from parsers.envelope import parse_envelope
from parsers.errors import ParseError
from parsers.reply import Campaign, Reading, read_reply

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        return f"{self.new} new ({kinds or 'none'}), {self.duplicates} already stored, {self.failed} failed"


class Ingestor:
    def __init__(self, config: Config, store: Store, *, receipts: bool = False) -> None:
        """receipts: queue a 回执 for each reply (the daemon and `poll` do; `ingest` of files does not)."""
        self.config = config
        self.receipts = receipts and config.receipts
        self.store = store
        self.archive = Archive(config.archive)
        self.campaign = Campaign(store.draft(), store.roster(), config.own_address, convert_legacy)

    def ingest_paths(self, paths: Iterable[Path]) -> IngestReport:
        report = IngestReport()
        for where, raw in read_paths(list(paths)):
            self.ingest_raw(raw, where, report)
        return report

    def ingest_raw(self, raw: bytes, where: str, report: IngestReport) -> str:
        """Ingest one message; returns "new", "duplicate" or "failed". Never raises on bad mail."""
        digest = self.archive.keep(raw)
        try:
            envelope = parse_envelope(raw)
        except ParseError as exc:
            message_id = f"<sha256:{sha256_of(raw)}>"
            outcome = self._store_failure(message_id, digest, where, str(exc))
            report.failed += outcome == "new"
            report.duplicates += outcome == "duplicate"
            return "failed" if outcome == "new" else outcome
        if self.store.has_message(envelope.message_id):
            report.duplicates += 1
            return "duplicate"
        try:
            reading = read_reply(envelope, self.campaign)
        except Exception as exc:  # a bug in reading one message must not stop the run
            log.exception("reading %s failed", envelope.message_id)
            self._store_failure(envelope.message_id, digest, where, f"internal error while reading: {exc!r}", envelope)
            report.failed += 1
            return "failed"
        row = _message_row(envelope, reading, digest, where)
        attachments = [
            {"message_id": envelope.message_id, "filename": a.filename, "sha256": "", "type": a.type,
             "status": a.status, "error": a.error}
            for a in reading.attachments
        ]
        receipt = receipt_row(self.config, envelope, reading) if self.receipts else None
        if not self.store.record_message(row, attachments, list(reading.comments), [receipt] if receipt else []):
            report.duplicates += 1
            return "duplicate"
        for a in reading.attachments:
            if a.status == "error":
                self.store.log_event("error", "attachment", envelope.message_id, f"{a.filename}: {a.error}")
        self.store.log_event("info", "ingested", envelope.message_id, f"{reading.kind}: {row['unit'] or row['unlisted_unit']}")
        settle_unit(self.store, row["unit"] or row["unlisted_unit"])
        report.new += 1
        report.kinds[reading.kind] = report.kinds.get(reading.kind, 0) + 1
        return "new"

    def _store_failure(self, message_id: str, digest: str, where: str, error: str, envelope: Any = None) -> str:
        row = {
            "message_id": message_id, "sha256": digest, "source": where,
            "sender": getattr(envelope, "sender", ""), "sender_name": getattr(envelope, "sender_name", ""),
            "subject": getattr(envelope, "subject", ""), "date": getattr(envelope, "date", ""),
            "unit": None, "unlisted_unit": None, "unit_evidence": "", "kind": "ignore",
            "kind_reason": "无法读取", "relation": None, "status": "error", "error": error,
        }
        stored = self.store.record_message(row, [], [])
        if stored:
            self.store.log_event("error", "message", message_id, error)
        return "new" if stored else "duplicate"


def _message_row(envelope: Any, reading: Reading, digest: str, where: str) -> dict[str, Any]:
    unit = reading.unit.unit
    return {
        "message_id": envelope.message_id, "sha256": digest, "source": where, "sender": envelope.sender,
        "sender_name": envelope.sender_name, "subject": envelope.subject, "date": envelope.date,
        "unit": unit.name if unit else None,
        "unlisted_unit": reading.unit.unlisted if (unit is None and reading.kind != "ignore") else None,
        "unit_evidence": reading.unit.evidence, "kind": reading.kind, "kind_reason": reading.kind_reason,
        "relation": reading.relation, "status": "active", "error": "",
    }


def settle_unit(store: Store, unit: str | None) -> None:
    """The latest submission replaces earlier ones unless it is a supplement."""
    if not unit:
        return
    submissions = store.messages(
        "kind = 'submission' and status != 'error' and (unit = ? or (unit is null and unlisted_unit = ?))", [unit, unit]
    )
    active: list[dict[str, Any]] = []
    relations: dict[str, str | None] = {}
    for message in submissions:
        relation = message["relation"]
        if relation == "supplement" and active:
            active.append(message)
        else:
            if active and relation is None:
                relation = "correction"  # 以最后一次报送为准
            active = [message]
        relations[message["message_id"]] = relation
    keep = {m["message_id"] for m in active}
    for message in submissions:
        status = "active" if message["message_id"] in keep else "superseded"
        if status != message["status"] or relations[message["message_id"]] != message["relation"]:
            store.set_message_status(message["message_id"], status, relations[message["message_id"]])
