"""Draining a mailbox: the one loop every source shares.

A source hands out batches of fetched messages, each (key, raw bytes, where), and
is told once a batch is stored which keys were stored and which failed (`done`:
flag and move them, or mark them seen). One batch is kept in flight: while the main
process records batch N (the store, the receipts, the mailbox's flags), the worker
processes are already reading batch N+1, and the source fetches N+2 while they
finish. A crash at any point leaves at most two batches archived but not marked
done; they are fetched again and Message-ID makes that a no-op.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mailbot.pipeline.ingest import Ingestor, IngestReport, StartedBatch
from mailbot.sources.base import Key


def drain(
    batches: Iterable[list[tuple[Key, bytes, str]]],
    ingestor: Ingestor,
    report: IngestReport,
    done: Callable[[list[Key], list[Key]], object],
    should_stop: Callable[[], bool] = lambda: False,
    after_batch: Callable[[], object] = lambda: None,
) -> int:
    """Ingest every batch; after each is stored, call `done(stored keys, failed keys)`
    and then `after_batch()` (e.g. send its receipts). Returns how many messages."""
    count = 0
    in_flight: tuple[list[Key], StartedBatch] | None = None
    for batch in batches:
        started = ingestor.start_batch([(raw, where) for _, raw, where in batch])
        if in_flight is not None:
            count += _finish(in_flight, ingestor, report, done, after_batch)
        in_flight = ([key for key, _, _ in batch], started)
        if should_stop():
            break
    if in_flight is not None:
        count += _finish(in_flight, ingestor, report, done, after_batch)
    return count


def _finish(
    in_flight: tuple[list[Key], StartedBatch],
    ingestor: Ingestor,
    report: IngestReport,
    done: Callable[[list[Key], list[Key]], object],
    after_batch: Callable[[], object],
) -> int:
    keys, started = in_flight
    outcomes = ingestor.finish_batch(started, report)
    done([k for k, o in zip(keys, outcomes) if o != "failed"], [k for k, o in zip(keys, outcomes) if o == "failed"])
    after_batch()
    return len(keys)
