"""Publishing a programme to the local Moodle: what it creates, and that it never duplicates."""

from __future__ import annotations

import pytest

from curriculum.services.moodle_publish import build_publish_request
from curriculum.store import UnitOfWork
from lms_adapters.moodle.identifiers import category_idnumber, course_idnumber
from lms_adapters.moodle.publish import plan_publish, publish
from lms_adapters.moodle.webservice import MoodleClient, MoodleUnavailableError
from records import MEDICAL, SOCIAL, make_records


def request_for(records, languages=()):
    loaded, engine, _ = records
    with UnitOfWork(engine) as uow:
        return build_publish_request(uow, loaded.programme, tuple(languages))


def client_for(site) -> MoodleClient:
    return MoodleClient(site.url, site.token, sleep=lambda seconds: None)


def snapshot(site) -> dict[str, int]:
    state = site.state
    return {name: len(getattr(state, name)) for name in ("categories", "courses", "users", "enrolments", "groups", "cohorts", "attendance_sessions")}


def test_the_first_publish_creates_everything(moodle_site, records):
    loaded, _, _ = records
    programme = loaded.programme
    request = request_for(records)
    with client_for(moodle_site) as client:
        plan, report = publish(client, request)
    state = moodle_site.state
    category = next(item for item in state.categories.values() if item.idnumber == category_idnumber(programme.id))
    courses = {course.idnumber: course for course in state.courses.values() if course.categoryid == category.id}
    assert len(courses) == sum(len(programme.course_languages(course)) for course in programme.courses)
    social_lv = courses[course_idnumber(programme.id, SOCIAL, "lv")]
    assert social_lv.lang == "lv" and social_lv.enablecompletion and social_lv.format == "topics"
    assert social_lv.fullname == programme.text(programme.course(SOCIAL).title, "lv")
    titles = [programme.text(module.title, "lv") for _, module in programme.course_modules(programme.course(SOCIAL))]
    sections = sorted(state.course_sections(social_lv.id), key=lambda section: section.section)
    assert [section.display_name() for section in sections[1:]] == titles
    # People: 6 social workers (every third prefers Russian) and 2 medical workers, once each.
    learners = [user for user in state.users.values() if user.idnumber.startswith("curriculum:")]
    assert len(learners) == 8 and len({user.email for user in learners}) == 8
    social_ru = courses[course_idnumber(programme.id, SOCIAL, "ru")]
    students = lambda course: {e.userid for e in state.enrolments if e.courseid == course.id and e.roleid == 5}  # noqa: E731
    assert len(students(social_lv)) == 4 and len(students(social_ru)) == 2
    assert len(students(courses[course_idnumber(programme.id, MEDICAL, "lv")])) == 2
    group = next(group for group in state.groups.values() if group.courseid == social_lv.id)
    assert group.name == "riga-1" and set(group.members) == students(social_lv)
    cohorts = {cohort.idnumber: cohort for cohort in state.cohorts.values()}
    assert len(cohorts["curriculum:different-client:cohort:social-workers"].members) == 6
    assert len(cohorts["curriculum:different-client:cohort:medical-workers"].members) == 2
    sessions = [session for session in state.attendance_sessions.values() if state.attendances[session.attendanceid].course == social_lv.id]
    assert sorted(session.description.split("]")[0] for session in sessions) == ["[sw/riga-1/01", "[sw/riga-1/02"]
    assert all(session.groupid == group.id and session.duration == 3 * 3600 for session in sessions)
    assert report.category_id == category.id and report.created["user"] == 8


def test_the_second_publish_makes_no_write_call(moodle_site, records):
    request = request_for(records)
    with client_for(moodle_site) as client:
        publish(client, request)
    before = snapshot(moodle_site)
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        plan, _ = publish(client, request)
    assert moodle_site.write_calls() == []
    assert not plan.writes_needed
    assert snapshot(moodle_site) == before


def test_calls_do_not_grow_with_participants(moodle_site, tmp_path):
    counts = []
    for people in (5, 60):
        folder = tmp_path / str(people)
        folder.mkdir()
        request = request_for(make_records(folder, people), ["lv"])
        moodle_site.reset_log()
        with client_for(moodle_site) as client:
            publish(client, request)
        counts.append(len(moodle_site.calls()))
    # The second run finds the first one's courses and adds 55 people: it may not cost more calls.
    assert counts[1] <= counts[0]


