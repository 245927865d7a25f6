"""Shared fixtures: the bundled content, a real SQLite file and a real PostgreSQL."""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path

import pytest

from curriculum.content import bundled_content_root

sys.path.insert(0, str(Path(__file__).parent))
from postgres import Cluster, start_cluster  # noqa: E402

pytest_plugins = ["moodle_site.fixtures"]

sys.path.insert(0, str(Path(__file__).parent / "records"))

_database_counter = itertools.count()


@pytest.fixture(scope="session")
def content_root() -> Path:
    return bundled_content_root()


@pytest.fixture(scope="session")
def postgres_cluster() -> Cluster:
    if os.environ.get("CURRICULUM_SKIP_POSTGRES") == "1":
        pytest.skip("CURRICULUM_SKIP_POSTGRES=1")
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database of each kind for one test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'records.db'}"
    cluster: Cluster = request.getfixturevalue("postgres_cluster")
    return cluster.create_database(f"test_{next(_database_counter)}")
