"""Who becomes editing teacher where: a trainer only in the courses whose sessions they lead (privacy)."""

from __future__ import annotations

import datetime as dt

from curriculum.services.moodle_publish import build_publish_request
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.store import UnitOfWork
from records import MEDICAL, SOCIAL


def test_a_trainer_teaches_only_the_courses_of_their_sessions(records):
    loaded, engine, _ = records
    programme = loaded.programme
    with UnitOfWork(engine) as uow:
        schedule_sessions(uow, programme, [
            SessionPlan(code="sw/riga-1/03", course=SOCIAL, group="riga-1", date=dt.date(2026, 3, 16), start="10:00", end="13:00",
                        trainers=("anna@example.lv", "Anna without e-mail")),
            SessionPlan(code="mw/daugavpils/01", course=MEDICAL, group="daugavpils", date=dt.date(2026, 3, 3), start="10:00", end="13:00",
                        trainers=("boris@example.lv",)),
        ])
        uow.commit()
    with UnitOfWork(engine) as uow:
        request = build_publish_request(uow, programme, teachers=("coordinator@example.lv",))
    coordinator, anna, boris = "teacher:coordinator@example.lv", "teacher:anna@example.lv", "teacher:boris@example.lv"
    leads = {"sw/riga-1/03": anna, "mw/daugavpils/01": boris}
    for course in request.courses:
        expected = {coordinator} | {leads[session.code] for session in course.sessions if session.code in leads}
        assert set(course.teachers) == expected, (course.course_id, course.language, course.teachers)
    assert any(anna in course.teachers for course in request.courses if course.course_id == SOCIAL)
    assert any(boris in course.teachers for course in request.courses if course.course_id == MEDICAL)
    assert not any(boris in course.teachers for course in request.courses if course.course_id == SOCIAL)
    assert {user.idnumber for user in request.users if not user.create} == {coordinator, anna, boris}
