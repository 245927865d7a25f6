"""One reference per participant on every route to Moodle, and a clear error for a name too long for Moodle."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from curriculum.errors import CurriculumError
from curriculum.services.moodle_files import upload_users
from curriculum.services.moodle_publish import build_publish_request
from curriculum.store import UnitOfWork
from curriculum.store.orm import ParticipantRow
from lms_adapters.moodle.identifiers import course_idnumber, user_idnumber
from lms_adapters.moodle.users_csv import username_for


def test_a_participant_without_a_reference_is_the_same_person_in_the_csv_and_the_publish(records):
    loaded, engine, _ = records
    with UnitOfWork(engine) as uow:
        person = uow.session.scalars(select(ParticipantRow).order_by(ParticipantRow.id)).first()
        person.external_ref = None
        uow.commit()
        person_id = person.id
    with UnitOfWork(engine) as uow:
        request = build_publish_request(uow, loaded.programme)
        csv_users = upload_users(uow, loaded.programme)
    expected = user_idnumber(f"P-{person_id:06d}")
    published = next(user for user in request.users if user.idnumber == expected)
    in_csv = next(user for user in csv_users if user_idnumber(user.ref) == expected)
    assert published.username == username_for(in_csv)


def test_an_identifier_too_long_for_moodle_is_a_clear_error():
    with pytest.raises(CurriculumError) as caught:
        course_idnumber("programme-" + "x" * 90, "course", "lv")
    assert "at most 100" in str(caught.value) and "shorten" in str(caught.value)
