"""Use case: results pulled back from Moodle into the records, in one transaction.

Module and course completion go to ``lms_completions``, the SCORM score to
the knowledge-check results (source "moodle"), attendance marks to the
attendance of the matching session (found by the code publish put in its
description). Learners are matched by the idnumber publish gave them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from lms_adapters.moodle.identifiers import category_idnumber, course_idnumber, user_idnumber
from lms_adapters.moodle.pull import Progress, pull_courses
from lms_adapters.moodle.webservice import MoodleClient

from ..model import AttendanceStatus, Programme
from ..store import UnitOfWork
from ..store.orm import ParticipantRow, TrainingSessionRow
from .attendance import AttendanceEntry, default_minutes, upsert_attendance
from .completion import record_check_scores
from .moodle_completions import store_completions
from .participants import participant_ref
from .sessions import session_minutes

SOURCE = "moodle"


@dataclass
class PullSummary:
    courses: int = 0
    learners: int = 0
    modules_completed: int = 0
    courses_completed: int = 0
    scores: int = 0
    attendance_marks: int = 0
    unknown_learners: set[str] = field(default_factory=set)
    unknown_sessions: set[str] = field(default_factory=set)
    unmapped_marks: dict[str, int] = field(default_factory=dict)  # attendance status acronym -> marks not stored

    def lines(self) -> list[str]:
        lines = [
            f"Pulled {self.courses} course(s), {self.learners} learner(s) matched to the records.",
            f"Modules completed in Moodle: {self.modules_completed}; courses completed: {self.courses_completed}.",
            f"Knowledge-check scores from SCORM: {self.scores}; attendance marks: {self.attendance_marks}.",
        ]
        if self.unknown_learners:
            lines.append(f"{len(self.unknown_learners)} Moodle learner(s) are not in the records (not published from here) and were skipped.")
        if self.unknown_sessions:
            lines.append(f"Sessions not in the records, skipped: {', '.join(sorted(self.unknown_sessions))}.")
        if self.unmapped_marks:
            statuses = ", ".join(f"'{acronym}' ({count})" for acronym, count in sorted(self.unmapped_marks.items()))
            lines.append(f"{sum(self.unmapped_marks.values())} attendance mark(s) have a status that is not clearly present, late, excused "
                         f"or absent and were not stored: {statuses}. Record them with 'curriculum attendance' or use the statuses L/E in Moodle.")
        if not self.courses:
            lines.append("No published course of this programme was found in Moodle: run 'curriculum publish moodle' first.")
        return lines


def pull_results(uow: UnitOfWork, client: MoodleClient, programme: Programme, languages: tuple[str, ...] = (), progress: Progress | None = None) -> PullSummary:
    """Read every published course's results and store them (the caller commits)."""
    session = uow.session
    assert session is not None
    targets = {
        course_idnumber(programme.id, course.id, language): course
        for course in programme.courses
        for language in programme.course_languages(course)
        if not languages or language in languages
    }
    pulled = pull_courses(client, category_idnumber(programme.id), list(targets), progress)
    people = {}
    for person in session.scalars(select(ParticipantRow).where(ParticipantRow.anonymised_at.is_(None))):
        people[user_idnumber(participant_ref(person))] = person.id
    sessions = {row.code: row for row in session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id))}
    summary = PullSummary(courses=len(pulled))
    matched: set[int] = set()
    for result in pulled:
        course = targets[result.idnumber]
        modules = [module.id for _, module in programme.course_modules(course)]
        rows: dict[tuple[int, str], bool] = {}
        for learner, sections in result.sections_completed.items():
            participant_id = people.get(learner)
            if participant_id is None:
                summary.unknown_learners.add(learner)
                continue
            matched.add(participant_id)
            for number, done in sections.items():
                if 1 <= number <= len(modules):
                    rows[(participant_id, modules[number - 1])] = done
        for learner, done in result.course_completed.items():
            if learner in people:
                rows[(people[learner], "")] = done
        store_completions(uow, programme.id, course.id, rows, SOURCE)
        summary.modules_completed += sum(1 for (_, module), done in rows.items() if module and done)
        summary.courses_completed += sum(1 for (_, module), done in rows.items() if not module and done)
        scores = {people[learner]: score for learner, score in result.scorm_scores.items() if learner in people}
        if scores:
            record_check_scores(uow, programme, course.id, scores, SOURCE)
            summary.scores += len(scores)
        entries: dict[tuple[int, int], AttendanceEntry] = {}
        for acronym, count in result.unmapped_marks.items():
            summary.unmapped_marks[acronym] = summary.unmapped_marks.get(acronym, 0) + count
        for code, learner, word in result.attendance:
            row = sessions.get(code)
            if row is None:
                summary.unknown_sessions.add(code)
                continue
            if learner not in people:
                summary.unknown_learners.add(learner)
                continue
            status = AttendanceStatus(word)
            length = session_minutes(row)
            minutes = default_minutes(status, length)
            entries[(row.id, people[learner])] = AttendanceEntry(row.id, people[learner], status, length if minutes is None else minutes)
        summary.attendance_marks += upsert_attendance(uow, list(entries.values()))
    summary.learners = len(matched)
    return summary
