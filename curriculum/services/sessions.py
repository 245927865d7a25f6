"""Scheduling sessions of courses and events, and exporting them as calendars.

A session has a stable code; scheduling the same code again updates it, so a
schedule file can be edited and re-applied without duplicates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError, model_validator
from sqlalchemy import delete, select

from ..content.messages import clean_location, describe_error, known_field_names
from ..content.problems import format_field
from ..content.yamlsource import read_yaml
from ..errors import CurriculumError
from ..model import ContentModel, Programme
from ..model.base import Slug
from ..store import UnitOfWork
from ..store.orm import CourseGroupRow, SessionModuleRow, TrainingSessionRow
from .participants import ensure_group

TIMEZONES = {"LV": "Europe/Riga", "LT": "Europe/Vilnius", "EE": "Europe/Tallinn"}


class ScheduleError(CurriculumError):
    """A schedule has problems; nothing was scheduled."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s), nothing was scheduled:\n" + "\n".join("  " + item for item in problems))


class SessionPlan(ContentModel):
    """One session as written in a schedule file or given on the command line."""

    code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9/_.-]*$", max_length=120)
    course: Slug | None = None
    event: Slug | None = None
    group: str | None = None
    date: dt.date
    start: dt.time
    end: dt.time
    title: str | None = None
    venue: str | None = None
    online_url: str | None = None
    trainers: tuple[str, ...] = ()
    modules: tuple[Slug, ...] = ()
    headcount: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _course_or_event(self) -> "SessionPlan":
        if (self.course is None) == (self.event is None):
            raise ValueError("name either a course or an event")
        if self.end <= self.start:
            raise ValueError(f"ends ({self.end:%H:%M}) before it starts ({self.start:%H:%M})")
        return self

    @property
    def minutes(self) -> int:
        return (dt.datetime.combine(self.date, self.end) - dt.datetime.combine(self.date, self.start)).seconds // 60

    def default_code(self) -> str:
        return "/".join([self.course or self.event or "", self.group or "all", f"{self.date:%Y-%m-%d}-{self.start:%H%M}"])


class EventDates(ContentModel):
    """A multi-day event placed in the calendar: its days come from the content."""

    event: Slug
    first_day: dt.date
    group: str | None = None
    venue: str | None = None
    trainers: tuple[str, ...] = ()


class ScheduleFile(ContentModel):
    sessions: tuple[SessionPlan, ...] = ()
    events: tuple[EventDates, ...] = ()


@dataclass(frozen=True)
class ScheduleSummary:
    created: int
    updated: int
    codes: list[str]


def expand_event_days(programme: Programme, placement: EventDates) -> list[SessionPlan]:
    """One session per day of a multi-day event, from its first to its last block."""
    event = programme.event(placement.event)
    if event is None or not event.days:
        return []
    plans = []
    for day in sorted(event.days, key=lambda item: item.day):
        if not day.sessions:
            continue
        date = placement.first_day + dt.timedelta(days=day.day - 1)
        plans.append(
            SessionPlan(
                code=f"{event.id}/{placement.group or 'all'}/day-{day.day}",
                event=event.id, group=placement.group, date=date,
                start=min(block.start for block in day.sessions), end=max(block.end for block in day.sessions),
                title=programme.text(day.title, programme.main_language), venue=placement.venue, trainers=placement.trainers,
                modules=event.modules,
            )
        )
    return plans


def read_schedule(file: Path, programme: Programme) -> list[SessionPlan]:
    document = read_yaml(file)
    if document.problems:
        raise ScheduleError(file.name, [problem.describe() for problem in document.problems])
    try:
        schedule = ScheduleFile.model_validate(document.data or {})
    except ValidationError as error:
        names = known_field_names(ScheduleFile)
        raise ScheduleError(
            file.name,
            [f"line {document.line_of(clean_location(detail['loc']))}: {format_field(clean_location(detail['loc']))}: {describe_error(detail, names)}" for detail in error.errors()],
        ) from None
    plans = list(schedule.sessions)
    for placement in schedule.events:
        if programme.event(placement.event) is None:
            raise ScheduleError(file.name, [f"unknown event '{placement.event}'"])
        plans += expand_event_days(programme, placement)
    return plans


def check_plans(programme: Programme, plans: list[SessionPlan]) -> list[str]:
    problems = []
    codes: dict[str, int] = {}
    for index, plan in enumerate(plans, start=1):
        label = f"session {index} ({plan.code or plan.default_code()})"
        if plan.course:
            course = programme.course(plan.course)
            if course is None:
                problems.append(f"{label}: unknown course '{plan.course}'")
                continue
            course_modules = {ref.module for ref in course.modules}
            for module in plan.modules:
                if module not in course_modules:
                    problems.append(f"{label}: the module '{module}' is not part of the course '{course.id}'")
        if plan.event and programme.event(plan.event) is None:
            problems.append(f"{label}: unknown event '{plan.event}'")
        code = plan.code or plan.default_code()
        if code in codes:
            problems.append(f"{label}: the code '{code}' is used by session {codes[code]} too")
        codes[code] = index
    return problems


