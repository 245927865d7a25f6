"""A participant's personal data: export all of it, erase it, or anonymise it.

* ``export_participant`` gathers every row held about one person (by their
  reference, e.g. P-000001) into a JSON-ready dict: the answer to a subject
  access request.
* ``erase_participant`` deletes the person and every row about them:
  enrolments, attendance, check results, integration plan and goals.
  Certificates become revoked tombstones without person, record or
  signature (the serial is never reused; a verifier is told the
  certificate was withdrawn). Aggregate counts go down accordingly.
* ``anonymise_participant`` keeps the rows but replaces what identifies the
  person (names, e-mail, organisation, position, guardian, reference) with
  neutral values. Target group, minor flag, enrolments and attendance stay,
  so the funder indicators stay the same; only the by-organisation
  breakdown moves the person to "not stated" (and the number of
  organisations represented drops if they were its only participant). Certificate payloads (which
  carry the name) are replaced, and integration-plan goal titles (free text)
  become the goal's id. An anonymised certificate stays valid: its signature
  is kept, so the holder's PDF still verifies, but a look-up by code no
  longer shows a name.

Each runs inside the caller's UnitOfWork: one transaction, nothing changes
unless the caller commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from ..errors import CurriculumError
from ..store import UnitOfWork
from ..store.orm import (
    AttendanceRow,
    CertificateRow,
    CheckResultRow,
    LmsCompletionRow,
    CourseGroupRow,
    EnrolmentRow,
    IntegrationPlanRow,
    ParticipantRow,
    PlanGoalRow,
    TrainingSessionRow,
)

EXPORT_FORMAT = "curriculum-personal-data"
EXPORT_VERSION = 1
ANONYMOUS_FIRST_NAME = "Anonymised"
ANONYMOUS_LAST_NAME = "participant"


class UnknownParticipantError(CurriculumError):
    """No participant has this reference."""


@dataclass(frozen=True)
class ErasureSummary:
    ref: str
    participant_id: int
    enrolments: int
    attendance: int
    check_results: int
    integration_plans: int
    plan_goals: int
    certificates: int
    lms_completions: int = 0

    def describe(self) -> str:
        parts = [f"{self.enrolments} enrolment(s)", f"{self.attendance} attendance mark(s)", f"{self.check_results} check result(s)",
                 f"{self.integration_plans} integration plan(s) with {self.plan_goals} goal(s)", f"{self.certificates} certificate(s)",
                 f"{self.lms_completions} LMS completion(s)"]
        return ", ".join(parts)


@dataclass(frozen=True)
class AnonymisationSummary:
    ref: str
    new_ref: str
    participant_id: int
    kept_attendance: int
    kept_enrolments: int
    certificates_scrubbed: int


def find_participant(uow: UnitOfWork, ref: str) -> ParticipantRow:
    session = uow.session
    assert session is not None
    row = session.scalars(select(ParticipantRow).where(ParticipantRow.external_ref == ref.strip())).one_or_none()
    if row is None:
        raise UnknownParticipantError(f"no participant has the reference '{ref}' (references look like P-000001; see 'curriculum completion' or the attendance template)")
    return row


def _iso(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return value


def _columns(row: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {column.key: _iso(getattr(row, column.key)) for column in row.__table__.columns if column.key not in skip}


def export_participant(uow: UnitOfWork, ref: str) -> dict[str, Any]:
    """Everything held about the participant ``ref``, ready for json.dumps."""
    person = find_participant(uow, ref)
    session = uow.session
    assert session is not None
    pid = person.id
    enrolments = [
        {**_columns(row, ("participant_id",)), "group": group}
        for row, group in session.execute(
            select(EnrolmentRow, CourseGroupRow.code).outerjoin(CourseGroupRow, CourseGroupRow.id == EnrolmentRow.group_id)
            .where(EnrolmentRow.participant_id == pid).order_by(EnrolmentRow.programme_id, EnrolmentRow.course_id)
        )
    ]
    attendance = [
        {
            "programme_id": training.programme_id, "session": training.code, "course_id": training.course_id, "event_id": training.event_id,
            "title": training.title, "date": _iso(training.date), "start": _iso(training.start_time), "end": _iso(training.end_time),
            "venue": training.venue, "status": mark.status, "minutes": mark.minutes, "recorded_at": _iso(mark.recorded_at),
        }
        for mark, training in session.execute(
            select(AttendanceRow, TrainingSessionRow).join(TrainingSessionRow, TrainingSessionRow.id == AttendanceRow.session_id)
            .where(AttendanceRow.participant_id == pid).order_by(TrainingSessionRow.date, TrainingSessionRow.start_time, TrainingSessionRow.code)
        )
    ]
    checks = [_columns(row, ("participant_id",)) for row in session.scalars(select(CheckResultRow).where(CheckResultRow.participant_id == pid).order_by(CheckResultRow.id))]
    plans = []
    for plan in session.scalars(select(IntegrationPlanRow).where(IntegrationPlanRow.participant_id == pid).order_by(IntegrationPlanRow.id)):
        goals = [_columns(goal, ("plan_id",)) for goal in session.scalars(select(PlanGoalRow).where(PlanGoalRow.plan_id == plan.id).order_by(PlanGoalRow.id))]
        plans.append({**_columns(plan, ("participant_id",)), "goals": goals})
    certificates = [_columns(row, ("participant_id",)) for row in session.scalars(select(CertificateRow).where(CertificateRow.participant_id == pid).order_by(CertificateRow.id))]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "participant": _columns(person),
        "enrolments": enrolments,
        "attendance": attendance,
        "check_results": checks,
        "integration_plans": plans,
        "certificates": certificates,
        "lms_completions": [_columns(row, ("participant_id",)) for row in session.scalars(
            select(LmsCompletionRow).where(LmsCompletionRow.participant_id == pid).order_by(LmsCompletionRow.id))],
    }


def erase_participant(uow: UnitOfWork, ref: str) -> ErasureSummary:
    """Delete the participant and every row about them (the caller commits)."""
    person = find_participant(uow, ref)
    session = uow.session
    assert session is not None
    pid = person.id
    plan_ids = select(IntegrationPlanRow.id).where(IntegrationPlanRow.participant_id == pid)
    counts = {}
    counts["plan_goals"] = session.execute(delete(PlanGoalRow).where(PlanGoalRow.plan_id.in_(plan_ids))).rowcount
    for name, model in (("integration_plans", IntegrationPlanRow), ("attendance", AttendanceRow), ("check_results", CheckResultRow),
                        ("lms_completions", LmsCompletionRow), ("enrolments", EnrolmentRow)):
        counts[name] = session.execute(delete(model).where(model.participant_id == pid)).rowcount
    counts["certificates"] = _withdraw_certificates(session, pid)
    session.execute(delete(ParticipantRow).where(ParticipantRow.id == pid))
    session.flush()
    return ErasureSummary(ref=ref, participant_id=pid, **{name: int(value or 0) for name, value in counts.items()})


ERASED_REASON = "withdrawn: the holder's personal data was erased on request"


def _withdraw_certificates(session: Any, pid: int) -> int:
    """Keep a tombstone of each certificate: serial and code stay taken, the
    person, the signed record and its signature go, and the certificate reads
    as revoked to anyone who verifies it."""
    now = dt.datetime.now(dt.timezone.utc)
    rows = list(session.scalars(select(CertificateRow).where(CertificateRow.participant_id == pid)))
    for row in rows:
        row.participant_id, row.payload, row.signature, row.override_reason = None, {}, None, None
        row.revoked_at = row.revoked_at or now
        row.revocation_reason = ERASED_REASON
    session.flush()
    return len(rows)


def anonymise_participant(uow: UnitOfWork, ref: str) -> AnonymisationSummary:
    """Replace what identifies the participant; keep the rows the counts are made of."""
    person = find_participant(uow, ref)
    session = uow.session
    assert session is not None
    if person.anonymised_at is not None:
        raise CurriculumError(f"the participant '{ref}' is already anonymised")
    token = secrets.token_hex(6)
    new_ref = f"ANON-{token}"
    person.first_name, person.last_name = ANONYMOUS_FIRST_NAME, ANONYMOUS_LAST_NAME
    person.email = person.organisation = person.position = person.guardian_name = None
    person.guardian_consent_on = None
    person.external_ref = new_ref
    person.dedup_key = f"anonymised:{token}"  # a later import of the same person makes a new, unrelated record
    person.anonymised_at = dt.datetime.now(dt.timezone.utc)
    certificates = list(session.scalars(select(CertificateRow).where(CertificateRow.participant_id == person.id)))
    for certificate in certificates:
        certificate.payload = {"anonymised": True}
    plan_ids = select(IntegrationPlanRow.id).where(IntegrationPlanRow.participant_id == person.id)
    for goal in session.scalars(select(PlanGoalRow).where(PlanGoalRow.plan_id.in_(plan_ids))):
        goal.title = goal.goal_id  # goals may be written in the person's own words
    session.flush()
    kept_attendance = session.scalar(select(func.count()).select_from(AttendanceRow).where(AttendanceRow.participant_id == person.id))
    kept_enrolments = session.scalar(select(func.count()).select_from(EnrolmentRow).where(EnrolmentRow.participant_id == person.id))
    return AnonymisationSummary(ref=ref, new_ref=new_ref, participant_id=person.id, kept_attendance=int(kept_attendance or 0),
                                kept_enrolments=int(kept_enrolments or 0), certificates_scrubbed=len(certificates))
