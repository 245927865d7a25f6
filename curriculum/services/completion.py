"""Who completed a course: the course's rule applied to the records.

The facts for everyone come from a fixed number of aggregate queries (hours,
covered modules, check scores, enrolments), so the work does not grow in
statements with the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from ..errors import CurriculumError
from ..model import COUNTING_STATUSES, CompletionDecision, CompletionFacts, Programme, StudyMode, decide_completion
from ..store import UnitOfWork
from ..store.orm import AttendanceRow, CheckResultRow, CourseGroupRow, EnrolmentRow, ParticipantRow, SessionModuleRow, TrainingSessionRow
from .moodle_completions import lms_completed_modules


@dataclass(frozen=True)
class CompletionLine:
    participant_id: int
    ref: str
    name: str
    organisation: str | None
    group: str | None
    decision: CompletionDecision


def course_or_error(programme: Programme, course_id: str):
    course = programme.course(course_id)
    if course is None:
        raise CurriculumError(f"unknown course '{course_id}' in {programme.id} (courses: {', '.join(c.id for c in programme.courses)})")
    return course


def compute_completion(uow: UnitOfWork, programme: Programme, course_id: str) -> list[CompletionLine]:
    course = course_or_error(programme, course_id)
    session = uow.session
    assert session is not None
    counting = [status.value for status in COUNTING_STATUSES]
    course_sessions = select(TrainingSessionRow.id).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.course_id == course.id)
    minutes = dict(
        session.execute(
            select(AttendanceRow.participant_id, func.sum(AttendanceRow.minutes))
            .where(AttendanceRow.session_id.in_(course_sessions), AttendanceRow.status.in_(counting))
            .group_by(AttendanceRow.participant_id)
        ).all()
    )
    covered: dict[int, set[str]] = {}
    mandatory = list(course.completion.mandatory_modules)
    if mandatory:
        for participant_id, module_id in session.execute(
            select(AttendanceRow.participant_id, SessionModuleRow.module_id)
            .join(SessionModuleRow, SessionModuleRow.session_id == AttendanceRow.session_id)
            .where(AttendanceRow.session_id.in_(course_sessions), AttendanceRow.status.in_(counting), SessionModuleRow.module_id.in_(mandatory))
            .distinct()
        ):
            covered.setdefault(participant_id, set()).add(module_id)
        # Modules completed in the LMS (pulled from Moodle) count as covered too.
        for participant_id, modules in lms_completed_modules(uow, programme.id, course.id).items():
            covered.setdefault(participant_id, set()).update(modules.intersection(mandatory))
    scores = dict(
        session.execute(
            select(CheckResultRow.participant_id, CheckResultRow.score_percent).where(CheckResultRow.programme_id == programme.id, CheckResultRow.course_id == course.id)
        ).all()
    )
    people = session.execute(
        select(ParticipantRow.id, ParticipantRow.external_ref, ParticipantRow.first_name, ParticipantRow.last_name, ParticipantRow.organisation, CourseGroupRow.code)
        .join(EnrolmentRow, EnrolmentRow.participant_id == ParticipantRow.id)
        .outerjoin(CourseGroupRow, CourseGroupRow.id == EnrolmentRow.group_id)
        .where(EnrolmentRow.programme_id == programme.id, EnrolmentRow.course_id == course.id)
        .order_by(ParticipantRow.last_name, ParticipantRow.first_name, ParticipantRow.id)
    ).all()
    contact = programme.course_minutes(course, StudyMode.CONTACT)
    titles = {module.id: programme.text(module.title, programme.main_language) for _, module in programme.course_modules(course)}
    lines = []
    for participant_id, ref, first, last, organisation, group in people:
        facts = CompletionFacts(participant_id, int(minutes.get(participant_id) or 0), frozenset(covered.get(participant_id, ())), scores.get(participant_id))
        lines.append(CompletionLine(participant_id, ref or "", f"{first} {last}", organisation, group, decide_completion(course.completion, contact, facts, titles)))
    return lines


def record_check_scores(uow: UnitOfWork, programme: Programme, course_id: str, scores: dict[int, float], source: str) -> None:
    """Store knowledge-check results (from the LMS or a paper test), replacing earlier ones."""
    course_or_error(programme, course_id)
    session = uow.session
    assert session is not None
    existing = {row.participant_id: row for row in session.scalars(select(CheckResultRow).where(CheckResultRow.programme_id == programme.id, CheckResultRow.course_id == course_id, CheckResultRow.participant_id.in_(list(scores))))}
    for participant_id, score in scores.items():
        if not 0 <= score <= 100:
            raise CurriculumError(f"a score must be between 0 and 100, not {score}")
        row = existing.get(participant_id) or CheckResultRow(participant_id=participant_id, programme_id=programme.id, course_id=course_id)
        row.score_percent, row.source = score, source
        session.add(row)
    session.flush()
