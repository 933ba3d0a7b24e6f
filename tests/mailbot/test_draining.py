"""The drain loop keeps one batch in flight: outcomes stay in order, `done` follows each
commit, and worker processes are replaced on the way without losing a result."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mailbot.pipeline.reading as reading
from mailbot.cli import cli
from mailbot.config import load_config
from mailbot.pipeline.draining import drain
from mailbot.pipeline.ingest import Ingestor, IngestReport
from mailbot.store import Store
from parsers.placing.draft import parse_draft
from parsers.reply import Campaign
from parsers.mail.units import load_roster


def _campaign(campaign_dir: Path) -> Campaign:
    draft = parse_draft((campaign_dir / "draft.docx").read_bytes())
    roster = load_roster((campaign_dir / "units.csv").read_bytes(), "units.csv")
    return Campaign(draft, roster, "xcjyb@ybgh.example")


def test_workers_are_replaced_without_losing_a_batch_in_flight(
    campaign_dir: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a pool replaced every 5 messages WHEN a second batch is handed over before the
    first is collected THEN both come back whole and in order."""
    monkeypatch.setattr(reading, "RECYCLE_AFTER", 5)
    raws = [path.read_bytes() for path in sorted(corpus_dir.glob("m0*.eml"))[:12]]
    readers = reading.Readers(reading.one_round(_campaign(campaign_dir)), 2)
    try:
        first = readers.read(raws[:6])
        second = readers.read(raws[6:])  # over the limit: the pool is replaced here
        outcomes = list(first) + list(second)
    finally:
        readers.close()
    alone = [reading.read_message(raw, reading.one_round(_campaign(campaign_dir))) for raw in raws]
    assert [o.envelope.message_id for o in outcomes] == [o.envelope.message_id for o in alone]  # type: ignore[union-attr]
    assert [len(o.reading.comments) for o in outcomes] == [len(o.reading.comments) for o in alone]  # type: ignore[union-attr]


def test_done_follows_each_batch_and_the_last_is_not_forgotten(config_file: Path, corpus_dir: Path) -> None:
    """GIVEN three batches WHEN drained THEN `done` sees each batch's keys once, in order, each
    after its messages are in the store; stopping after the first still finishes the one in flight."""
    assert CliRunner().invoke(cli, ["--config", str(config_file), "init"]).exit_code == 0
    config = load_config(config_file)
    store = Store(config.store_path)
    paths = sorted(corpus_dir.glob("m0*.eml"))[:9]
    batches = [[(p.name, p.read_bytes(), str(p)) for p in paths[i : i + 3]] for i in range(0, 9, 3)]
    seen: list[list[str]] = []

    def done(stored: list[str], failed: list[str]) -> None:
        seen.append(stored + failed)
        with sqlite3.connect(config.store_path) as other:  # another connection sees only what is committed
            assert other.execute("select count(*) from messages").fetchone()[0] == sum(len(keys) for keys in seen)

    ingestor = Ingestor(config, store)
    try:
        assert drain(iter(batches), ingestor, IngestReport(), done) == 9
    finally:
        ingestor.close()
    assert seen == [[name for name, _, _ in batch] for batch in batches]

    stopped: list[list[str]] = []
    ingestor = Ingestor(config, store)
    try:
        count = drain(iter(batches), ingestor, IngestReport(), lambda s, f: stopped.append(s + f), should_stop=lambda: True)
    finally:
        ingestor.close()
    assert count == 3 and stopped == [[name for name, _, _ in batches[0]]]
