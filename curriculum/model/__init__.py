"""The domain model: pydantic types for content, free of I/O."""

from .assessment import Assessment, Option, Question, QuestionType
from .base import ContentModel
from .course import (
    ACADEMIC_HOUR_MINUTES,
    CertificateSettings,
    CompletionRule,
    Course,
    DeliveryMode,
    Hours,
    ModuleRef,
    Signatory,
    StudyMode,
)
from .event import Event, EventDay, EventKind, EventSession
from .guide import Guide, GuideChapter
from .module import Activity, Adaptation, CaseStudy, Grouping, LearningOutcome, Method, Module
from .plan import GoalArea, GoalStatus, GoalTemplate, IntegrationPlan, PersonalGoal, PlanTemplate
from .programme import (
    Funder,
    Funding,
    FundingShare,
    Organisation,
    OrganisationRole,
    Period,
    Phase,
    Programme,
    TargetGroup,
    iter_texts,
)
from .records import COUNTING_STATUSES, AttendanceStatus, CompletionDecision, CompletionFacts, decide_completion
from .text import EMPTY_TEXT, LanguageCode, LocalisedText, check_language_code

__all__ = [name for name in dir() if not name.startswith("_")]  # noqa: PLE0605
