"""Scans read in the main process and then in forked reading workers: the workers make their
own OCR engine (the parent's onnxruntime threads do not survive fork) and nothing hangs."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from mailbot.config import load_config
from mailbot.pipeline.ingest import Ingestor, IngestReport
from mailbot.store import Store
from parsers.placing.draft import parse_draft
from parsers.mail.units import load_roster


@pytest.fixture
def deadline() -> Iterator[None]:
    """A hang fails the test after two minutes instead of stopping the suite."""
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError("reading scans in forked workers hung")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_scan_in_process_then_a_batch_in_workers(deadline: None, config_file: Path, fixtures_dir: Path, campaign_dir: Path) -> None:
    config = load_config(config_file)
    store = Store(config.store_path, create=True)
    store.load_campaign(parse_draft((campaign_dir / "draft.docx").read_bytes()),
                        load_roster((campaign_dir / "units.csv").read_bytes(), "units.csv"))
    ingestor = Ingestor(config, store)
    scans = sorted((fixtures_dir / "corpus-scans").glob("s0*.eml"))
    report = IngestReport()
    try:
        assert ingestor.ingest_batch([(scans[2].read_bytes(), scans[2].name)], report) == ["new"]  # one: read here
        batch = [(path.read_bytes(), path.name) for path in scans[3:7]]  # four: read by two forked workers
        assert ingestor.ingest_batch(batch, report) == ["new"] * 4
    finally:
        ingestor.close()
        store.close()
    assert report.failed == 0 and report.kinds == {"submission": 5}
