"""Validating a path that may be a programme, the library or a whole content root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import LIBRARY_FOLDER, Problem, discover_programmes, is_programme_folder, load_library, load_programme, validate_library
from ..content.loader import PROGRAMME_FILE, library_folder_for
from ..errors import NotAProgrammeError
from ..model import Programme, iter_texts


@dataclass
class Checked:
    """One checked folder: its name, its problems and the programme when it loaded."""

    name: str
    folder: Path
    problems: list[Problem]
    programme: Programme | None = None
    content_hash: str = ""


def validate_path(path: Path) -> list[Checked]:
    path = path.resolve()
    if not path.exists():
        raise NotAProgrammeError(f"{path} does not exist")
    if path.is_file() and path.name == PROGRAMME_FILE:
        path = path.parent
    if path.name == LIBRARY_FOLDER:
        return [Checked("library", path, validate_library(path))]
    if is_programme_folder(path):
        result = load_programme(path)
        return [Checked(path.name, path, result.problems, result.programme, result.content_hash)]
    programmes = discover_programmes(path) if path.is_dir() else []
    if not programmes:
        raise NotAProgrammeError(
            f"{path} is not a programme folder (it has no {PROGRAMME_FILE}), not the {LIBRARY_FOLDER} folder "
            "and holds no programme folders"
        )
    checked: list[Checked] = []
    library_folder = path / LIBRARY_FOLDER
    if library_folder.is_dir():
        checked.append(Checked("library", library_folder, validate_library(library_folder)))
    library = load_library(library_folder_for(programmes[0]))
    reported = {problem for item in checked for problem in item.problems}
    for folder in programmes:
        result = load_programme(folder, library)
        problems = [problem for problem in result.problems if problem not in reported]
        reported.update(problems)
        checked.append(Checked(folder.name, folder, problems, result.programme, result.content_hash))
    return checked


def completeness(programme: Programme) -> dict[str, tuple[int, int]]:
    """Per language: (texts present, texts expected) across the programme and its modules."""
    counts = {language: [0, 0] for language in programme.languages}
    texts = list(iter_texts(programme, exclude={"modules"}))
    for module in programme.modules.values():
        texts += list(iter_texts(module))
    for _, text in texts:
        for language in programme.languages:
            counts[language][1] += 1
            counts[language][0] += text.has(language)
    return {language: (present, expected) for language, (present, expected) in counts.items()}
