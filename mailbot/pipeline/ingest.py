"""The ingest road for one message: archive, parse, read, store, settle.

Raw bytes are archived before anything else; parsing and reading are pure
(parsers/); the message, its attachments and its comments are stored in one
transaction; then the unit's submissions are settled so the latest counts
("以最后一次报送为准") unless a later one says it is a supplement (补充).
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import email.parser
import email.policy
import email.utils
import hashlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mailbot.pipeline.archive import Archive, sha256_of
from mailbot.config import Config
from mailbot.pipeline.convert import convert_legacy
from mailbot.outbox.notices import receipt_row
from mailbot.pipeline.reading import Outcome, Readers
from mailbot.pipeline.rounds import RoundStores, elsewhere, reading_for
from mailbot.store import Store, messages, outbox
from parsers.records import Envelope
from parsers.reply import Reading, follow_up

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What a run did; `on_message(where, pages read by OCR)` is told of each message as it is
    recorded (the CLI's progress line on a terminal)."""

    new: int = 0
    duplicates: int = 0
    failed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    on_message: Callable[[str, int], object] | None = field(default=None, repr=False, compare=False)

    def line(self) -> str:
        kinds = ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()))
        return f"{self.new} new ({kinds or 'none'}), {self.duplicates} already stored, {self.failed} failed"


@dataclass
class StartedBatch:
    """A batch archived and handed to the readers, not yet recorded."""

    items: list[tuple[bytes, str]]
    digests: list[str]
    outcomes: Iterator[Outcome]


