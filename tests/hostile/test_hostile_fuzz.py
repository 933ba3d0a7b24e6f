"""Hostile input, case 9: random bytes and mutated corpus mail through Ingestor.ingest_raw,
all on one store. Every input is archived and ends "new", "duplicate" or "failed"."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_harness import CORPUS, sha256, start
from mailbot.config import load_config
from mailbot.pipeline.ingest import Ingestor, IngestReport
from mailbot.store import Store

SEEDS = [(CORPUS / name).read_bytes() for name in ("m005.eml", "m007.eml")]
Edit = tuple[str, int, bytes]


def mutate(raw: bytes, edits: list[Edit]) -> bytes:
    """Flip, insert or delete bytes at the given places (taken modulo the length)."""
    data = bytearray(raw)
    for kind, where, chunk in edits:
        at = where % (len(data) + 1)
        if kind == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= chunk[0] or 0xFF
        elif kind == "insert":
            data[at:at] = chunk
        else:
            del data[at : at + len(chunk) * 64]
    return bytes(data)


edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete"]),
        st.one_of(st.integers(0, 2048), st.integers(0, 1 << 20)),  # the headers and first part, or anywhere
        st.binary(min_size=1, max_size=16),
    ),
    min_size=1, max_size=12,
)
mail = st.one_of(
    st.binary(max_size=4096),
    st.builds(mutate, st.sampled_from(SEEDS), edits),
)


def test_any_bytes_are_archived_and_never_raise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN one store WHEN random bytes and byte-mutated corpus messages are ingested one by
    one THEN each call returns new/duplicate/failed, never raises, and the raw bytes are archived."""
    bot = start(tmp_path, monkeypatch)
    config = load_config(bot.config)
    store = Store(config.store_path)
    ingestor = Ingestor(config, store)

    @settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(raw=mail)
    def ingest_one(raw: bytes) -> None:
        assert ingestor.ingest_raw(raw, "fuzz", IngestReport()) in ("new", "duplicate", "failed")
        assert (bot.archive / sha256(raw)[:2] / f"{sha256(raw)}.eml").read_bytes() == raw

    try:
        ingest_one()
        internal = [m for m in store.messages() if "internal error" in (m["error"] or "")]
        assert not internal, internal
    finally:
        store.close()
