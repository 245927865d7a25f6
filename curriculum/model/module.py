"""A reusable training module and its adaptations per target group."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .assessment import Assessment
from .base import ContentModel, Slug
from .text import EMPTY_TEXT, LocalisedText


class Method(StrEnum):
    """How an activity is run: the vocabulary of a session plan."""

    LECTURE = "lecture"
    PRESENTATION = "presentation"
    CASE_STUDY = "case_study"
    ROLE_PLAY = "role_play"
    GROUP_WORK = "group_work"
    DISCUSSION = "discussion"
    EXERCISE = "exercise"
    BRAINSTORM = "brainstorm"
    ICEBREAKER = "icebreaker"
    GAME = "game"
    VIDEO = "video"
    REFLECTION = "reflection"
    QUIZ = "quiz"
    PRACTICE = "practice"
    FIELD_VISIT = "field_visit"
    QUESTIONS_AND_ANSWERS = "questions_and_answers"
    SELF_STUDY = "self_study"


class Grouping(StrEnum):
    PLENARY = "plenary"
    SMALL_GROUPS = "small_groups"
    PAIRS = "pairs"
    INDIVIDUAL = "individual"


class LearningOutcome(ContentModel):
    id: Slug
    text: LocalisedText


class Activity(ContentModel):
    """One timed step of a session plan."""

    id: Slug
    title: LocalisedText
    method: Method
    minutes: int = Field(gt=0, le=600)
    grouping: Grouping = Grouping.PLENARY
    instructions: LocalisedText = EMPTY_TEXT
    materials: tuple[LocalisedText, ...] = ()
    case_study: Slug | None = None


class CaseStudy(ContentModel):
    """A situation from the target group's real work, with points to discuss.

    The story itself is Markdown in ``cases/<id>.<lang>.md`` beside module.yaml.
    """

    id: Slug
    title: LocalisedText
    target_groups: tuple[Slug, ...] = ()
    discussion_points: tuple[LocalisedText, ...] = ()
    text: LocalisedText = EMPTY_TEXT


class Adaptation(ContentModel):
    """How a module changes for one target group, without copying the module.

    ``minutes`` sets a different duration; ``add_activities`` come after the
    module's own (or after ``insert_after``); ``drop_activities`` removes
    activities by id; ``use_case_studies`` maps an activity id to the case study
    it uses for this group.
    """

    target_group: Slug
    minutes: int | None = Field(default=None, gt=0)
    add_activities: tuple[Activity, ...] = ()
    insert_after: Slug | None = None
    drop_activities: tuple[Slug, ...] = ()
    use_case_studies: dict[Slug, Slug] = Field(default_factory=dict)
    trainer_notes: LocalisedText = EMPTY_TEXT


class Module(ContentModel):
    """A unit of teaching with its own outcomes, plan, texts and questions.

    ``learner_text`` and ``trainer_notes`` are Markdown files beside
    module.yaml (``learner.<lang>.md``, ``trainer.<lang>.md``).
    """

    id: Slug
    title: LocalisedText
    summary: LocalisedText = EMPTY_TEXT
    minutes: int = Field(gt=0, le=6000)
    outcomes: tuple[LearningOutcome, ...] = ()
    activities: tuple[Activity, ...] = ()
    case_studies: tuple[CaseStudy, ...] = ()
    assessment: Assessment = Assessment()
    adaptations: tuple[Adaptation, ...] = ()
    learner_text: LocalisedText = EMPTY_TEXT
    trainer_notes: LocalisedText = EMPTY_TEXT
    keywords: tuple[str, ...] = ()

    def case_study(self, case_id: str) -> CaseStudy | None:
        return next((case for case in self.case_studies if case.id == case_id), None)

    def adaptation_for(self, target_group: str | None) -> Adaptation | None:
        return next((item for item in self.adaptations if item.target_group == target_group), None)

    def adapted(self, target_group: str | None) -> "Module":
        """The module as taught to ``target_group`` (itself if it has no adaptation)."""
        adaptation = self.adaptation_for(target_group)
        if adaptation is None:
            return self
        kept = [activity for activity in self.activities if activity.id not in adaptation.drop_activities]
        kept = [
            activity.model_copy(update={"case_study": adaptation.use_case_studies[activity.id]})
            if activity.id in adaptation.use_case_studies
            else activity
            for activity in kept
        ]
        position = len(kept)
        if adaptation.insert_after is not None:
            ids = [activity.id for activity in kept]
            if adaptation.insert_after in ids:
                position = ids.index(adaptation.insert_after) + 1
        activities = (*kept[:position], *adaptation.add_activities, *kept[position:])
        used_cases = {activity.case_study for activity in activities if activity.case_study}
        cases = tuple(
            case
            for case in self.case_studies
            if case.id in used_cases or not case.target_groups or target_group in case.target_groups
        )
        notes = self.trainer_notes
        if adaptation.trainer_notes:
            notes = LocalisedText(
                {
                    code: "\n\n".join(part for part in (notes.root.get(code, ""), adaptation.trainer_notes.root.get(code, "")) if part)
                    for code in {*notes.root, *adaptation.trainer_notes.root}
                }
            )
        return self.model_copy(
            update={
                "minutes": adaptation.minutes or self.minutes,
                "activities": activities,
                "case_studies": cases,
                "trainer_notes": notes,
            }
        )

    @property
    def planned_minutes(self) -> int:
        return sum(activity.minutes for activity in self.activities)
