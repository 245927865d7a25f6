"""Fixtures for the Moodle publish and pull tests: the fake site over real HTTP, and records."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

from moodle_site.fixtures import moodle_site  # noqa: E402,F401  (the fixture)

from records import make_records  # noqa: E402


@pytest.fixture
def records(tmp_path: Path):
    """(loaded programme, engine, database URL) with 6 social workers and 2 medical workers."""
    return make_records(tmp_path)


@pytest.fixture
def records_on_each_database(database_url: str, tmp_path: Path):
    """The same records on SQLite and on PostgreSQL."""
    return make_records(tmp_path, url=database_url)
