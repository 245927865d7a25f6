"""Running the real `curriculum` command against the local Moodle (site and token from the environment)."""

from __future__ import annotations

from pathlib import Path

from cli_runner import run_cli


def run_cli_with_site(site, records, cwd: Path, *args: str, token: str | None = None):
    _, _, url = records
    env = {"CURRICULUM_MOODLE_URL": site.url, "CURRICULUM_MOODLE_TOKEN": token or site.token, "CURRICULUM_DATABASE_URL": url}
    return run_cli(*args, cwd=cwd, env=env)
