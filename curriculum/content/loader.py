"""Loads a programme folder (with the shared library) into the model.

Every problem is collected, none raised: the validator's job is to report all
of them at once, each with file, line and field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ContentError
from ..model import ContentModel, Programme, TargetGroup, iter_texts
from .checks import check_module, check_programme
from .lenient import validate_leniently
from .markdown_checks import check_markdown
from .messages import known_field_names
from .modules import MODULE_FILE, LoadedModule, expected_prose_file, language_of, load_module, read_text_file, validation_problems
from .problems import FieldPath, Problem, format_field
from .yamlsource import read_yaml

PROGRAMME_FILE = "programme.yaml"
LIBRARY_FOLDER = "_library"
TARGET_GROUPS_FILE = "target_groups.yaml"
_GUIDE_NAME = re.compile(r"^(?P<chapter>[^.]+)\.(?P<lang>[^.]+)\.md$")
_LOADER_ONLY_FIELDS = ("modules", "library_target_groups")
PROGRAMME_FIELDS = known_field_names(Programme) - set(_LOADER_ONLY_FIELDS)


class TargetGroupsFile(ContentModel):
    """``_library/target_groups.yaml``: the target groups every programme knows."""

    target_groups: tuple[TargetGroup, ...] = ()


@dataclass
class Library:
    folder: Path | None
    modules: dict[str, LoadedModule] = field(default_factory=dict)
    target_groups: tuple[TargetGroup, ...] = ()
    problems: list[Problem] = field(default_factory=list)


@dataclass
class LoadResult:
    """What loading a folder gave: the programme (None if unusable) and every problem."""

    folder: Path
    programme: Programme | None
    problems: list[Problem]
    content_hash: str = ""
    modules: dict[str, LoadedModule] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.programme is not None and not self.problems

    def require(self) -> Programme:
        """The programme, or ContentError listing every problem."""
        if self.programme is None or self.problems:
            raise ContentError(self.folder, sorted(set(self.problems)))
        return self.programme


def bundled_content_root() -> Path:
    """The course_content folder shipped with the package."""
    import course_content

    return Path(course_content.__file__).resolve().parent


def is_programme_folder(folder: Path) -> bool:
    return folder.is_dir() and not folder.name.startswith(("_", ".")) and (folder / PROGRAMME_FILE).is_file()


def discover_programmes(root: Path) -> list[Path]:
    return sorted(child for child in root.iterdir() if is_programme_folder(child))


def load_library(folder: Path | None) -> Library:
    library = Library(folder=folder)
    if folder is None or not folder.is_dir():
        return library
    groups_file = folder / TARGET_GROUPS_FILE
    if groups_file.is_file():
        document = read_yaml(groups_file)
        library.problems += document.problems
        if document.data is not None:
            try:
                library.target_groups = TargetGroupsFile.model_validate(document.data).target_groups
            except ValidationError as error:
                library.problems += validation_problems(error, document, known_field_names(TargetGroupsFile))
    modules_folder = folder / "modules"
    if modules_folder.is_dir():
        for module_folder in sorted(modules_folder.iterdir()):
            if module_folder.is_dir() and (module_folder / MODULE_FILE).is_file():
                library.modules[module_folder.name] = load_module(module_folder)
            elif module_folder.is_dir():
                library.problems.append(Problem(module_folder, None, "", f"this module folder has no {MODULE_FILE}"))
    return library


def library_folder_for(programme_folder: Path) -> Path | None:
    candidate = programme_folder.parent / LIBRARY_FOLDER
    return candidate if candidate.is_dir() else None


def load_programme(folder: Path, library: Library | None = None) -> LoadResult:
    """Load ``folder`` (a programme) with its library; never raises for bad content."""
    folder = folder.resolve()
    if library is None:
        library = load_library(library_folder_for(folder))
    result = LoadResult(folder=folder, programme=None, problems=[])
    document = read_yaml(folder / PROGRAMME_FILE)
    result.problems += document.problems
    group_ids = {group.id for group in library.target_groups}

    own_modules = _load_own_modules(folder, result)
    modules: dict[str, LoadedModule] = {}
    for module_id, loaded in own_modules.items():
        if module_id in library.modules:
            result.problems.append(
                Problem(loaded.yaml_file, 1, "", f"the module id '{module_id}' also exists in the library ({library.modules[module_id].folder}); rename one of them")
            )
        modules[module_id] = loaded
    for module_id, loaded in library.modules.items():
        modules.setdefault(module_id, loaded)
    result.modules = modules

    data = document.data
    if data is None:
        return result
    if not isinstance(data, dict):
        result.problems.append(Problem(document.file, 1, "", "programme.yaml must be a mapping of fields (id:, title:, ...)"))
        return result
    for name in _LOADER_ONLY_FIELDS:
        if name in data:
            result.problems.append(
                Problem(document.file, document.line_of((name,)), name, f"unknown key '{name}': modules live in folders (modules/<id>/module.yaml), not in programme.yaml")
            )
    data = {key: value for key, value in data.items() if key not in _LOADER_ONLY_FIELDS}
    checked = validate_leniently(Programme, data, document, PROGRAMME_FIELDS, _STAND_INS)
    result.problems += checked.problems
    programme, stood_in = checked.value, checked.stood_in
    if programme is None:
        return result

    programme_groups = group_ids | {group.id for group in programme.target_groups}
    used = programme.used_module_ids()
    broken: set[str] = set()
    resolved = {}
    for module_id in used:
        loaded = modules.get(module_id)
        if loaded is None:
            continue
        result.problems += loaded.problems
        if loaded.module is None:
            broken.add(module_id)
            continue
        resolved[module_id] = loaded.module
        for path, message in check_module(loaded.module, programme_groups):
            file, line = loaded.locate(path)
            result.problems.append(Problem(file, line, format_field(path), message))
        result.problems += _missing_prose(loaded)
    for module_id, loaded in own_modules.items():
        if module_id not in used:
            result.problems += loaded.problems  # the programme's own modules are always checked

    chapters = _attach_guide(folder, programme, result)
    programme = programme.model_copy(
        update={"modules": resolved, "library_target_groups": library.target_groups, "guide": programme.guide.model_copy(update={"chapters": chapters})}
    )
    result.programme = programme

    def locate(path: FieldPath) -> tuple[Path, int | None, FieldPath]:
        original = checked.original_path(path)
        return document.file, document.line_of(original), original

    for path, message in check_programme(programme, broken):
        if str(path[0]) in stood_in:
            continue
        file, line, original = locate(path)
        result.problems.append(Problem(file, line, format_field(original), message))
    for logo_path, logo in _logos(programme):
        if not (folder / logo).is_file():
            file, line, original = locate(logo_path)
            result.problems.append(Problem(file, line, format_field(original), f"the logo file '{logo}' does not exist in the programme folder"))
    result.problems += [
        problem
        for problem in _missing_translations(programme, modules, locate, folder)
        if not problem.field.split(".")[0].split("[")[0] in stood_in
    ]
    if stood_in:
        result.programme = None  # a programme with stand-ins is for checking only
    result.problems = sorted(set(result.problems), key=lambda problem: (str(problem.file), problem.line or 0, problem.field, problem.message))
    result.content_hash = content_hash(folder, [modules[module_id].folder for module_id in used if module_id in modules], library.folder)
    return result


def _load_own_modules(folder: Path, result: LoadResult) -> dict[str, LoadedModule]:
    own: dict[str, LoadedModule] = {}
    modules_folder = folder / "modules"
    if modules_folder.is_dir():
        for module_folder in sorted(modules_folder.iterdir()):
            if not module_folder.is_dir():
                continue
            if not (module_folder / MODULE_FILE).is_file():
                result.problems.append(Problem(module_folder, None, "", f"this module folder has no {MODULE_FILE}"))
                continue
            own[module_folder.name] = load_module(module_folder)
    return own


# Stand-ins for broken required fields, so the other checks can still run.
# Findings about a stood-in field are dropped: its real problem is reported.
_STAND_INS: dict[str, Any] = {
    "id": "stand-in",
    "code": "STANDIN",
    "title": {"en": "stand-in"},
    "languages": ["en"],
    "organiser": {"id": "stand-in", "name": {"en": "stand-in"}},
    "period": {"start": "2000-01-01", "end": "2000-01-01"},
}


def _attach_guide(folder: Path, programme: Programme, result: LoadResult) -> tuple:
    bodies: dict[str, dict[str, str]] = {}
    guide_folder = folder / "guide"
    chapter_ids = {chapter.id for chapter in programme.guide.chapters}
    if guide_folder.is_dir():
        for file in sorted(guide_folder.iterdir()):
            match = _GUIDE_NAME.match(file.name)
            if file.is_dir() or not match:
                if file.suffix == ".md":
                    result.problems.append(Problem(file, None, "", "guide files are named guide/<chapter-id>.<lang>.md"))
                continue
            if match["chapter"] not in chapter_ids:
                result.problems.append(Problem(file, None, "guide.chapters", f"the chapter '{match['chapter']}' is not listed under guide: chapters: in programme.yaml"))
                continue
            language = language_of(file, match["lang"], result.problems)
            text = read_text_file(file, result.problems)
            if language is None or text is None:
                continue
            bodies.setdefault(match["chapter"], {})[language] = text
            result.problems += check_markdown(file, text)
    return tuple(
        chapter.model_copy(update={"body": chapter.body.merged(bodies[chapter.id])}) if chapter.id in bodies else chapter
        for chapter in programme.guide.chapters
    )


def _logos(programme: Programme) -> list[tuple[FieldPath, str]]:
    logos: list[tuple[FieldPath, str]] = []
    if programme.organiser.logo:
        logos.append((("organiser", "logo"), programme.organiser.logo))
    if programme.funder and programme.funder.logo:
        logos.append((("funder", "logo"), programme.funder.logo))
    logos += [(("partners", index, "logo"), partner.logo) for index, partner in enumerate(programme.partners) if partner.logo]
    return logos


def _missing_prose(loaded: LoadedModule) -> list[Problem]:
    """A module needs learner text and trainer notes; each case study its story."""
    module = loaded.module
    assert module is not None
    problems = []
    for kind, name, label in (("learner_text", "learner", "learner text"), ("trainer_notes", "trainer", "trainer notes")):
        if not getattr(module, kind):
            problems.append(Problem(loaded.folder / f"{name}.<lang>.md", None, kind, f"the module has no {label}: write {name}.<lang>.md beside module.yaml"))
    for index, case in enumerate(module.case_studies):
        if not case.text:
            problems.append(
                Problem(loaded.folder / "cases" / f"{case.id}.<lang>.md", None, f"case_studies[{index}]", f"the case study '{case.id}' has no story: write cases/{case.id}.<lang>.md")
            )
    return problems


def _missing_translations(programme: Programme, modules: dict[str, LoadedModule], locate, folder: Path) -> list[Problem]:
    problems = []
    for chapter_index, chapter in enumerate(programme.guide.chapters):
        if not chapter.body:
            _, _, original = locate(("guide", "chapters", chapter_index))
            problems.append(Problem(folder / "guide" / f"{chapter.id}.<lang>.md", None, format_field(original), f"the chapter '{chapter.id}' has no text: write guide/{chapter.id}.<lang>.md"))
    for path, language in programme.missing_translations():
        if path[0] == "modules":
            loaded = modules[str(path[1])]
            inner = path[2:]
            expected = expected_prose_file(loaded, inner, language)
            if expected is not None:
                problems.append(Problem(expected, None, format_field(inner), f"missing the '{language}' translation: the file {expected.name} does not exist"))
            else:
                file, line = loaded.locate(inner)
                problems.append(Problem(file, line, format_field(inner), f"missing the '{language}' translation"))
        elif path[:2] == ("guide", "chapters") and path[-1] == "body":
            chapter = programme.guide.chapters[int(path[2])]
            expected = folder / "guide" / f"{chapter.id}.{language}.md"
            problems.append(Problem(expected, None, format_field(path), f"missing the '{language}' translation: the file guide/{expected.name} does not exist"))
        else:
            file, line, original = locate(path)
            problems.append(Problem(file, line, format_field(original), f"missing the '{language}' translation"))
    return problems


def content_hash(folder: Path, module_folders: list[Path], library: Path | None) -> str:
    """A hash of every file the programme is built from: its content version."""
    digest = hashlib.sha256()
    roots = [folder, *module_folders]
    if library is not None and (library / TARGET_GROUPS_FILE).is_file():
        roots.append(library / TARGET_GROUPS_FILE)
    files: set[Path] = set()
    for root in roots:
        files.update([root] if root.is_file() else (path for path in root.rglob("*") if path.is_file()))
    base = folder.parent
    for file in sorted(files):
        digest.update(file.relative_to(base).as_posix().encode())
        digest.update(b"\0")
        digest.update(file.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def validate_library(folder: Path) -> list[Problem]:
    """Checks every library module on its own: structure, sums, and that each
    text has the languages of the module's title."""
    library = load_library(folder)
    problems = list(library.problems)
    group_ids = {group.id for group in library.target_groups}
    for loaded in library.modules.values():
        problems += loaded.problems
        if loaded.module is None:
            continue
        for path, message in check_module(loaded.module, group_ids):
            file, line = loaded.locate(path)
            problems.append(Problem(file, line, format_field(path), message))
        problems += _missing_prose(loaded)
        languages = loaded.module.title.languages
        for path, text in iter_texts(loaded.module):
            for language in text.missing(languages):
                expected = expected_prose_file(loaded, path, language)
                if expected is not None:
                    problems.append(Problem(expected, None, format_field(path), f"missing the '{language}' translation: the file {expected.name} does not exist"))
                else:
                    file, line = loaded.locate(path)
                    problems.append(Problem(file, line, format_field(path), f"missing the '{language}' translation (the title has it)"))
    return sorted(set(problems), key=lambda problem: (str(problem.file), problem.line or 0, problem.field, problem.message))


