"""Pulling results back: completion, SCORM scores and attendance marks land in the records."""

from __future__ import annotations

from sqlalchemy import select

from curriculum.services.completion import compute_completion
from curriculum.services.moodle_publish import build_publish_request
from curriculum.services.moodle_completions import lms_completed_modules
from curriculum.services.moodle_pull import pull_results
from curriculum.store import UnitOfWork
from curriculum.store.orm import AttendanceRow, CheckResultRow, LmsCompletionRow, ParticipantRow, TrainingSessionRow
from lms_adapters.moodle.identifiers import course_idnumber
from lms_adapters.moodle.publish import publish
from lms_adapters.moodle.webservice import MoodleClient
from records import SOCIAL


def published_in_latvian(moodle_site, records):
    """(programme, engine) after publishing the Latvian courses of the records to the site."""
    loaded, engine, _ = records
    with UnitOfWork(engine) as uow:
        request = build_publish_request(uow, loaded.programme, ("lv",))
    with MoodleClient(moodle_site.url, moodle_site.token) as client:
        publish(client, request)
    return loaded.programme, engine


def test_pull_brings_completion_scores_and_attendance_into_the_records(moodle_site, records_on_each_database):
    programme, engine = published_in_latvian(moodle_site, records_on_each_database)
    state = moodle_site.state
    course = next(c for c in state.courses.values() if c.idnumber == course_idnumber(programme.id, SOCIAL, "lv"))
    cmids = moodle_site.seed_course_content(course.id)  # the SCORM activity lands in section 1
    by_email = {user.email: user for user in state.users.values()}
    first, second = by_email["liga.1@example.lv"], by_email["liga.2@example.lv"]
    moodle_site.set_activity_completion(course.id, first.id, cmids["scorm"], 2)
    moodle_site.set_activity_completion(course.id, first.id, cmids["quiz"], 1)
    moodle_site.set_scorm_score(cmids["scorm"], first.id, 85)
    moodle_site.set_scorm_score(cmids["scorm"], second.id, 40, status="failed")
    session = next(s for s in state.attendance_sessions.values() if s.description.startswith("[sw/riga-1/01]"))
    moodle_site.set_attendance_status(session.id, first.id, "P")
    moodle_site.set_attendance_status(session.id, second.id, "A")

    moodle_site.reset_log()
    with MoodleClient(moodle_site.url, moodle_site.token) as client, UnitOfWork(engine) as uow:
        summary = pull_results(uow, client, programme, ("lv",))
        uow.commit()
    assert moodle_site.write_calls() == []
    # The SCORM activity sits in section 1 (first module), the quiz in the last section (last module).
    assert summary.scores == 2 and summary.attendance_marks == 2 and summary.modules_completed == 2

    with UnitOfWork(engine) as uow:
        ids = dict(uow.session.execute(select(ParticipantRow.email, ParticipantRow.id)).all())
        scores = dict(uow.session.execute(select(CheckResultRow.participant_id, CheckResultRow.score_percent).where(CheckResultRow.source == "moodle")).all())
        assert scores == {ids["liga.1@example.lv"]: 85.0, ids["liga.2@example.lv"]: 40.0}
        marks = dict(uow.session.execute(
            select(AttendanceRow.participant_id, AttendanceRow.status).join(TrainingSessionRow, TrainingSessionRow.id == AttendanceRow.session_id)
            .where(TrainingSessionRow.code == "sw/riga-1/01")
        ).all())
        assert marks == {ids["liga.1@example.lv"]: "present", ids["liga.2@example.lv"]: "absent"}
        modules = [module.id for _, module in programme.course_modules(programme.course(SOCIAL))]
        assert lms_completed_modules(uow, programme.id, SOCIAL) == {ids["liga.1@example.lv"]: {modules[0], modules[-1]}}
        lines = {line.participant_id: line for line in compute_completion(uow, programme, SOCIAL)}
        assert lines[ids["liga.1@example.lv"]].decision.attended_minutes == 180
        # A mandatory module completed in Moodle counts as covered; one nobody completed there still does not.
        course = programme.course(SOCIAL)
        titles = {module.id: programme.text(module.title, programme.main_language) for _, module in programme.course_modules(course)}
        pulled_mandatory = {modules[0], modules[-1]} & set(course.completion.mandatory_modules)
        assert pulled_mandatory, "the test needs a mandatory module among those completed in Moodle"
        for module in pulled_mandatory:
            assert not any(titles[module] in reason for reason in lines[ids["liga.1@example.lv"]].decision.reasons)
            assert any(titles[module] in reason for reason in lines[ids["liga.2@example.lv"]].decision.reasons)

    # Pulling again replaces, never duplicates.
    with MoodleClient(moodle_site.url, moodle_site.token) as client, UnitOfWork(engine) as uow:
        pull_results(uow, client, programme, ("lv",))
        uow.commit()
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(select(LmsCompletionRow)).all()
        assert len(rows) == len({(r.participant_id, r.course_id, r.module_id) for r in rows})
        assert uow.session.scalar(select(CheckResultRow.id).where(CheckResultRow.source == "moodle").limit(1)) is not None