class Ingestor:
    def __init__(self, config: Config, store: Store, *, receipts: bool = False, this_round_only: bool = False) -> None:
        """receipts: queue a 回执 for each reply (the daemon and `poll` do; `ingest` of files does not).
        this_round_only: record into `store` alone (a message read again from one round's desk)."""
        self.config = config
        self.receipts = receipts and config.receipts
        self.store = store
        self.archive = Archive(config.archive)
        self.limits = config.limits
        self.rounds = RoundStores(config, store, only=this_round_only)
        self.readers = Readers(self.rounds.routes(), config.workers)

    def close(self) -> None:
        self.readers.close()
        self.rounds.close()

    def ingest_raw(self, raw: bytes, where: str, report: IngestReport) -> str:
        """Ingest one message; returns "new", "duplicate" or "failed". Never raises on bad mail."""
        return self.ingest_batch([(raw, where)], report)[0]

    def ingest_batch(self, items: list[tuple[bytes, str]], report: IngestReport) -> list[str]:
        """Archive, read and record a batch of messages; one outcome per message, in order."""
        return self.finish_batch(self.start_batch(items), report)

    def start_batch(self, items: list[tuple[bytes, str]]) -> StartedBatch:
        """Archive each message (nothing is lost: the bytes are on disk before anything else)
        and hand them to the readers, which work on them while the caller goes on (fetching
        the next batch, recording the previous one)."""
        digests = [self.archive.keep(raw) for raw, _ in items]
        small = [raw for raw, _ in items if len(raw) <= self.limits.message_bytes]
        return StartedBatch(items, digests, self.readers.read(small))

    def finish_batch(self, started: StartedBatch, report: IngestReport) -> list[str]:
        """Record a started batch, one message after another, in order."""
        return self.settle_batch(started, self.readings(started), report)

    def readings(self, started: StartedBatch) -> list[Outcome | None]:
        """Wait for a started batch's readings (None: too large to read). Done outside any
        transaction: a long scan is read without holding the store's write lock (a clerk
        saving in the desk meanwhile must not wait on the OCR)."""
        return [next(started.outcomes) if len(raw) <= self.limits.message_bytes else None for raw, _ in started.items]

    def settle_batch(self, started: StartedBatch, outcomes: list[Outcome | None], report: IngestReport) -> list[str]:
        """One transaction for the batch: one commit (and one WAL fsync) instead of one per
        message. The source marks the batch seen only after this returns, so a crash
        part-way means the whole batch is fetched and read again, never half-stored."""
        results = []
        with self.store.writing():
            for (raw, where), digest, outcome in zip(started.items, started.digests, outcomes):
                results.append(self._settle(raw, where, digest, outcome, report))
                if report.on_message is not None:
                    pages = sum(a.ocr_pages for a in outcome.reading.attachments) if outcome and outcome.reading else 0
                    report.on_message(where, pages)
        return results

    def _settle(self, raw: bytes, where: str, digest: str, outcome: Outcome | None, report: IngestReport) -> str:
        if outcome is None:
            limit = self.limits.message_bytes // (1024 * 1024)
            return self._failure(report, header_envelope(raw), digest, where, f"too_large: 邮件超过{limit} MB，未读取内容")
        if outcome.envelope is None:
            return self._failure(report, header_envelope(raw), digest, where, outcome.error)
        message_id = self._identity(outcome.envelope, raw)
        if message_id is None:
            report.duplicates += 1
            return "duplicate"
        envelope = dataclasses.replace(outcome.envelope, message_id=message_id)
        if outcome.reading is None:
            return self._failure(report, envelope, digest, where, outcome.error)
        return self._record_rounds(report, envelope, outcome, digest, where)

    def _record_rounds(self, report: IngestReport, envelope: Envelope, outcome: Outcome, digest: str, where: str) -> str:
        """Into each round's store it answers, then into the first round's, which holds every
        message (as another round's, or as no reply, when it is not the first's): written last,
        so after a crash part-way it is missing there and the whole message is read again."""
        assert outcome.reading is not None
        kinds = []
        for name, store, config in self.rounds.others():
            reading = reading_for(outcome, name)
            if reading is not None:
                kinds.append(self._record(store, config, envelope, reading, digest, where))
        first = reading_for(outcome, self.rounds.first) or elsewhere(outcome, self.rounds.titles)
        recorded = self._record(self.store, self.config, envelope, first, digest, where)
        if recorded is None:
            report.duplicates += 1
            return "duplicate"
        kind = next((k for k in [*kinds, recorded] if k and k != "ignore"), recorded)
        report.new += 1
        report.kinds[kind] = report.kinds.get(kind, 0) + 1
        return "new"

    def _identity(self, envelope: Envelope, raw: bytes) -> str | None:
        """The key to store it under, or None when this very message is already stored. A
        different message reusing a Message-ID (a broken client) gets a key of its own."""
        stored = self.store.message(envelope.message_id)
        if stored is None:
            return envelope.message_id
        if stored["sha256"] == sha256_of(raw) or self._same_message(stored, raw):
            return None
        other = f"{envelope.message_id}#{sha256_of(raw)[:12]}"
        return None if self.store.has_message(other) else other

    def _same_message(self, stored: dict[str, Any], raw: bytes) -> bool:
        """The same mail by another route (other Received lines, other line ends)."""
        try:
            return fingerprint(self.archive.read(stored["sha256"])) == fingerprint(raw)
        except OSError:  # the stored one was never archived (an old store): compare as different
            return False

    def _record(self, store: Store, config: Config, envelope: Envelope, reading: Reading, digest: str, where: str) -> str | None:
        """The message as one round reads it, into that round's store: the kind it was recorded
        as, or None when it was there already."""
        if reading.unit.unit is not None and messages.has_replied(store, reading.unit.unit.name):
            reading = follow_up(reading, envelope)  # a unit's 补充/更正 after its reply to this round
        row = _message_row(envelope, reading, digest, where)
        row["fingerprint"] = ""
        row["review"] = self._review_note(envelope, reading, late_note(config, envelope.date, reading))
        _apply_confirmation(row, store.confirmation(envelope.message_id))
        attachments = [
            {"message_id": envelope.message_id, "filename": a.filename, "sha256": a.sha256, "type": a.type,
             "status": a.status, "error": a.error}
            for a in reading.attachments
        ]
        receipt = self._receipt(store, config, envelope, reading)
        with store.writing():  # the message, its events and the unit's settling: one commit
            if not store.record_message(row, attachments, list(reading.comments), [receipt] if receipt else []):
                return None
            for a in reading.attachments:
                if a.status == "error":
                    store.log_event("error", "attachment", envelope.message_id, f"{a.filename}: {a.error}")
            store.log_event("info", "ingested", envelope.message_id, f"{reading.kind}: {row['unit'] or row['unlisted_unit']}")
            if reading.kind == "submission":
                settle_unit(store, row["unit"] or row["unlisted_unit"])
        return str(row["kind"])

    def _review_note(self, envelope: Envelope, reading: Reading, late: str = "") -> str:
        notes = [reading.review] if reading.review else []
        notes += [late] if late else []
        notes += list(envelope.notes)  # parts of the message that could not be read
        if envelope.auth_failure and reading.unit.unit and reading.unit.evidence.startswith("发件人地址"):
            notes.append(f"发件人地址属名单单位，但认证失败（{envelope.auth_failure}），可能是冒用，请核实")
        if "#" in envelope.message_id:
            notes.append("与已收邮件的Message-ID相同但内容不同")
        if len(envelope.body_text) > self.limits.body_chars:
            notes.append(f"正文过长，只读取了前{self.limits.body_chars}字")
        return "；".join(notes)

    def _receipt(self, store: Store, config: Config, envelope: Envelope, reading: Reading) -> dict[str, Any] | None:
        """At most receipts_per_hour to one sender: a loop with another robot stops there."""
        if not self.receipts:
            return None
        row = receipt_row(config, envelope, reading)
        if row is None:
            return None
        since = (datetime.datetime.now().astimezone() - datetime.timedelta(hours=1)).isoformat(timespec="seconds")
        if outbox.receipts_since(store, row["recipients"], since) >= config.receipts_per_hour:
            store.log_event("warning", "receipt", envelope.message_id, f"receipt cap reached for {envelope.sender}")
            return None
        return row

    def _failure(self, report: IngestReport, envelope: Any, digest: str, where: str, error: str) -> str:
        message_id = getattr(envelope, "message_id", "") or f"<sha256:{digest}>"
        row = {
            "message_id": message_id, "sha256": digest, "source": where,
            "sender": getattr(envelope, "sender", ""), "sender_name": getattr(envelope, "sender_name", ""),
            "subject": getattr(envelope, "subject", ""), "date": getattr(envelope, "date", ""),
            "unit": None, "unlisted_unit": None, "unit_evidence": "", "kind": "ignore",
            "kind_reason": "无法读取", "relation": None, "status": "error", "error": error,
            "fingerprint": "", "review": "",
        }
        if not self.store.record_message(row, [], []):
            report.duplicates += 1
            return "duplicate"
        self.store.log_event("error", "message", message_id, error)
        report.failed += 1
        return "failed"


