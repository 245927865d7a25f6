"""A course: an ordered assembly of modules for one or more target groups."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from pydantic import Field, field_validator

from .assessment import Assessment
from .base import ContentModel, Slug
from .certificate import check_serial_pattern
from .text import EMPTY_TEXT, LanguageCode, LocalisedText

ACADEMIC_HOUR_MINUTES = 45


class DeliveryMode(StrEnum):
    CLASSROOM = "classroom"
    E_LEARNING = "e_learning"
    BLENDED = "blended"


class StudyMode(StrEnum):
    """Whether a module is taught in a session (contact) or learnt alone (self study)."""

    CONTACT = "contact"
    SELF_STUDY = "self_study"


class Hours(ContentModel):
    """Clock hours. ``academic`` (45-minute units) is derived and, if stated, checked."""

    contact: float = Field(default=0, ge=0)
    self_study: float = Field(default=0, ge=0)
    academic: float | None = Field(default=None, ge=0)

    @property
    def total(self) -> float:
        return self.contact + self.self_study

    @property
    def academic_hours(self) -> float:
        exact = Decimal(str(self.total * 60 / ACADEMIC_HOUR_MINUTES))
        return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class ModuleRef(ContentModel):
    """A module used by a course: from the library or the programme's own folder.

    ``adapt_for`` names the target group whose adaptation applies; by default it
    is the course's first target group (when the module has an adaptation for it).
    """

    module: Slug
    adapt_for: Slug | None = None
    mode: StudyMode | None = None
    mandatory: bool = True


class CompletionRule(ContentModel):
    """Who completed: enough of the contact hours, the mandatory modules, the check."""

    min_attendance_percent: float = Field(default=80, ge=0, le=100)
    mandatory_modules: tuple[Slug, ...] = ()
    pass_mark_percent: float | None = Field(default=None, ge=0, le=100)


class Signatory(ContentModel):
    name: str
    title: LocalisedText


class CertificateSettings(ContentModel):
    enabled: bool = True
    serial_pattern: str = "{programme_code}-{year}-{seq:04d}"
    signatories: tuple[Signatory, ...] = ()

    @field_validator("serial_pattern")
    @classmethod
    def _serial_pattern_numbers(cls, value: str) -> str:
        """A pattern that cannot number certificates is refused when content loads, not when issuing."""
        check_serial_pattern(value)
        return value


class Course(ContentModel):
    id: Slug
    title: LocalisedText
    summary: LocalisedText = EMPTY_TEXT
    target_groups: tuple[Slug, ...] = Field(min_length=1)
    languages: tuple[LanguageCode, ...] = ()
    delivery: DeliveryMode = DeliveryMode.CLASSROOM
    hours: Hours
    modules: tuple[ModuleRef, ...] = Field(min_length=1)
    completion: CompletionRule = CompletionRule()
    certificate: CertificateSettings = CertificateSettings()
    knowledge_check: Assessment = Assessment()
    level: str | None = None
    max_participants: int | None = Field(default=None, gt=0)

    def mode_of(self, ref: ModuleRef) -> StudyMode:
        if ref.mode is not None:
            return ref.mode
        return StudyMode.SELF_STUDY if self.delivery is DeliveryMode.E_LEARNING else StudyMode.CONTACT

    def target_group_of(self, ref: ModuleRef) -> str:
        return ref.adapt_for or self.target_groups[0]