def schedule_sessions(uow: UnitOfWork, programme: Programme, plans: list[SessionPlan], content_version_id: int | None = None, source: str = "schedule") -> ScheduleSummary:
    problems = check_plans(programme, plans)
    if problems:
        raise ScheduleError(source, problems)
    session = uow.session
    assert session is not None
    codes = [plan.code or plan.default_code() for plan in plans]
    existing = {row.code: row for row in session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.code.in_(codes)))}
    groups: dict[tuple[str, str], CourseGroupRow] = {}
    created = updated = 0
    for plan, code in zip(plans, codes):
        group_id = None
        if plan.group:
            activity = plan.course or plan.event or ""
            key = (activity, plan.group)
            if key not in groups:
                groups[key] = ensure_group(uow, programme.id, activity, plan.group)
            group_id = groups[key].id
        row = existing.get(code)
        if row is None:
            row = TrainingSessionRow(programme_id=programme.id, code=code)
            session.add(row)
            created += 1
        else:
            updated += 1
        row.course_id, row.event_id, row.group_id = plan.course, plan.event, group_id
        row.date, row.start_time, row.end_time = plan.date, plan.start, plan.end
        row.title, row.venue, row.online_url = plan.title, plan.venue, plan.online_url
        row.trainers, row.headcount = list(plan.trainers), plan.headcount
        if content_version_id is not None:
            row.content_version_id = content_version_id
        session.flush()
        session.execute(delete(SessionModuleRow).where(SessionModuleRow.session_id == row.id))
        session.add_all(SessionModuleRow(session_id=row.id, module_id=module) for module in dict.fromkeys(plan.modules))
    session.flush()
    return ScheduleSummary(created=created, updated=updated, codes=codes)


def find_session(uow: UnitOfWork, programme: Programme, code: str) -> TrainingSessionRow:
    session = uow.session
    assert session is not None
    row = session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.code == code)).one_or_none()
    if row is None:
        known = session.scalars(select(TrainingSessionRow.code).where(TrainingSessionRow.programme_id == programme.id).order_by(TrainingSessionRow.date).limit(8)).all()
        hint = f" Known sessions include: {', '.join(known)}" if known else " No sessions are scheduled yet: run 'curriculum sessions add' or 'curriculum sessions schedule'."
        raise CurriculumError(f"unknown session '{code}' in {programme.id}.{hint}")
    return row


def session_minutes(row: TrainingSessionRow) -> int:
    start = dt.datetime.combine(row.date, row.start_time)
    end = dt.datetime.combine(row.date, row.end_time)
    return int((end - start).total_seconds() // 60)


def calendar_for(uow: UnitOfWork, programme: Programme, activity_id: str, group: str | None, language: str | None = None) -> bytes:
    """An iCalendar file of a course's or event's sessions (one group, or all)."""
    from icalendar import Calendar, Event

    session = uow.session
    assert session is not None
    query = select(TrainingSessionRow).where(
        TrainingSessionRow.programme_id == programme.id,
        (TrainingSessionRow.course_id == activity_id) | (TrainingSessionRow.event_id == activity_id),
    )
    if group:
        query = query.join(CourseGroupRow, CourseGroupRow.id == TrainingSessionRow.group_id).where(CourseGroupRow.code == group)
    rows = session.scalars(query.order_by(TrainingSessionRow.date, TrainingSessionRow.start_time)).all()
    if not rows:
        raise CurriculumError(f"no sessions scheduled for '{activity_id}'" + (f" group '{group}'" if group else ""))
    lang = language or programme.main_language
    activity = programme.course(activity_id) or programme.event(activity_id)
    title = programme.text(activity.title, lang) if activity else activity_id
    zone = ZoneInfo(TIMEZONES.get(programme.organiser.country or "", "Europe/Riga"))
    calendar = Calendar()
    calendar.add("prodid", "-//curriculum//course sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title)
    for row in rows:
        event = Event()
        event.add("uid", f"{programme.id}/{row.code}@curriculum")
        event.add("summary", f"{title}" + (f" — {row.title}" if row.title else ""))
        event.add("dtstart", dt.datetime.combine(row.date, row.start_time, tzinfo=zone))
        event.add("dtend", dt.datetime.combine(row.date, row.end_time, tzinfo=zone))
        event.add("dtstamp", dt.datetime.combine(row.date, dt.time(0, 0), tzinfo=dt.timezone.utc))
        if row.venue:
            event.add("location", row.venue)
        if row.online_url:
            event.add("url", row.online_url)
        modules = [programme.text(programme.modules[ref].title, lang) for ref in _module_ids(uow, row) if ref in programme.modules]
        details = [f"{programme.text(programme.title, lang)}"]
        if modules:
            details.append("; ".join(modules))
        if row.trainers:
            details.append(", ".join(row.trainers))
        event.add("description", "\n".join(details))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _module_ids(uow: UnitOfWork, row: TrainingSessionRow) -> list[str]:
    session = uow.session
    assert session is not None
    return list(session.scalars(select(SessionModuleRow.module_id).where(SessionModuleRow.session_id == row.id)))