def test_dry_run_reads_and_writes_nothing(moodle_site, records):
    request = request_for(records)
    with client_for(moodle_site) as client:
        plan, _ = plan_publish(client, request)
    assert moodle_site.write_calls() == []
    assert moodle_site.calls()
    counts = plan.counts()
    assert counts["user"]["create"] == 8 and counts["category"]["create"] == 1


@pytest.mark.parametrize("failing, recovers_in_run", [
    ("core_user_create_users", True),  # looked up again by idnumber: nothing left to create
    ("core_cohort_create_cohorts", True),
    ("enrol_manual_enrol_users", False),
    ("mod_attendance_add_session", False),
])
def test_an_interrupted_publish_is_finished_by_the_next_without_duplicates(moodle_site, records, failing, recovers_in_run):
    request = request_for(records)
    # Every try does the work and then answers 503, like a proxy giving up on a busy Moodle.
    moodle_site.fail_function(failing, status=503, times=10, after_execution=True)
    with client_for(moodle_site) as client:
        if recovers_in_run:
            publish(client, request)
        else:
            with pytest.raises(MoodleUnavailableError):
                publish(client, request)
    moodle_site.fail_function(failing, times=0)
    with client_for(moodle_site) as client:
        publish(client, request)
    with client_for(moodle_site) as client:
        plan, _ = publish(client, request)
    assert not plan.writes_needed
    state = moodle_site.state
    assert len([user for user in state.users.values() if user.idnumber.startswith("curriculum:")]) == 8
    assert len({(e.userid, e.courseid, e.roleid) for e in state.enrolments}) == len(state.enrolments)
    assert len({cohort.idnumber for cohort in state.cohorts.values()}) == len(state.cohorts)
    assert len({(s.attendanceid, s.description) for s in state.attendance_sessions.values()}) == len(state.attendance_sessions) == 4  # lv and ru courses


def test_a_write_whose_answer_is_lost_is_not_repeated_as_a_duplicate(moodle_site, records):
    request = request_for(records)
    moodle_site.drop_connection("core_user_create_users", times=1, after_execution=True)
    with client_for(moodle_site) as client:
        publish(client, request)
    learners = [user for user in moodle_site.state.users.values() if user.idnumber.startswith("curriculum:")]
    assert len(learners) == 8


def test_a_site_without_attendance_gets_everything_else(records):
    from moodle_site import running_moodle_site

    with running_moodle_site(plugins=()) as site, client_for(site) as client:
        plan, report = publish(client, request_for(records))
        assert not site.state.attendance_sessions
        assert report.created["user"] == 8
    assert any("mod_attendance" in note for note in report.notes)


def test_a_template_course_is_duplicated_for_new_courses(moodle_site, records):
    with client_for(moodle_site) as client:
        template = client.call("core_course_create_courses", {"courses": [{"fullname": "Template", "shortname": "TPL", "categoryid": 1, "numsections": 6}]})[0]["id"]
    moodle_site.seed_course_content(template)
    loaded, engine, _ = records
    with UnitOfWork(engine) as uow:
        request = build_publish_request(uow, loaded.programme, ("lv",), templates={f"{SOCIAL}:lv": template})
    with client_for(moodle_site) as client:
        publish(client, request)
    assert "core_course_duplicate_course" in moodle_site.calls()
    state = moodle_site.state
    social = next(course for course in state.courses.values() if course.idnumber == course_idnumber(loaded.programme.id, SOCIAL, "lv"))
    assert {module.modname for module in state.course_modules(social.id)} >= {"scorm", "quiz"}
    assert social.enablecompletion and social.lang == "lv"


def test_a_changed_title_and_a_section_renamed_in_moodle_are_updated_in_place(moodle_site, records):
    from dataclasses import replace

    request = request_for(records, ["lv"])
    with client_for(moodle_site) as client:
        publish(client, request)
    state = moodle_site.state
    target = request.courses[0]
    course = next(c for c in state.courses.values() if c.idnumber == target.idnumber)
    section = next(s for s in state.course_sections(course.id) if s.section == 2)
    section.name = "Renamed by someone"
    changed = replace(request, courses=(replace(target, fullname=target.fullname + " (2026)"), *request.courses[1:]))
    before = snapshot(moodle_site)
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        plan, report = publish(client, changed)
    assert sorted(moodle_site.write_calls()) == ["core_course_update_courses", "core_update_inplace_editable"]
    assert course.fullname == target.fullname + " (2026)" and section.name == target.section_names[1]
    assert [item.detail for item in plan.of_kind("course") if item.action == "update"] == ["fullname"]
    assert snapshot(moodle_site) == before