def test_the_pull_command_says_what_was_updated(moodle_site, records, tmp_path):
    from cli_helpers import run_cli_with_site

    published = run_cli_with_site(moodle_site, records, tmp_path, "publish", "moodle", "000-different-client", "--lang", "lv", "--no-backups")
    assert published.returncode == 0, published.stderr
    session = next(s for s in moodle_site.state.attendance_sessions.values() if s.description.startswith("[sw/riga-1/02]"))
    learner = next(user for user in moodle_site.state.users.values() if user.email == "liga.4@example.lv")
    moodle_site.set_attendance_status(session.id, learner.id, "L")
    moodle_site.reset_log()
    result = run_cli_with_site(moodle_site, records, tmp_path, "moodle", "pull", "000-different-client", "--lang", "lv")
    assert result.returncode == 0, result.stderr
    assert "attendance marks: 1" in result.stdout and "Pulled 4 course(s)" in result.stdout
    assert moodle_site.write_calls() == []
    assert moodle_site.token not in result.stdout + result.stderr


def test_a_translated_status_set_is_read_by_grade_and_unclear_marks_are_reported(moodle_site, records):
    """An admin renamed the statuses to Latvian: highest grade is present, lowest absent; the rest are counted, not guessed."""
    programme, engine = published_in_latvian(moodle_site, records)
    state = moodle_site.state
    session = next(s for s in state.attendance_sessions.values() if s.description.startswith("[sw/riga-1/01]"))
    for status, acronym in zip(state.attendances[session.attendanceid].statuses, ("Ir", "K", "At", "N")):  # P L E A, grades 2 1 1 0
        status.acronym = acronym
    by_email = {user.email: user for user in state.users.values()}
    for email, acronym in (("liga.1@example.lv", "Ir"), ("liga.2@example.lv", "N"), ("liga.4@example.lv", "K")):
        moodle_site.set_attendance_status(session.id, by_email[email].id, acronym)
    with MoodleClient(moodle_site.url, moodle_site.token) as client, UnitOfWork(engine) as uow:
        summary = pull_results(uow, client, programme, ("lv",))
        uow.commit()
    with UnitOfWork(engine) as uow:
        marks = dict(uow.session.execute(
            select(ParticipantRow.email, AttendanceRow.status).join(AttendanceRow, AttendanceRow.participant_id == ParticipantRow.id)).all())
    assert {email: str(getattr(status, "value", status)) for email, status in marks.items()} == {
        "liga.1@example.lv": "present", "liga.2@example.lv": "absent"}
    assert summary.attendance_marks == 2 and summary.unmapped_marks == {"K": 1}
    assert any("'K' (1)" in line and "not stored" in line for line in summary.lines())
