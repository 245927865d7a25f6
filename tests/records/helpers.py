"""Setting up records through the real services, for the records tests."""

from __future__ import annotations

from pathlib import Path

from curriculum.content import load_programme

MINI = Path(__file__).parents[1] / "content" / "fixtures" / "mini" / "desk-basics"


def mini_programme():
    return load_programme(MINI).require()


def write_csv(path: Path, text: str, bom: bool = True) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path
