"""Use case: the people a Moodle admin's Upload users CSV holds, gathered from the records
(the export command and the demo both write it; the adapter never reads the database)."""

from __future__ import annotations

from sqlalchemy import select

from lms_adapters.moodle.users_csv import UploadEnrolment, UploadUser

from ..model import Programme
from ..store import UnitOfWork
from ..store.orm import CourseGroupRow, EnrolmentRow, ParticipantRow
from .participants import participant_ref


def upload_users(uow: UnitOfWork, programme: Programme) -> list[UploadUser]:
    """Everyone enrolled in one of the programme's courses (erased people left out), with
    their enrolments and groups: the rows of the Upload users CSV. One query."""
    session = uow.session
    assert session is not None
    rows = session.execute(
        select(ParticipantRow, EnrolmentRow.course_id, CourseGroupRow.code)
        .join(EnrolmentRow, EnrolmentRow.participant_id == ParticipantRow.id)
        .outerjoin(CourseGroupRow, CourseGroupRow.id == EnrolmentRow.group_id)
        .where(EnrolmentRow.programme_id == programme.id, ParticipantRow.anonymised_at.is_(None))
        .order_by(ParticipantRow.id, EnrolmentRow.course_id)
    ).all()
    people: dict[int, tuple[ParticipantRow, list[UploadEnrolment]]] = {}
    for participant, course_id, group in rows:
        people.setdefault(participant.id, (participant, []))[1].append(UploadEnrolment(course_id, group))
    return [
        UploadUser(
            ref=participant_ref(participant),
            first_name=participant.first_name,
            last_name=participant.last_name,
            email=participant.email,
            language=participant.preferred_language,
            target_group=participant.target_group,
            enrolments=tuple(enrolments),
        )
        for participant, enrolments in people.values()
    ]
