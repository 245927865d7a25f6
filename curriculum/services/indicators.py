"""Funder indicators: the counts a programme reports, computed from the records.

Everything comes from a fixed number of aggregate queries (a handful for the
programme, plus compute_completion's few per course), so the work does not
grow in statements with the number of participants. The result is a plain,
frozen dataclass with ids, not translated labels: renderers translate.

Definitions (stated in the report too):

* a participant is *reached* when enrolled in one of the programme's courses
  or events, or recorded present or late at one of its sessions;
* a session is *held* when someone was recorded present or late, or a
  headcount was recorded for it; a scheduled session with nothing recorded
  is counted as scheduled only;
* contact hours delivered are the lengths of the held sessions; participant
  hours are the minutes people attended;
* an event with a day-by-day programme (a camp) is held once per group that
  met, however many days it lasted; any other event once per held session.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Integer, case, cast, distinct, extract, func, select, union

from ..errors import CurriculumError
from ..model import COUNTING_STATUSES, Programme
from ..store import UnitOfWork
from ..store.orm import AttendanceRow, CertificateRow, EnrolmentRow, ParticipantRow, TrainingSessionRow
from .completion import compute_completion

PeriodKind = Literal["month", "quarter"]
PERIOD_KINDS: tuple[str, ...] = ("month", "quarter")
UNKNOWN_KIND = "other"


@dataclass(frozen=True)
class Reach:
    """People reached in one target group or organisation (``key`` None: not stated)."""

    key: str | None
    participants: int
    minors: int


@dataclass(frozen=True)
class CourseFigures:
    course_id: str
    enrolled: int
    attended: int
    sessions_held: int
    sessions_scheduled: int
    contact_hours: float
    planned_contact_hours: float
    participant_hours: float
    completed: int
    completion_rate: float | None
    certificates: int


@dataclass(frozen=True)
class EventFigures:
    event_id: str
    kind: str
    planned: int
    held: int
    sessions_held: int
    sessions_scheduled: int
    contact_hours: float
    participants: int
    headcount: int


@dataclass(frozen=True)
class KindFigures:
    kind: str
    events: int
    planned: int
    held: int
    sessions_held: int
    contact_hours: float
    participants: int
    headcount: int


@dataclass(frozen=True)
class PeriodFigures:
    key: str
    start: dt.date
    end: dt.date
    sessions_held: int
    course_sessions: int
    event_sessions: int
    contact_hours: float
    participants: int
    headcount: int


@dataclass(frozen=True)
class Indicators:
    programme_id: str
    period_kind: str
    first_session: dt.date | None
    last_session: dt.date | None
    participants_reached: int
    participants_attended: int
    minors_reached: int
    organisations: int
    enrolments: int
    completed: int
    sessions_held: int
    sessions_scheduled: int
    contact_hours: float
    participant_hours: float
    headcount: int
    certificates_issued: int
    certificates_revoked: int
    by_target_group: tuple[Reach, ...]
    by_organisation: tuple[Reach, ...]
    courses: tuple[CourseFigures, ...]
    events: tuple[EventFigures, ...]
    event_kinds: tuple[KindFigures, ...]
    periods: tuple[PeriodFigures, ...]

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completed, self.enrolments)

    def course(self, course_id: str) -> CourseFigures | None:
        return next((item for item in self.courses if item.course_id == course_id), None)

    def event(self, event_id: str) -> EventFigures | None:
        return next((item for item in self.events if item.event_id == event_id), None)

    def kind(self, kind: str) -> KindFigures | None:
        return next((item for item in self.event_kinds if item.kind == kind), None)

    def target_group(self, key: str | None) -> Reach | None:
        return next((item for item in self.by_target_group if item.key == key), None)


@dataclass(frozen=True)
class _Session:
    id: int
    course_id: str | None
    event_id: str | None
    group_id: int | None
    date: dt.date
    minutes: int
    headcount: int | None
    present: int
    attended_minutes: int

    @property
    def held(self) -> bool:
        return self.present > 0 or (self.headcount or 0) > 0


def _rate(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


def _length(date: dt.date, start: dt.time, end: dt.time) -> int:
    return int((dt.datetime.combine(date, end) - dt.datetime.combine(date, start)).total_seconds() // 60)


def default_period_kind(programme: Programme) -> str:
    """Months for a programme of up to a year and a half, quarters for longer ones."""
    period = programme.period
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    return "month" if months <= 18 else "quarter"


def period_of(date: dt.date, kind: str) -> tuple[str, dt.date, dt.date]:
    """(key, first day, last day) of the month or quarter holding ``date``."""
    if kind == "month":
        first_month = date.month
        key = f"{date.year}-{date.month:02d}"
        months = 1
    else:
        quarter = (date.month - 1) // 3 + 1
        first_month = 3 * (quarter - 1) + 1
        key = f"{date.year}-Q{quarter}"
        months = 3
    start = dt.date(date.year, first_month, 1)
    next_month = first_month + months
    end = (dt.date(date.year + 1, 1, 1) if next_month > 12 else dt.date(date.year, next_month, 1)) - dt.timedelta(days=1)
    return key, start, end


def compute_indicators(uow: UnitOfWork, programme: Programme, period_kind: str | None = None) -> Indicators:
    """Every funder indicator of ``programme`` from the records."""
    kind_of_period = period_kind or default_period_kind(programme)
    if kind_of_period not in PERIOD_KINDS:
        raise CurriculumError(f"'{kind_of_period}' is not a reporting period: use month or quarter")
    session = uow.session
    assert session is not None
    counting = [status.value for status in COUNTING_STATUSES]
    pid = programme.id

    # 1. every session of the programme with what was recorded for it (one row per session)
    per_session = (
        select(AttendanceRow.session_id, func.count().label("present"), func.sum(AttendanceRow.minutes).label("minutes"))
        .where(AttendanceRow.status.in_(counting))
        .group_by(AttendanceRow.session_id)
        .subquery()
    )
    sessions = [
        _Session(row.id, row.course_id, row.event_id, row.group_id, row.date, _length(row.date, row.start_time, row.end_time),
                 row.headcount, int(row.present or 0), int(row.minutes or 0))
        for row in session.execute(
            select(
                TrainingSessionRow.id, TrainingSessionRow.course_id, TrainingSessionRow.event_id, TrainingSessionRow.group_id,
                TrainingSessionRow.date, TrainingSessionRow.start_time, TrainingSessionRow.end_time, TrainingSessionRow.headcount,
                per_session.c.present, per_session.c.minutes,
            )
            .outerjoin(per_session, per_session.c.session_id == TrainingSessionRow.id)
            .where(TrainingSessionRow.programme_id == pid)
            .order_by(TrainingSessionRow.date, TrainingSessionRow.start_time)
        )
    ]
    held = [item for item in sessions if item.held]

    # 2. who was reached: enrolled, or present/late at a session
    programme_sessions = select(TrainingSessionRow.id).where(TrainingSessionRow.programme_id == pid)
    attended = select(AttendanceRow.participant_id).where(AttendanceRow.session_id.in_(programme_sessions), AttendanceRow.status.in_(counting))
    enrolled = select(EnrolmentRow.participant_id).where(EnrolmentRow.programme_id == pid)
    reached_ids = union(attended, enrolled).subquery()
    reached = ParticipantRow.id.in_(select(reached_ids.c.participant_id))
    minor = func.sum(case((ParticipantRow.is_minor.is_(True), 1), else_=0))

    def reach_by(column) -> list[Reach]:  # type: ignore[no-untyped-def]
        rows = session.execute(select(column, func.count(), minor).where(reached).group_by(column)).all()
        return [Reach(key or None, int(count), int(minors or 0)) for key, count, minors in rows]

    by_group_found = {item.key: item for item in reach_by(ParticipantRow.target_group)}
    by_target_group = [by_group_found.pop(group.id, Reach(group.id, 0, 0)) for group in programme.target_groups]
    by_target_group += sorted(by_group_found.values(), key=lambda item: (item.key is None, item.key or ""))
    by_organisation = sorted(reach_by(ParticipantRow.organisation), key=lambda item: (item.key is None, -item.participants, (item.key or "").casefold()))
    participants_reached = sum(item.participants for item in by_target_group)
    minors_reached = sum(item.minors for item in by_target_group)
    participants_attended = int(session.scalar(select(func.count(distinct(attended.subquery().c.participant_id)))) or 0)

    # 3. distinct people present per course, per event, per event kind and per period
    attendance_join = (
        select()
        .select_from(AttendanceRow)
        .join(TrainingSessionRow, TrainingSessionRow.id == AttendanceRow.session_id)
        .where(TrainingSessionRow.programme_id == pid, AttendanceRow.status.in_(counting))
    )
    people = func.count(distinct(AttendanceRow.participant_id))

    on_courses, on_events = TrainingSessionRow.course_id.is_not(None), TrainingSessionRow.event_id.is_not(None)

    def people_by(column, sessions_of) -> dict:  # type: ignore[no-untyped-def]
        """{value of ``column``: distinct people present} over the course or the event sessions."""
        return {key: int(count) for key, count in session.execute(attendance_join.add_columns(column, people).where(sessions_of).group_by(column))}

    course_people = people_by(TrainingSessionRow.course_id, on_courses)
    event_people = people_by(TrainingSessionRow.event_id, on_events)
    kinds = {event.id: event.kind.value for event in programme.events}
    if kinds:
        kind_people = people_by(case(kinds, value=TrainingSessionRow.event_id, else_=UNKNOWN_KIND), on_events)
    else:  # sessions of events no longer in the content
        kind_people = {UNKNOWN_KIND: int(session.scalar(attendance_join.add_columns(people).where(on_events)) or 0)}
    year = cast(extract("year", TrainingSessionRow.date), Integer)
    month = cast(extract("month", TrainingSessionRow.date), Integer)
    part = month if kind_of_period == "month" else case((month <= 3, 1), (month <= 6, 2), (month <= 9, 3), else_=4)
    period_people: dict[str, int] = {}
    for year_value, part_value, count in session.execute(attendance_join.add_columns(year, part, people).group_by(year, part)):
        first_month = int(part_value) if kind_of_period == "month" else 3 * (int(part_value) - 1) + 1
        period_people[period_of(dt.date(int(year_value), first_month, 1), kind_of_period)[0]] = int(count)

    # 4. enrolments, completion and certificates per course
    enrolments = dict(
        session.execute(select(EnrolmentRow.course_id, func.count()).where(EnrolmentRow.programme_id == pid).group_by(EnrolmentRow.course_id)).all()
    )
    valid = CertificateRow.revoked_at.is_(None)
    certificates = dict(
        session.execute(select(CertificateRow.course_id, func.count()).where(CertificateRow.programme_id == pid, valid).group_by(CertificateRow.course_id)).all()
    )
    revoked = int(session.scalar(select(func.count()).select_from(CertificateRow).where(CertificateRow.programme_id == pid, ~valid)) or 0)

    courses = []
    for course in programme.courses:
        own = [item for item in sessions if item.course_id == course.id]
        own_held = [item for item in own if item.held]
        lines = compute_completion(uow, programme, course.id)
        done = sum(line.decision.completed for line in lines)
        courses.append(
            CourseFigures(
                course_id=course.id,
                enrolled=int(enrolments.get(course.id, 0)),
                attended=int(course_people.get(course.id, 0)),
                sessions_held=len(own_held),
                sessions_scheduled=len(own),
                contact_hours=_hours(sum(item.minutes for item in own_held)),
                planned_contact_hours=float(course.hours.contact),
                participant_hours=_hours(sum(item.attended_minutes for item in own)),
                completed=done,
                completion_rate=_rate(done, len(lines)),
                certificates=int(certificates.get(course.id, 0)),
            )
        )

    # 5. events, and events by kind
    event_ids = [event.id for event in programme.events]
    event_ids += sorted({item.event_id for item in sessions if item.event_id and item.event_id not in kinds})
    events = []
    for event_id in event_ids:
        event = programme.event(event_id)
        own = [item for item in sessions if item.event_id == event_id]
        own_held = [item for item in own if item.held]
        multi_day = bool(event is not None and event.days)
        occurrences = len({item.group_id for item in own_held}) if multi_day else len(own_held)
        events.append(
            EventFigures(
                event_id=event_id,
                kind=event.kind.value if event is not None else UNKNOWN_KIND,
                planned=event.occurrences if event is not None else 0,
                held=occurrences,
                sessions_held=len(own_held),
                sessions_scheduled=len(own),
                contact_hours=_hours(sum(item.minutes for item in own_held)),
                participants=int(event_people.get(event_id, 0)),
                headcount=sum(item.headcount or 0 for item in own_held),
            )
        )
    grouped: dict[str, list[EventFigures]] = defaultdict(list)
    for figures in events:
        grouped[figures.kind].append(figures)
    event_kinds = [
        KindFigures(
            kind=kind,
            events=len(items),
            planned=sum(item.planned for item in items),
            held=sum(item.held for item in items),
            sessions_held=sum(item.sessions_held for item in items),
            contact_hours=round(sum(item.contact_hours for item in items), 2),
            participants=int(kind_people.get(kind, 0)),
            headcount=sum(item.headcount for item in items),
        )
        for kind, items in grouped.items()
    ]

    # 6. per month or quarter, over the programme's period and every session date
    dates = [programme.period.start, programme.period.end] + [item.date for item in sessions]
    periods = []
    cursor = min(dates)
    while cursor <= max(dates):
        key, start, end = period_of(cursor, kind_of_period)
        inside = [item for item in held if start <= item.date <= end]
        periods.append(
            PeriodFigures(
                key=key, start=start, end=end,
                sessions_held=len(inside),
                course_sessions=sum(1 for item in inside if item.course_id),
                event_sessions=sum(1 for item in inside if item.event_id),
                contact_hours=_hours(sum(item.minutes for item in inside)),
                participants=period_people.get(key, 0),
                headcount=sum(item.headcount or 0 for item in inside),
            )
        )
        cursor = end + dt.timedelta(days=1)

    return Indicators(
        programme_id=pid,
        period_kind=kind_of_period,
        first_session=sessions[0].date if sessions else None,
        last_session=max(item.date for item in sessions) if sessions else None,
        participants_reached=participants_reached,
        participants_attended=participants_attended,
        minors_reached=minors_reached,
        organisations=sum(1 for item in by_organisation if item.key),
        enrolments=sum(item.enrolled for item in courses),
        completed=sum(item.completed for item in courses),
        sessions_held=len(held),
        sessions_scheduled=len(sessions),
        contact_hours=_hours(sum(item.minutes for item in held)),
        participant_hours=_hours(sum(item.attended_minutes for item in sessions)),
        headcount=sum(item.headcount or 0 for item in held),
        certificates_issued=sum(certificates.values()),
        certificates_revoked=revoked,
        by_target_group=tuple(by_target_group),
        by_organisation=tuple(by_organisation),
        courses=tuple(courses),
        events=tuple(events),
        event_kinds=tuple(event_kinds),
        periods=tuple(periods),
    )
