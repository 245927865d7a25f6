"""Individual integration plans: a person's own goals and assigned learning.

A programme ships templates; a plan for one person (in the records) starts
from a template and is then the person's own.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .base import ContentModel, Slug
from .text import EMPTY_TEXT, LocalisedText


class GoalArea(StrEnum):
    LANGUAGE = "language"
    HOUSING = "housing"
    WORK = "work"
    EDUCATION = "education"
    HEALTH = "health"
    SOCIAL = "social"
    LEGAL = "legal"
    FAMILY = "family"


class GoalStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class GoalTemplate(ContentModel):
    id: Slug
    area: GoalArea
    title: LocalisedText
    description: LocalisedText = EMPTY_TEXT
    indicators: tuple[LocalisedText, ...] = ()
    suggested_modules: tuple[Slug, ...] = ()
    suggested_events: tuple[Slug, ...] = ()
    typical_weeks: int | None = Field(default=None, gt=0)


class PlanTemplate(ContentModel):
    id: Slug
    title: LocalisedText
    description: LocalisedText = EMPTY_TEXT
    goals: tuple[GoalTemplate, ...] = Field(min_length=1)


class PersonalGoal(ContentModel):
    """One goal in a person's plan, with its own deadline and status."""

    id: Slug
    area: GoalArea
    title: str
    status: GoalStatus = GoalStatus.PLANNED
    due: dt.date | None = None
    modules: tuple[Slug, ...] = ()
    events: tuple[Slug, ...] = ()


class IntegrationPlan(ContentModel):
    """A person's plan: built from a template, then adjusted to the person."""

    participant_ref: str
    template: Slug | None = None
    language: str
    goals: tuple[PersonalGoal, ...] = ()

    @classmethod
    def from_template(cls, template: PlanTemplate, participant_ref: str, language: str) -> "IntegrationPlan":
        goals = tuple(
            PersonalGoal(
                id=goal.id,
                area=goal.area,
                title=goal.title.get(language),
                modules=goal.suggested_modules,
                events=goal.suggested_events,
            )
            for goal in template.goals
        )
        return cls(participant_ref=participant_ref, template=template.id, language=language, goals=goals)

    @property
    def assigned_modules(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(module for goal in self.goals for module in goal.modules))
