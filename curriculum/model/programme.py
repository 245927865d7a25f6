"""The programme (course cycle): who runs it, who pays, for whom, what it holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field, model_validator

from .base import ContentModel, Slug
from .course import Course, ModuleRef, StudyMode
from .event import Event
from .guide import Guide
from .module import Module
from .plan import PlanTemplate
from .text import EMPTY_TEXT, LanguageCode, LocalisedText

Path = tuple[str | int, ...]


class OrganisationRole(StrEnum):
    ORGANISER = "organiser"
    PARTNER = "partner"
    ASSOCIATED_PARTNER = "associated_partner"
    FUNDER = "funder"
    MANAGING_AUTHORITY = "managing_authority"


class Organisation(ContentModel):
    id: Slug
    name: LocalisedText
    short_name: str | None = None
    role: OrganisationRole = OrganisationRole.PARTNER
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    city: str | None = None
    website: str | None = None
    logo: str | None = None


class FundingShare(ContentModel):
    source: LocalisedText
    percent: float = Field(gt=0, le=100)


class Funding(ContentModel):
    """What is known of the money: ``note`` says what ``amount`` covers when it
    is not the whole budget (e.g. only a municipality's co-financing)."""

    amount: Decimal | None = Field(default=None, ge=0)
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    project_number: str | None = None
    shares: tuple[FundingShare, ...] = ()
    note: LocalisedText = EMPTY_TEXT

    @model_validator(mode="after")
    def _shares_add_up(self) -> "Funding":
        if self.shares and abs(sum(share.percent for share in self.shares) - 100) > 0.01:
            raise ValueError("the funding shares must add up to 100 percent")
        return self


class Funder(ContentModel):
    name: LocalisedText
    programme: LocalisedText = EMPTY_TEXT
    managing_authority: LocalisedText = EMPTY_TEXT
    acknowledgement: LocalisedText = EMPTY_TEXT
    logo: str | None = None


class Period(ContentModel):
    start: dt.date
    end: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> "Period":
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


class Phase(ContentModel):
    id: Slug
    title: LocalisedText
    description: LocalisedText = EMPTY_TEXT
    period: Period | None = None


class TargetGroup(ContentModel):
    id: Slug
    name: LocalisedText
    description: LocalisedText = EMPTY_TEXT


class Programme(ContentModel):
    """A course cycle as written in ``programme.yaml``, with its modules resolved.

    ``modules`` holds every module the programme can use (library and its own),
    filled in by the loader; it is not written in programme.yaml.
    """

    id: Slug
    code: str = Field(pattern=r"^[A-Z0-9][A-Z0-9-]{0,15}$")
    title: LocalisedText
    summary: LocalisedText = EMPTY_TEXT
    languages: tuple[LanguageCode, ...] = Field(min_length=1)
    organiser: Organisation
    partners: tuple[Organisation, ...] = ()
    funder: Funder | None = None
    funding: Funding | None = None
    period: Period
    phases: tuple[Phase, ...] = ()
    target_groups: tuple[TargetGroup, ...] = ()
    courses: tuple[Course, ...] = ()
    events: tuple[Event, ...] = ()
    guide: Guide = Guide()
    plan_templates: tuple[PlanTemplate, ...] = ()
    modules: dict[str, Module] = Field(default_factory=dict)
    library_target_groups: tuple[TargetGroup, ...] = Field(default=(), exclude=True)

    # -- look-ups -------------------------------------------------------------

    @property
    def main_language(self) -> str:
        return self.languages[0]

    def text(self, value: LocalisedText, language: str) -> str:
        """``value`` in ``language``, falling back along the programme's languages."""
        return value.get(language, self.languages)

    def course(self, course_id: str) -> Course | None:
        return next((course for course in self.courses if course.id == course_id), None)

    def event(self, event_id: str) -> Event | None:
        return next((event for event in self.events if event.id == event_id), None)

    def all_target_groups(self) -> dict[str, TargetGroup]:
        groups = {group.id: group for group in self.library_target_groups}
        groups.update({group.id: group for group in self.target_groups})
        return groups

    def course_languages(self, course: Course) -> tuple[str, ...]:
        return course.languages or self.languages

    def course_modules(self, course: Course) -> list[tuple[ModuleRef, Module]]:
        """The course's modules in order, each adapted for its target group."""
        resolved = []
        for ref in course.modules:
            module = self.modules.get(ref.module)
            if module is not None:
                resolved.append((ref, module.adapted(course.target_group_of(ref))))
        return resolved

    def course_minutes(self, course: Course, mode: StudyMode) -> int:
        return sum(module.minutes for ref, module in self.course_modules(course) if course.mode_of(ref) is mode)

    def knowledge_check(self, course: Course) -> list[tuple[str | None, Any]]:
        """(module id or None, question) for the course's whole knowledge check."""
        questions: list[tuple[str | None, Any]] = []
        for _, module in self.course_modules(course):
            questions.extend((module.id, question) for question in module.assessment.questions)
        questions.extend((None, question) for question in course.knowledge_check.questions)
        return questions

    def used_module_ids(self) -> list[str]:
        used = [ref.module for course in self.courses for ref in course.modules]
        used += [module for event in self.events for module in event.modules]
        return list(dict.fromkeys(used))

    # -- completeness ---------------------------------------------------------

    def missing_translations(self) -> list[tuple[Path, str]]:
        """(field path, language) for every text lacking one of its languages.

        Courses may declare a subset of the programme's languages; the modules a
        course uses must have that course's languages.
        """
        missing: list[tuple[Path, str]] = []
        for path, text in iter_texts(self, exclude={"modules"}):
            languages = self.languages
            if path[:1] == ("courses",):
                languages = self.course_languages(self.courses[int(path[1])])
            missing.extend((path, code) for code in text.missing(languages))
        for module_id, languages in self._module_languages().items():
            module = self.modules[module_id]
            for path, text in iter_texts(module):
                missing.extend((("modules", module_id, *path), code) for code in text.missing(languages))
        return missing

    def _module_languages(self) -> dict[str, list[str]]:
        needed: dict[str, list[str]] = {}
        for course in self.courses:
            for ref in course.modules:
                if ref.module in self.modules:
                    languages = needed.setdefault(ref.module, [])
                    languages.extend(code for code in self.course_languages(course) if code not in languages)
        for event in self.events:
            for module_id in event.modules:
                if module_id in self.modules:
                    languages = needed.setdefault(module_id, [])
                    languages.extend(code for code in self.languages if code not in languages)
        return needed


def iter_texts(value: Any, path: Path = (), exclude: set[str] = frozenset()) -> Iterator[tuple[Path, LocalisedText]]:
    """Every LocalisedText inside ``value`` with the field path leading to it.

    Optional texts that are empty are skipped: only what is written must be
    translated.
    """
    if isinstance(value, LocalisedText):
        if value:
            yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in exclude or name == "library_target_groups":
                continue
            yield from iter_texts(getattr(value, name), (*path, name))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from iter_texts(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_texts(item, (*path, key))
