"""Scheduling, attendance and completion on the real databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import func, select

from curriculum.content import load_valid_programme
from curriculum.model import AttendanceStatus, CompletionFacts, CompletionRule, decide_completion
from curriculum.render.spreadsheets import attendance_template
from curriculum.services.attendance import import_attendance, record_session, sheet_rows
from curriculum.services.completion import compute_completion, record_check_scores
from curriculum.services.participants import ImportRowsError, import_participants
from curriculum.services.sessions import ScheduleError, SessionPlan, calendar_for, read_schedule, schedule_sessions, session_minutes
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import AttendanceRow, TrainingSessionRow
from helpers import mini_programme, write_csv


@pytest.fixture
def course_with_people(database_url, tmp_path: Path):
    """The mini programme with three enrolled people and two sessions of 30 minutes."""
    programme = mini_programme()
    engine = open_database(database_url)
    people = write_csv(tmp_path / "people.csv", "first_name;last_name;email\nĢirts;Ķēniņš;g@example.lv\nJūratė;Žemaitytė;j@example.lt\nЁлка;Щукина;e@example.org\n")
    plans = [
        SessionPlan(code="s1", course="desk-basics", group="g1", date=dt.date(2026, 2, 2), start="10:00", end="10:30", modules=["first-contact"]),
        SessionPlan(code="s2", course="desk-basics", group="g1", date=dt.date(2026, 2, 3), start="10:00", end="10:30"),
    ]
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, people, "desk-basics", "g1")
        schedule_sessions(uow, programme, plans)
        uow.commit()
    return programme, engine


def test_rescheduling_the_same_code_updates_instead_of_duplicating(course_with_people):
    programme, engine = course_with_people
    moved = SessionPlan(code="s1", course="desk-basics", group="g1", date=dt.date(2026, 2, 9), start="11:00", end="11:30", venue="Rīga, 2. stāvs")
    with UnitOfWork(engine) as uow:
        summary = schedule_sessions(uow, programme, [moved])
        uow.commit()
    assert (summary.created, summary.updated) == (0, 1)
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(select(TrainingSessionRow).order_by(TrainingSessionRow.code)).all()
        assert [(row.code, str(row.date), row.venue) for row in rows] == [("s1", "2026-02-09", "Rīga, 2. stāvs"), ("s2", "2026-02-03", None)]


def test_a_schedule_with_unknown_course_and_module_is_refused_whole(course_with_people):
    programme, engine = course_with_people
    plans = [
        SessionPlan(code="x1", course="no-such-course", date=dt.date(2026, 3, 1), start="10:00", end="11:00"),
        SessionPlan(code="x2", course="desk-basics", date=dt.date(2026, 3, 1), start="10:00", end="11:00", modules=["not-in-course"]),
    ]
    with UnitOfWork(engine) as uow:
        with pytest.raises(ScheduleError) as raised:
            schedule_sessions(uow, programme, plans)
    assert len(raised.value.problems) == 2
    with UnitOfWork(engine) as uow:
        assert uow.session.scalar(select(func.count()).select_from(TrainingSessionRow)) == 2


def test_a_camp_gets_one_session_per_day_from_a_schedule_file(database_url, tmp_path: Path):
    loaded = load_valid_programme("roma-incubator")
    camp = loaded.programme.event("holiday-academy")
    schedule = tmp_path / "camp.yaml"
    schedule.write_text("events:\n  - {event: holiday-academy, first_day: 2015-07-06, venue: Daugavpils}\n", encoding="utf-8")
    plans = read_schedule(schedule, loaded.programme)
    assert [plan.date for plan in plans] == [dt.date(2015, 7, 6 + index) for index in range(len(camp.days))]
    assert len(plans) == 3
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        schedule_sessions(uow, loaded.programme, plans)
        schedule_sessions(uow, loaded.programme, plans)
        uow.commit()
        assert uow.session.scalar(select(func.count()).select_from(TrainingSessionRow)) == 3


def test_the_calendar_file_imports_with_every_session_in_local_time(course_with_people):
    programme, engine = course_with_people
    with UnitOfWork(engine) as uow:
        data = calendar_for(uow, programme, "desk-basics", "g1")
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [str(event["uid"]) for event in events] == ["demo-mini/s1@curriculum", "demo-mini/s2@curriculum"]
    start = events[0].decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=2)  # Riga in winter
    assert start.hour == 10
    assert calendar.walk("VTIMEZONE")


def test_recording_again_replaces_and_never_duplicates(course_with_people):
    programme, engine = course_with_people
    with UnitOfWork(engine) as uow:
        record_session(uow, programme, "s1", {"P-000001": (AttendanceStatus.PRESENT, None), "P-000002": (AttendanceStatus.ABSENT, None)})
        uow.commit()
    with UnitOfWork(engine) as uow:
        record_session(uow, programme, "s1", {"P-000002": (AttendanceStatus.LATE, 20)})
        uow.commit()
    with UnitOfWork(engine) as uow:
        marks = uow.session.execute(select(AttendanceRow.participant_id, AttendanceRow.status, AttendanceRow.minutes).order_by(AttendanceRow.participant_id)).all()
    assert [tuple(mark) for mark in marks] == [(1, "present", 30), (2, "late", 20)]


def test_the_filled_excel_template_is_imported(course_with_people, tmp_path: Path):
    programme, engine = course_with_people
    with UnitOfWork(engine) as uow:
        found, people = sheet_rows(uow, programme, "s1")
        data = attendance_template(found.code, str(found.date), session_minutes(found), [(p.external_ref, p.first_name, p.last_name, p.organisation or "") for p in people])
    file = tmp_path / "s1.xlsx"
    file.write_bytes(data)
    workbook = load_workbook(file)
    sheet = workbook["attendance"]
    assert [cell.value for cell in sheet[1]] == ["session", "ref", "first_name", "last_name", "organisation", "date", "status", "minutes"]
    by_name = {sheet.cell(row, 3).value: row for row in range(2, sheet.max_row + 1)}
    assert set(by_name) == {"Ģirts", "Jūratė", "Ёлка"}
    sheet.cell(by_name["Ģirts"], 7).value = "present"
    sheet.cell(by_name["Jūratė"], 7).value = "late"
    sheet.cell(by_name["Jūratė"], 8).value = 15
    sheet.cell(by_name["Ёлка"], 7).value = "excused"
    workbook.save(file)
    with UnitOfWork(engine) as uow:
        assert import_attendance(uow, programme, file) == 3
        uow.commit()
    with UnitOfWork(engine) as uow:
        lines = {line.name: line.decision for line in compute_completion(uow, programme, "desk-basics")}
    assert lines["Ģirts Ķēniņš"].attended_minutes == 30
    assert lines["Jūratė Žemaitytė"].attended_minutes == 15
    assert lines["Ёлка Щукина"].attended_minutes == 0


def test_a_bad_attendance_sheet_changes_nothing_and_names_each_row(course_with_people, tmp_path: Path):
    programme, engine = course_with_people
    file = write_csv(
        tmp_path / "marks.csv",
        "session;ref;status;minutes\ns1;P-000001;present;\ns9;P-000002;present;\ns1;P-999999;present;\ns1;P-000003;sleeping;\ns2;P-000001;late;\ns2;P-000002;present;90\n",
    )
    with UnitOfWork(engine) as uow:
        with pytest.raises(ImportRowsError) as raised:
            import_attendance(uow, programme, file)
    assert {(error.row, error.column) for error in raised.value.errors} == {(3, "session"), (4, "ref"), (5, "status"), (6, "minutes"), (7, "minutes")}
    with UnitOfWork(engine) as uow:
        assert uow.session.scalar(select(func.count()).select_from(AttendanceRow)) == 0


def test_completion_follows_hours_mandatory_modules_and_pass_mark(course_with_people):
    programme, engine = course_with_people
    course = programme.course("desk-basics")
    strict = course.completion.model_copy(update={"min_attendance_percent": 50, "mandatory_modules": ("first-contact",), "pass_mark_percent": 60})
    programme = programme.model_copy(update={"courses": (course.model_copy(update={"completion": strict}),)})
    with UnitOfWork(engine) as uow:
        record_session(uow, programme, "s1", {"P-000001": (AttendanceStatus.PRESENT, None), "P-000003": (AttendanceStatus.EXCUSED, None)})
        record_session(uow, programme, "s2", {"P-000001": (AttendanceStatus.PRESENT, None), "P-000002": (AttendanceStatus.PRESENT, None), "P-000003": (AttendanceStatus.PRESENT, None)})
        record_check_scores(uow, programme, "desk-basics", {1: 80, 2: 90, 3: 40}, source="paper")
        uow.commit()
    with UnitOfWork(engine) as uow:
        lines = {line.ref: line.decision for line in compute_completion(uow, programme, "desk-basics")}
    assert lines["P-000001"].completed and lines["P-000001"].percent == 100
    assert not lines["P-000002"].completed
    assert lines["P-000002"].reasons == ("missed the mandatory module 'The first minute at the desk'",)
    assert lines["P-000003"].reasons == ("missed the mandatory module 'The first minute at the desk'", "knowledge check 40%, pass mark 60%")


def test_the_completion_rule_explains_every_reason():
    rule = CompletionRule(min_attendance_percent=80, mandatory_modules=("law",), pass_mark_percent=70)
    decision = decide_completion(rule, 600, CompletionFacts(7, 300, frozenset(), None), {"law": "The legal framework"})
    assert not decision.completed
    assert decision.reasons == (
        "attended 5 of 10 contact hours (50%), needs 80%",
        "missed the mandatory module 'The legal framework'",
        "no knowledge-check result recorded",
    )
    assert decide_completion(rule, 600, CompletionFacts(7, 480, frozenset({"law"}), 70.0)).completed