# The headers that make a message what it is (not its route): a copy that differs in any of them
# (another thread, another charset) is another message, though it reuses the Message-ID.
FINGERPRINT_HEADERS = (b"from", b"subject", b"date", b"to", b"in-reply-to", b"references", b"content-type")


def fingerprint(raw: bytes) -> str:
    """The message without its transport: the same mail delivered by two routes (other
    Received lines, CRLF or LF line ends, an mbox's >From quoting) is one message.

    The sha256 of the From/Subject/Date/To lines and the body (lines right-stripped, >From
    unquoted, blank edges dropped), fed line by line: a 50 MB message is never copied."""
    digest = hashlib.sha256()
    lines = _lines(raw)
    keep = []
    for index, (line, last) in enumerate(lines):
        if index and not line and not last:  # the blank line that ends the header
            break
        if line[:1] not in (b" ", b"\t") and line.split(b":", 1)[0].strip().lower() in FINGERPRINT_HEADERS:
            keep.append(line.strip())
    digest.update(b"\n".join(keep) + b"\n\n")
    for piece in _stripped_body(line for line, _ in lines):
        digest.update(piece)
    return digest.hexdigest()


def _lines(raw: bytes) -> Iterator[tuple[bytes, bool]]:
    """Each line without its line end (LF or CRLF), and whether it is the last one."""
    start = 0
    while (end := raw.find(b"\n", start)) != -1:
        yield (raw[start : end - 1] if raw[end - 1 : end] == b"\r" and end > start else raw[start:end]), False
        start = end + 1
    yield raw[start:], True


