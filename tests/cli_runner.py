"""Running the real `curriculum` command in a subprocess, as a user would.

A plain module (not conftest) so test files in any folder import the same one:
pytest swaps the module named ``conftest`` as it enters folders with their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `curriculum` command as a user would."""
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    environment.pop("CURRICULUM_DATABASE_URL", None) if env is None or "CURRICULUM_DATABASE_URL" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "curriculum", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=1200
    )
