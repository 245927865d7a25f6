"""write_atomically: the whole file or the old one, never half of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.files import write_atomically


def test_writes_the_bytes_and_leaves_no_temporary_file(tmp_path: Path):
    target = tmp_path / "sub" / "out.bin"
    assert write_atomically(target, "ā".encode()) == target
    write_atomically(target, b"second", fsync=True)
    assert target.read_bytes() == b"second" and [path.name for path in target.parent.iterdir()] == ["out.bin"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old" and [path.name for path in tmp_path.iterdir()] == ["out.txt"]