def load_all(root: Path) -> list[LoadResult]:
    library = load_library(root / LIBRARY_FOLDER)
    return [load_programme(folder, library) for folder in discover_programmes(root)]


def find_programme_folder(name_or_path: str, root: Path | None = None) -> Path:
    """A programme folder from a path, a bundled folder name (000-different-client) or a programme id."""
    import difflib

    from ..errors import NotAProgrammeError

    candidate = Path(name_or_path).expanduser()
    if is_programme_folder(candidate):
        return candidate.resolve()
    if candidate.is_file() and candidate.name == PROGRAMME_FILE:
        return candidate.parent.resolve()
    root = root or bundled_content_root()
    folders = discover_programmes(root)
    for folder in folders:
        if folder.name == name_or_path or folder.name.split("-", 1)[-1] == name_or_path:
            return folder
    for folder in folders:
        document = read_yaml(folder / PROGRAMME_FILE)
        if isinstance(document.data, dict) and document.data.get("id") == name_or_path:
            return folder
    names = [folder.name for folder in folders]
    guess = difflib.get_close_matches(name_or_path, names, n=1)
    hint = f" Did you mean '{guess[0]}'?" if guess else f" Bundled programmes: {', '.join(names)}."
    if candidate.is_dir():
        raise NotAProgrammeError(f"{name_or_path} has no {PROGRAMME_FILE}, so it is neither a programme folder nor a bundled programme.{hint}")
    raise NotAProgrammeError(f"'{name_or_path}' is neither a programme folder nor a bundled programme.{hint}")


def load_valid_programme(name_or_path: str) -> LoadResult:
    """Load a programme that must be valid; ContentError lists every problem otherwise."""
    result = load_programme(find_programme_folder(name_or_path))
    result.require()
    return result