def test_a_person_already_in_moodle_is_matched_by_email_not_duplicated(moodle_site, records):
    with client_for(moodle_site) as client:
        existing = client.call("core_user_create_users", {"users": [{"username": "liga.b", "createpassword": 1, "firstname": "Līga", "lastname": "Bērziņa",
                                                                     "email": "liga.1@example.lv", "auth": "manual"}]})[0]["id"]
        publish(client, request_for(records, ["lv"]))
    state = moodle_site.state
    assert [user.id for user in state.users.values() if user.email == "liga.1@example.lv"] == [existing]
    assert any(e.userid == existing and e.roleid == 5 for e in state.enrolments)
    assert state.users[existing].idnumber == "", "someone else's account keeps its own ID number"


def test_people_without_email_are_left_out_and_the_user_is_told(moodle_site, tmp_path):
    from curriculum.services.participants import import_participants

    loaded, engine, url = make_records(tmp_path)
    minor = tmp_path / "minor.csv"
    minor.write_text("first_name;last_name;is_minor;guardian_name;guardian_consent_on\nAnna;Kalniņa;yes;Jānis Kalniņš;2026-01-10\n", encoding="utf-8")
    with UnitOfWork(engine) as uow:
        import_participants(uow, loaded.programme, minor, SOCIAL, "riga-1")
        uow.commit()
    with client_for(moodle_site) as client:
        _, report = publish(client, request_for((loaded, engine, url)))
    assert any("1 participant(s) have no e-mail" in note for note in report.notes)
    assert not any(user.firstname == "Anna" for user in moodle_site.state.users.values())


def test_a_full_publish_logs_nothing_secret(moodle_site, records, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    with client_for(moodle_site) as client:
        publish(client, request_for(records))
    assert caplog.records and moodle_site.token not in caplog.text


def test_a_course_language_the_site_lacks_says_which_pack_to_install(records):
    from moodle_site import running_moodle_site

    from lms_adapters.moodle.webservice import InvalidParameterError

    with running_moodle_site(languages=("en",)) as site, client_for(site) as client, pytest.raises(InvalidParameterError) as caught:
        publish(client, request_for(records, ["lv"]))
    assert "Language packs" in str(caught.value) and "--lang" in str(caught.value)
    assert [call for call in site.write_calls() if call != "core_course_create_categories"] == ["core_course_create_courses"]


def test_a_token_lacking_one_attendance_function_publishes_everything_else(moodle_site, records):
    """mod_attendance_get_sessions missing from the service: attendance is left out, not half used."""
    with client_for(moodle_site) as client:
        every = client.site_info().functions
    token = moodle_site.add_token(sorted(every - {"mod_attendance_get_sessions"}))
    request = request_for(records)
    for run in range(2):  # the second run would read sessions, if attendance were (wrongly) thought usable
        with MoodleClient(moodle_site.url, token, sleep=lambda seconds: None) as client:
            assert not client.site_info().has_attendance
            _, report = publish(client, request)
        assert run or any("mod_attendance" in note for note in report.notes)
    assert not moodle_site.state.attendances and not moodle_site.state.attendance_sessions
    assert moodle_site.state.enrolments


def test_a_title_with_an_ampersand_is_not_updated_on_every_publish(moodle_site, records):
    """Moodle answers the title as "Tiesības &amp; pienākumi": the same title, not a change."""
    from dataclasses import replace

    request = request_for(records, ["lv"])
    target = request.courses[0]
    amp = replace(request, courses=(replace(target, fullname="Tiesības & pienākumi", summary="<p>A &amp; B & C</p>\n"), *request.courses[1:]))
    with client_for(moodle_site) as client:
        publish(client, amp)
    course = next(c for c in moodle_site.state.courses.values() if c.idnumber == target.idnumber)
    assert course.fullname == "Tiesības & pienākumi"
    moodle_site.reset_log()
    with client_for(moodle_site) as client:
        plan, _ = publish(client, amp)
    assert moodle_site.write_calls() == []
    assert [item.action for item in plan.of_kind("course")] == ["unchanged"] * len(request.courses)
