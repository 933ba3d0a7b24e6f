"""Shared fixtures: the sample campaign and corpus copied into tests/fixtures/."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_config

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return FIXTURES / "corpus"


@pytest.fixture(scope="session")
def campaign_dir() -> Path:
    return FIXTURES / "campaign"


@pytest.fixture
def config_file(tmp_path: Path, campaign_dir: Path) -> Path:
    return write_config(tmp_path, campaign_dir)