def _stripped_body(lines: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces of `b"\\n".join(normalised lines).strip()`, without joining them."""
    held: bytes | None = None  # the last line with text, kept back: the final one is right-stripped
    blank = 0  # empty lines seen since it
    for line in lines:
        text = line[1:] if line.startswith(b">From ") else line.rstrip()
        if not text.strip():
            blank += held is not None
            continue
        if held is not None:
            yield held + b"\n" * (blank + 1)
        held, blank = (text.lstrip() if held is None else text), 0
    if held is not None:
        yield held.rstrip()


def header_envelope(raw: bytes) -> Envelope:
    """Only the headers, for a message too big or too broken to read whole."""
    message = email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(raw[:256 * 1024])
    name, sender = email.utils.parseaddr(str(message.get("From") or ""))
    message_id = str(message.get("Message-ID") or "").strip() or f"<sha256:{sha256_of(raw)}>"
    subject = str(message.get("Subject") or "")
    return Envelope(message_id, sender.lower(), name, subject, str(message.get("Date") or ""), False, "")


def _message_row(envelope: Envelope, reading: Reading, digest: str, where: str) -> dict[str, Any]:
    unit = reading.unit.unit
    return {
        "message_id": envelope.message_id, "sha256": digest, "source": where, "sender": envelope.sender,
        "sender_name": envelope.sender_name, "subject": envelope.subject, "date": envelope.date,
        "unit": unit.name if unit else None,
        "unlisted_unit": reading.unit.unlisted if (unit is None and (reading.kind != "ignore" or reading.proposed_kind)) else None,
        "unit_evidence": reading.unit.evidence, "kind": reading.kind, "kind_reason": reading.kind_reason,
        "relation": reading.relation, "status": "active", "error": "",
        "relevance": reading.relevance.verdict if reading.relevance else "not",
        "relevance_evidence": reading.relevance.evidence if reading.relevance else reading.kind_reason,
        "proposed_kind": reading.proposed_kind,
        "answered_for": json.dumps([a.unit.name for a in reading.answered_for], ensure_ascii=False) if reading.answered_for else None,
    }


def late_note(config: Config, date: str, reading: Reading) -> str:
    """A reply to a closed round dated after its deadline is still counted, and flagged 逾期."""
    if config.round_state != "closed" or config.deadline is None or reading.kind == "ignore":
        return ""
    try:
        sent = datetime.datetime.fromisoformat(date).date()
    except ValueError:
        return ""
    if sent <= config.deadline:
        return ""
    return f"逾期：{sent.isoformat()}报送，本轮已于{config.deadline.isoformat()}截止"


def _apply_confirmation(row: dict[str, Any], verdict: str | None) -> None:
    """A message read again keeps the clerk's word on whether it is a reply."""
    if verdict == "reply":
        row["kind"] = row["kind"] if row["kind"] != "ignore" else (row["proposed_kind"] or "submission")
        row.update(relevance="confirmed", review="", kind_reason="人工确认为回复")
    elif verdict == "not":
        row.update(kind="ignore", relevance="rejected", review="", kind_reason="人工确认不是回复")


def settle_unit(store: Store, unit: str | None) -> None:
    """The latest submission replaces earlier ones unless it is a supplement."""
    if not unit:
        return
    submissions = store.submissions_of(unit)
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
