"""Reading replies, in worker processes when there is a batch of them.

Parsing and reading are pure (parsers/), so a batch of fetched messages is read in
parallel, one process per core, while the store, the archive and the mailbox stay
with the main process, which records the results one by one, in order. A small
batch (the usual single new reply under IDLE) is read in-process: no hand-off delay.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from parsers.mail.envelope import parse_envelope_with_notes
from parsers.errors import ParseError
from parsers.records import Attachment, AttachmentResult, Envelope
from parsers.reply import Campaign, Reading
from parsers.mail.rounds import Round, Routing, route

log = logging.getLogger(__name__)
MIN_PARALLEL_BATCH = 4
# Workers are replaced after this many messages: a worker's heap only grows (lxml's and
# malloc's fragments; about 12 MB per 1,000 replies), so a long backlog or a daemon that
# runs all campaign long would otherwise end with workers of many hundreds of MB.
RECYCLE_AFTER = 1000
_rounds: tuple[Round, ...] = ()  # a worker's own copy, set once by _start_worker


def one_round(campaign: Campaign, name: str = "default") -> tuple[Round, ...]:
    """The rounds of a mailbox that collects for one draft only."""
    return (Round(name, campaign.draft.title, campaign),)


@dataclass(frozen=True)
class Outcome:
    """What reading one message gave: its envelope and reading, or why not.

    :ivar reading: what the message is: its reading for the round it answers (the first, when it
        answers several), or, answering none, why not
    :ivar routing: which round(s) it answers, each with its own reading
    :ivar failure: "" when read; else "parse" (not readable as mail) or "internal" (a bug)
    """

    envelope: Envelope | None
    reading: Reading | None
    failure: str = ""
    error: str = ""
    routing: Routing | None = None


def read_message(raw: bytes, rounds: tuple[Round, ...]) -> Outcome:
    try:
        envelope, notes = parse_envelope_with_notes(raw)
        envelope = dataclasses.replace(envelope, notes=tuple(notes)) if notes else envelope
    except ParseError as exc:
        return Outcome(None, None, "parse", f"{exc.code}: {exc}")
    except Exception as exc:  # a bug in parsing one message must not stop the run
        log.exception("parsing failed")
        return Outcome(None, None, "parse", f"internal error while parsing: {exc!r}")
    try:
        routing = route(envelope, rounds)
    except Exception as exc:  # a bug in reading one message must not stop the run
        log.exception("reading %s failed", envelope.message_id)
        return Outcome(envelope, None, "internal", f"internal error while reading: {exc!r}")
    routing = _light_routing(routing)
    reading = routing.routed[0].reading if routing.routed else routing.unrouted
    return Outcome(_light_envelope(envelope), reading, routing=routing)


def _light_envelope(envelope: Envelope) -> Envelope:
    """Without attachment bytes: they are in the archive, and need not cross processes."""
    attachments = tuple(Attachment(a.filename, a.content_type, b"") for a in envelope.attachments)
    return dataclasses.replace(envelope, attachments=attachments, forwarded=tuple(map(_light_envelope, envelope.forwarded)))


def _light_reading(reading: Reading) -> Reading:
    results = tuple(AttachmentResult(a.filename, a.type, a.status, (), a.error, "", a.sha256, a.ocr_pages)
                    for a in reading.attachments)
    return dataclasses.replace(reading, attachments=results)


def _light_routing(routing: Routing) -> Routing:
    routed = tuple(dataclasses.replace(r, reading=_light_reading(r.reading)) for r in routing.routed)
    unrouted = _light_reading(routing.unrouted) if routing.unrouted is not None else None
    return dataclasses.replace(routing, routed=routed, unrouted=unrouted)


def _start_worker(rounds: tuple[Round, ...], workers: int = 1) -> None:
    global _rounds
    _rounds = rounds
    from parsers.printed.ocr import forget_engine, share_cores

    forget_engine()
    share_cores(workers)
    for signum in (signal.SIGINT, signal.SIGTERM):  # the main process decides when to stop
        signal.signal(signum, signal.SIG_IGN)
    _die_with_parent()


def _die_with_parent() -> None:
    """Linux: end this worker when the daemon dies, even by kill -9 (prctl PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _read_in_worker(raw: bytes) -> Outcome:
    assert _rounds
    return read_message(raw, _rounds)


class Readers:
    """Reads batches of raw messages, in `workers` processes (1: in this process)."""

    def __init__(self, rounds: tuple[Round, ...], workers: int) -> None:
        self.rounds = rounds
        self.workers = max(1, workers)
        self.pool: ProcessPoolExecutor | None = None
        self.pool_read = 0  # messages handed to the current pool

    def read(self, raws: list[bytes]) -> Iterator[Outcome]:
        """Outcomes in order, as they are ready: the caller records one while the
        workers are still reading the next."""
        if self.workers == 1 or len(raws) < MIN_PARALLEL_BATCH:
            return (read_message(raw, self.rounds) for raw in raws)
        if self.pool is not None and self.pool_read >= RECYCLE_AFTER:
            self.pool.shutdown(wait=True)  # the batch in flight is finished; its results stay with it
            self.pool = None
        if self.pool is None:
            self.pool_read = 0
            context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                            initargs=(self.rounds, self.workers))
        self.pool_read += len(raws)
        return self.pool.map(_read_in_worker, raws)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
