"""Loads one module folder: module.yaml plus its Markdown prose files."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..model import Module, check_language_code
from .markdown_checks import check_markdown
from .lenient import validate_leniently
from .messages import clean_location, describe_error, known_field_names
from .problems import FieldPath, Problem, format_field
from .yamlsource import YamlDocument, read_yaml

MODULE_FILE = "module.yaml"
_PROSE_NAME = re.compile(r"^(?P<kind>learner|trainer)\.(?P<lang>[^.]+)\.md$")
_CASE_NAME = re.compile(r"^(?P<case>[^.]+)\.(?P<lang>[^.]+)\.md$")
MODULE_FIELDS = known_field_names(Module)
_STAND_INS = {"title": {"en": "stand-in"}, "minutes": 1}


@dataclass
class LoadedModule:
    """A module folder as read: the model (None if broken) and where things are."""

    id: str
    folder: Path
    document: YamlDocument
    module: Module | None
    problems: list[Problem] = field(default_factory=list)
    prose_files: dict[FieldPath, Path] = field(default_factory=dict)
    original_path: Callable[[FieldPath], FieldPath] = lambda path: path

    @property
    def yaml_file(self) -> Path:
        return self.folder / MODULE_FILE

    def locate(self, path: FieldPath) -> tuple[Path, int | None]:
        """File and line for a field path inside the module."""
        for length in range(len(path), 0, -1):
            if path[:length] in self.prose_files:
                return self.prose_files[path[:length]], None
        return self.yaml_file, self.document.line_of(self.original_path(path))


def read_text_file(file: Path, problems: list[Problem]) -> str | None:
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(file, None, "", f"the file is not UTF-8 text ({error.reason} at byte {error.start})"))
        return None


def language_of(file: Path, code: str, problems: list[Problem]) -> str | None:
    try:
        return check_language_code(code)
    except ValueError as error:
        problems.append(Problem(file, None, "", f"the file name has an invalid language: {error}"))
        return None


def validation_problems(error: ValidationError, document: YamlDocument, field_names: set[str], prefix: FieldPath = ()) -> list[Problem]:
    problems = []
    for detail in error.errors():
        location = (*prefix, *clean_location(detail["loc"]))
        problems.append(
            Problem(document.file, document.line_of(location), format_field(location), describe_error(detail, field_names))
        )
    return problems


def load_module(folder: Path) -> LoadedModule:
    module_id = folder.name
    document = read_yaml(folder / MODULE_FILE)
    loaded = LoadedModule(id=module_id, folder=folder, document=document, module=None, problems=list(document.problems))
    data = document.data
    if data is None:
        return loaded
    if not isinstance(data, dict):
        loaded.problems.append(Problem(document.file, 1, "", "module.yaml must be a mapping of fields (title:, minutes:, ...)"))
        return loaded
    written_id = data.get("id")
    if written_id is not None and written_id != module_id:
        loaded.problems.append(
            Problem(document.file, document.line_of(("id",)), "id", f"the id '{written_id}' differs from the folder name '{module_id}'; a module's id is its folder name")
        )
    data = {**data, "id": module_id}

    prose = _read_prose(folder, data, loaded)
    checked = validate_leniently(Module, data, document, MODULE_FIELDS, _STAND_INS)
    loaded.problems.extend(checked.problems)
    if checked.value is None or checked.stood_in:
        return loaded
    module = checked.value
    loaded.original_path = checked.original_path
    updates: dict[str, object] = {}
    for kind in ("learner_text", "trainer_notes"):
        if prose.get(kind):
            updates[kind] = getattr(module, kind).merged(prose[kind])
    cases = []
    for case in module.case_studies:
        texts = prose.get(("cases", case.id))
        cases.append(case.model_copy(update={"text": case.text.merged(texts)}) if texts else case)
    updates["case_studies"] = tuple(cases)
    loaded.module = module.model_copy(update=updates)
    _map_case_files(loaded)
    return loaded


def _read_prose(folder: Path, data: dict, loaded: LoadedModule) -> dict:
    """Reads learner.*.md, trainer.*.md and cases/*.md; returns texts by kind."""
    prose: dict = {}
    for file in sorted(folder.iterdir()):
        if file.name == MODULE_FILE or file.is_dir():
            continue
        match = _PROSE_NAME.match(file.name)
        if not match:
            if file.suffix == ".md":
                loaded.problems.append(
                    Problem(file, None, "", "unexpected file: prose files are named learner.<lang>.md or trainer.<lang>.md")
                )
            continue
        language = language_of(file, match["lang"], loaded.problems)
        text = read_text_file(file, loaded.problems)
        if language is None or text is None:
            continue
        kind = "learner_text" if match["kind"] == "learner" else "trainer_notes"
        if not text.strip():
            loaded.problems.append(Problem(file, None, kind, "the file is empty"))
            continue
        prose.setdefault(kind, {})[language] = text
        loaded.prose_files[(kind, language)] = file
        loaded.problems.extend(check_markdown(file, text))
    cases_folder = folder / "cases"
    declared_cases = {case.get("id") for case in data.get("case_studies") or [] if isinstance(case, dict)}
    if cases_folder.is_dir():
        for file in sorted(cases_folder.iterdir()):
            match = _CASE_NAME.match(file.name)
            if not match:
                loaded.problems.append(Problem(file, None, "", "unexpected file: case studies are named cases/<case-id>.<lang>.md"))
                continue
            if match["case"] not in declared_cases:
                loaded.problems.append(
                    Problem(file, None, "case_studies", f"the case study '{match['case']}' is not declared under case_studies: in module.yaml")
                )
                continue
            language = language_of(file, match["lang"], loaded.problems)
            text = read_text_file(file, loaded.problems)
            if language is None or text is None:
                continue
            prose.setdefault(("cases", match["case"]), {})[language] = text
            loaded.prose_files[("cases", match["case"], language)] = file
            loaded.problems.extend(check_markdown(file, text))
    return prose


def _map_case_files(loaded: LoadedModule) -> None:
    """Index case files by their model path (case_studies, index, text, lang)."""
    assert loaded.module is not None
    for index, case in enumerate(loaded.module.case_studies):
        for language in case.text.languages:
            file = loaded.prose_files.get(("cases", case.id, language))
            if file is not None:
                loaded.prose_files[("case_studies", index, "text", language)] = file


def expected_prose_file(loaded: LoadedModule, path: FieldPath, language: str) -> Path | None:
    """Where the Markdown for a missing translation of ``path`` should be."""
    assert loaded.module is not None
    if path == ("learner_text",):
        return loaded.folder / f"learner.{language}.md"
    if path == ("trainer_notes",):
        return loaded.folder / f"trainer.{language}.md"
    if len(path) == 3 and path[0] == "case_studies" and path[2] == "text":
        case = loaded.module.case_studies[int(path[1])]
        return loaded.folder / "cases" / f"{case.id}.{language}.md"
    return None
