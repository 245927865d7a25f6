"""The template route: new courses duplicated from a course an admin restored once from our backup.

Its sections carry the module names already, so the copies need no rename and no read of their
own; the template is read once, before anything is written.
"""

from __future__ import annotations

import pytest

from curriculum.services.moodle_publish import build_publish_request
from curriculum.store import UnitOfWork
from lms_adapters.moodle.identifiers import course_idnumber
from lms_adapters.moodle.publish import plan_publish, publish
from lms_adapters.moodle.webservice import MoodleClient, MoodleUnavailableError, RecordNotFoundError
from records import SOCIAL


def client_for(site) -> MoodleClient:
    return MoodleClient(site.url, site.token, sleep=lambda seconds: None)


def lv_titles(programme, course_id: str) -> list[str]:
    return [programme.text(module.title, "lv") for _, module in programme.course_modules(programme.course(course_id))]


def request_with(records, templates: dict[str, int]):
    loaded, engine, _ = records
    with UnitOfWork(engine) as uow:
        return build_publish_request(uow, loaded.programme, ("lv",), templates=templates)


def course_in(site, idnumber: str):
    return next(course for course in site.state.courses.values() if course.idnumber == idnumber)


def test_a_copy_of_a_named_template_is_neither_read_nor_renamed(moodle_site, records):
    programme = records[0].programme
    template = moodle_site.seed_restored_course(lv_titles(programme, SOCIAL), lang="lv")
    request = request_with(records, {f"{SOCIAL}:lv": template})
    with client_for(moodle_site) as client:
        plan, _ = publish(client, request)
    social = course_in(moodle_site, course_idnumber(programme.id, SOCIAL, "lv"))
    names = [section.display_name() for section in sorted(moodle_site.state.course_sections(social.id), key=lambda s: s.section)][1:]
    assert names == lv_titles(programme, SOCIAL)
    assert {module.modname for module in moodle_site.state.course_modules(social.id)} >= {"scorm", "quiz"}
    contents = [call.params["courseid"] for call in moodle_site.call_log if call.function == "core_course_get_contents"]
    assert contents.count(str(template)) == 1 and str(social.id) not in contents
    renamed = {int(call.params["itemid"]) for call in moodle_site.call_log if call.function == "core_update_inplace_editable"}
    assert renamed and not renamed & {section.id for section in moodle_site.state.course_sections(social.id)}, \
        "the plain courses are renamed, the copy is not"
    sections = [item for item in plan.of_kind("section") if item.course == social.idnumber]
    assert {item.action for item in sections} == {"unchanged"} and f"template course {template}" in sections[0].detail
    # The copy still gets its attendance and sessions, and a second publish writes nothing.
    assert any(attendance.course == social.id for attendance in moodle_site.state.attendances.values())
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        publish(client, request)
    assert moodle_site.write_calls() == []


def test_one_template_for_several_courses_is_read_once_and_renamed_only_where_names_differ(moodle_site, records):
    programme = records[0].programme
    titles = lv_titles(programme, SOCIAL)
    template = moodle_site.seed_restored_course([*titles[:-1], "Vecs nosaukums"], lang="lv")
    request = request_with(records, {"*": template})
    with client_for(moodle_site) as client:
        plan, _ = plan_publish(client, request)
        renames = [item for item in plan.of_kind("section") if item.action == "update"]
        assert len(renames) == len(request.courses) and all(item.name.endswith(titles[-1]) for item in renames), "the last section of each copy"
        moodle_site.reset_log()
        publish(client, request)
    copies = [course_in(moodle_site, course.idnumber) for course in request.courses]
    contents = [call.params["courseid"] for call in moodle_site.call_log if call.function == "core_course_get_contents"]
    assert sorted(contents) == sorted([str(template), *(str(copy.id) for copy in copies)]), \
        "the template once, each copy once (its section ids are needed for the rename)"
    assert moodle_site.calls().count("core_update_inplace_editable") == len(request.courses)
    for copy, course in zip(copies, request.courses):
        names = [section.display_name() for section in sorted(moodle_site.state.course_sections(copy.id), key=lambda s: s.section)][1:]
        assert names == list(course.section_names)


def test_a_template_that_is_not_in_moodle_stops_the_publish_before_any_write(moodle_site, records):
    request = request_with(records, {f"{SOCIAL}:lv": 999})
    with client_for(moodle_site) as client, pytest.raises(RecordNotFoundError) as caught:
        publish(client, request)
    assert "no course 999 in Moodle to use as a template" in str(caught.value) and "--template-course" in str(caught.value)
    assert moodle_site.write_calls() == []


def test_an_attendance_in_the_template_is_used_in_the_copy_not_added_twice(moodle_site, records):
    programme = records[0].programme
    template = moodle_site.seed_restored_course(lv_titles(programme, SOCIAL), lang="lv")
    with client_for(moodle_site) as client:
        client.call("mod_attendance_add_attendance", {"courseid": template, "name": "Apmeklējums", "groupmode": 1})
    request = request_with(records, {f"{SOCIAL}:lv": template})
    with client_for(moodle_site) as client:
        publish(client, request)
    social = course_in(moodle_site, course_idnumber(programme.id, SOCIAL, "lv"))
    attendances = [attendance for attendance in moodle_site.state.attendances.values() if attendance.course == social.id]
    assert len(attendances) == 1
    sessions = [session for session in moodle_site.state.attendance_sessions.values() if session.attendanceid == attendances[0].id]
    assert len(sessions) == 2


def test_a_publish_stopped_right_after_duplicating_is_resumed_without_a_second_copy(moodle_site, records):
    """Every course update fails after the duplicate: the copy may have no idnumber; the next run still finds it."""
    programme = records[0].programme
    template = moodle_site.seed_restored_course(lv_titles(programme, SOCIAL), lang="lv")
    request = request_with(records, {f"{SOCIAL}:lv": template})
    moodle_site.fail_function("core_course_update_courses", status=503, times=4)
    with client_for(moodle_site) as client, pytest.raises(MoodleUnavailableError):
        publish(client, request)
    shortname = next(course.shortname for course in request.courses if course.course_id == SOCIAL)
    assert len([course for course in moodle_site.state.courses.values() if course.shortname == shortname]) == 1
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        plan, _ = publish(client, request)
    copies = [course for course in moodle_site.state.courses.values() if course.shortname == shortname]
    assert len(copies) == 1 and "core_course_duplicate_course" not in moodle_site.calls()
    assert copies[0].idnumber == course_idnumber(programme.id, SOCIAL, "lv") and copies[0].lang == "lv"
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        publish(client, request)
    assert moodle_site.write_calls() == []


def test_a_copy_gets_its_idnumber_even_when_its_language_is_refused(moodle_site, records):
    """The idnumber is set alone, before the update that sends lang (which a site without the pack refuses whole)."""
    programme = records[0].programme
    template = moodle_site.seed_restored_course(lv_titles(programme, SOCIAL), lang="en")
    request = request_with(records, {"*": template})  # no plain course is created (with its lang) first
    moodle_site.languages = frozenset({"en"})
    with client_for(moodle_site) as client:
        _, report = publish(client, request)  # Moodle refuses the course's whole update, as a warning
    social = course_in(moodle_site, course_idnumber(programme.id, SOCIAL, "lv"))
    assert any(social.fullname in note and "did not update" in note for note in report.notes)  # the warning is not lost
    moodle_site.languages = frozenset({"en", "lv"})
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        publish(client, request)
    assert "core_course_duplicate_course" not in moodle_site.calls()
    assert course_in(moodle_site, social.idnumber).id == social.id and moodle_site.state.courses[social.id].lang == "lv"
