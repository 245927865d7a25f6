"""pytest fixtures for the fake Moodle (registered from tests/conftest.py via `pytest_plugins`)."""

from __future__ import annotations

from typing import Iterator

import pytest

from .site import MoodleSite, running_moodle_site


@pytest.fixture
def moodle_site() -> Iterator[MoodleSite]:
    """A fresh fake Moodle for one test; fails the test if the fake itself crashed on a request."""
    with running_moodle_site() as site:
        yield site
    assert not site.server_errors, "the fake Moodle failed on a request:\n" + "\n".join(site.server_errors)
