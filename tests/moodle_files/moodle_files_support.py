"""Shared by the Moodle files tests: the bundled programmes, every (programme, course,
language), and reading a .mbz back the way Moodle's restore unpacks it."""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from curriculum.content import LoadResult, bundled_content_root, discover_programmes, load_library, load_programme
from curriculum.content.loader import library_folder_for
from curriculum.model import Programme


@lru_cache(maxsize=1)
def bundled() -> dict[str, LoadResult]:
    folders = discover_programmes(bundled_content_root())
    library = load_library(library_folder_for(folders[0]))
    return {folder.name: load_programme(folder, library) for folder in folders}


@dataclass(frozen=True)
class Case:
    folder: str
    course_id: str
    language: str

    @property
    def id(self) -> str:
        return f"{self.folder}-{self.course_id}-{self.language}"

    @property
    def result(self) -> LoadResult:
        return bundled()[self.folder]

    @property
    def programme(self) -> Programme:
        programme = self.result.programme
        assert programme is not None
        return programme


def every_case() -> list[Case]:
    return [
        Case(folder, course.id, language)
        for folder, result in bundled().items()
        if result.programme is not None
        for course in result.programme.courses
        for language in result.programme.course_languages(course)
    ]


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
