"""Shared by the Moodle files tests: the bundled programmes, every (programme, course,
language), and reading a .mbz back the way Moodle's restore unpacks it."""

from __future__ import annotations

import io
import tarfile

from lxml import etree

from curriculum.content import LoadResult
from programme_cases import Case, bundled_cases, load_bundled


def bundled() -> dict[str, LoadResult]:
    return load_bundled()


def every_case() -> list[Case]:
    return bundled_cases(every_course=True)


def unpack_mbz(data: bytes) -> tuple[list[tarfile.TarInfo], dict[str, bytes]]:
    """The archive's entries in order and its files by path."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        members = archive.getmembers()
        files = {member.name: archive.extractfile(member).read() for member in members if member.isfile()}
    return members, files


def gzip_mtime(data: bytes) -> int:
    assert data[:2] == b"\x1f\x8b"
    return int.from_bytes(data[4:8], "little")


def xml(files: dict[str, bytes], path: str) -> etree._Element:
    return etree.fromstring(files[path])


def texts(node: etree._Element, path: str) -> list[str]:
    return [item.text or "" for item in node.iterfind(path)]


__all__ = ["Case", "bundled", "every_case", "gzip_mtime", "texts", "unpack_mbz", "xml"]
