"""What goes into a package, decided once, before anything is rendered.

The plan is pure data taken from the model: which SCOs in which order, their
files, titles, durations, the pass mark, the questions. The manifest and the
learner pages are both drawn from it, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from curriculum.model import Course, Module, Programme
from curriculum.model.assessment import Question

from ._errors import ScormExportError, UnknownCourseError, UnsupportedLanguageError, UnsupportedVersionError

# Moodle's player is certified for SCORM 1.2 and supports 2004 only in part.
DEFAULT_VERSION = "1.2"
# Used when the course states no pass mark (completion.pass_mark_percent).
DEFAULT_PASS_MARK_PERCENT = 80.0
# Choice answers are single characters in SCORM 1.2 ([0-9a-z]).
OPTION_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"
CHECK_FILE = "knowledge-check.html"
SHARED_FOLDER = "shared"


class ScormVersion(StrEnum):
    SCORM_12 = "1.2"
    SCORM_2004 = "2004"

    @classmethod
    def parse(cls, value: "str | ScormVersion") -> "ScormVersion":
        text = str(value).strip().lower().removeprefix("scorm").strip(" _-")
        aliases = {"1.2": cls.SCORM_12, "12": cls.SCORM_12, "2004": cls.SCORM_2004, "2004-4": cls.SCORM_2004, "2004 4th edition": cls.SCORM_2004}
        if text not in aliases:
            raise UnsupportedVersionError(value)
        return aliases[text]


@dataclass(frozen=True)
class ModuleSco:
    """One module of the course: its own SCO, tracked on its own."""

    number: int
    module: Module
    href: str
    folder: Path | None = None

    @property
    def item_id(self) -> str:
        return f"ITEM-{self.number:02d}-{self.module.id}"

    @property
    def resource_id(self) -> str:
        return f"RES-{self.number:02d}-{self.module.id}"


@dataclass(frozen=True)
class CheckQuestion:
    number: int
    module_id: str | None
    question: Question

    @property
    def interaction_id(self) -> str:
        return f"{self.module_id or 'course'}.{self.question.id}"


@dataclass(frozen=True)
class PackagePlan:
    programme: Programme
    course: Course
    language: str
    version: ScormVersion
    pass_mark_percent: float
    modules: tuple[ModuleSco, ...]
    questions: tuple[CheckQuestion, ...]

    @property
    def identifier(self) -> str:
        return f"curriculum.{self.programme.id}.{self.course.id}.{self.language}"

    @property
    def organisation_id(self) -> str:
        return f"ORG-{self.course.id}"

    @property
    def has_check(self) -> bool:
        return bool(self.questions)

    def text(self, value) -> str:
        return self.programme.text(value, self.language)

    @property
    def title(self) -> str:
        return self.text(self.course.title)

    @property
    def description(self) -> str:
        return self.text(self.course.summary) or self.text(self.programme.summary)

    @property
    def minutes(self) -> int:
        declared = round(self.course.hours.total * 60)
        return declared or sum(sco.module.minutes for sco in self.modules)

    def objective_id(self, module_id: str) -> str:
        return f"urn:curriculum:{self.programme.id}:{self.course.id}:{module_id}"


def plan_package(
    programme: Programme,
    course_id: str,
    language: str,
    version: "str | ScormVersion",
    pass_mark_percent: float | None = None,
    module_folders: Mapping[str, Path] | None = None,
) -> PackagePlan:
    course = programme.course(course_id)
    if course is None:
        raise UnknownCourseError(programme.id, course_id, [item.id for item in programme.courses])
    languages = list(programme.course_languages(course))
    if language not in languages:
        raise UnsupportedLanguageError(course.id, language, languages)
    scorm_version = ScormVersion.parse(version)
    if pass_mark_percent is None:
        pass_mark_percent = course.completion.pass_mark_percent
    if pass_mark_percent is None:
        pass_mark_percent = DEFAULT_PASS_MARK_PERCENT
    if not 0 <= pass_mark_percent <= 100:
        raise ScormExportError(f"the pass mark must be between 0 and 100 percent, not {pass_mark_percent}")
    folders = dict(module_folders or {})
    modules = tuple(
        ModuleSco(number, module, f"{number:02d}-{module.id}.html", folders.get(module.id))
        for number, (_, module) in enumerate(programme.course_modules(course), start=1)
    )
    questions = tuple(
        CheckQuestion(number, module_id, question)
        for number, (module_id, question) in enumerate(programme.knowledge_check(course), start=1)
    )
    for item in questions:
        if len(item.question.options) > len(OPTION_KEYS):
            raise ScormExportError(
                f"the question '{item.interaction_id}' has {len(item.question.options)} options; a SCORM choice allows {len(OPTION_KEYS)}"
            )
    return PackagePlan(programme, course, language, scorm_version, float(pass_mark_percent), modules, questions)
