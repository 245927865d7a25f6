"""The bundled programmes, loaded once per test run, and their (programme, course, language) cases:
what the SCORM and the Moodle file tests go through."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from curriculum.content import LoadResult, bundled_content_root, discover_programmes, load_library, load_programme
from curriculum.content.loader import library_folder_for
from curriculum.model import Programme


@lru_cache(maxsize=1)
def load_bundled() -> dict[str, LoadResult]:
    """Every bundled programme by folder name (content problems included)."""
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
        return load_bundled()[self.folder]

    @property
    def programme(self) -> Programme:
        programme = self.result.programme
        assert programme is not None
        return programme


def bundled_cases(every_course: bool = True) -> list[Case]:
    """(programme, course, language) of the bundled content; with ``every_course`` False, the first course per language."""
    cases = []
    for folder, result in load_bundled().items():
        programme = result.programme
        if programme is None:
            continue
        seen: set[str] = set()
        for course in programme.courses:
            for language in programme.course_languages(course):
                if every_course or language not in seen:
                    cases.append(Case(folder, course.id, language))
                    seen.add(language)
    return cases
