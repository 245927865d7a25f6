"""Events that are not courses: round tables, discussions, consultations, camps."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from .base import ContentModel, Slug
from .text import EMPTY_TEXT, LocalisedText


class EventKind(StrEnum):
    ROUND_TABLE = "round_table"
    SEMINAR = "seminar"
    CONSULTATION = "consultation"
    CAMP = "camp"
    DISCUSSION = "discussion"
    PRACTICAL_SESSION = "practical_session"
    WORKSHOP = "workshop"
    NEEDS_ASSESSMENT = "needs_assessment"
    MONITORING = "monitoring"
    CONFERENCE = "conference"


class EventSession(ContentModel):
    """One block of a day's programme, times as 'HH:MM'."""

    start: dt.time
    end: dt.time
    title: LocalisedText
    description: LocalisedText = EMPTY_TEXT


class EventDay(ContentModel):
    day: int = Field(ge=1)
    title: LocalisedText
    sessions: tuple[EventSession, ...] = ()


class Event(ContentModel):
    """An event; ``occurrences`` says how many times it is held (3 round tables)."""

    id: Slug
    kind: EventKind
    title: LocalisedText
    description: LocalisedText = EMPTY_TEXT
    target_groups: tuple[Slug, ...] = ()
    minutes: int | None = Field(default=None, gt=0)
    occurrences: int = Field(default=1, ge=1)
    capacity: int | None = Field(default=None, gt=0)
    topics: tuple[LocalisedText, ...] = ()
    days: tuple[EventDay, ...] = ()
    participants_are_minors: bool = False
    modules: tuple[Slug, ...] = ()
