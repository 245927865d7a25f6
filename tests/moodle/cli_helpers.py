"""Running the real `curriculum` command against the local Moodle (site and token from the environment)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

# tests/conftest.py's run_cli (the name `conftest` is this folder's own here).
_spec = importlib.util.spec_from_file_location("tests_root_conftest", Path(__file__).parents[1] / "conftest.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
run_cli = _root.run_cli


def run_cli_with_site(site, records, cwd: Path, *args: str, token: str | None = None):
    _, _, url = records
    env = {"CURRICULUM_MOODLE_URL": site.url, "CURRICULUM_MOODLE_TOKEN": token or site.token, "CURRICULUM_DATABASE_URL": url}
    return run_cli(*args, cwd=cwd, env=env)
