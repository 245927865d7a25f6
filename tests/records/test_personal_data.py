"""Export, erase and anonymise one participant, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from curriculum.model import AttendanceStatus
from curriculum.services.attendance import record_session
from curriculum.services.completion import record_check_scores
from curriculum.services.indicators import compute_indicators
from curriculum.services.participants import import_participants
from curriculum.services.personal_data import UnknownParticipantError, anonymise_participant, erase_participant, export_participant
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import (
    AttendanceRow,
    CertificateRow,
    LmsCompletionRow,
    CheckResultRow,
    EnrolmentRow,
    IntegrationPlanRow,
    ParticipantRow,
    PlanGoalRow,
)
from helpers import mini_programme, write_csv

PERSONAL_TABLES = (EnrolmentRow, AttendanceRow, CheckResultRow, IntegrationPlanRow, CertificateRow, LmsCompletionRow)


@pytest.fixture
def people(database_url, tmp_path: Path):
    """Three people in the mini course, two sessions; Ģirts has a check result, a plan with a goal and a certificate."""
    programme = mini_programme()
    engine = open_database(database_url)
    file = write_csv(
        tmp_path / "people.csv",
        "first_name;last_name;email;organisation;position\n"
        "Ģirts;Ķēniņš;girts@example.lv;Rīgas dome;sociālais darbinieks\n"
        "Jūratė;Žemaitytė;jurate@example.lt;Vilniaus universitetas;\n"
        "Ёлка;Щукина;;Daugavpils slimnīca;medmāsa\n",
    )
    plans = [
        SessionPlan(code="s1", course="desk-basics", group="g1", date=dt.date(2026, 2, 2), start="10:00", end="10:30", modules=["first-contact"]),
        SessionPlan(code="s2", course="desk-basics", group="g1", date=dt.date(2026, 2, 3), start="10:00", end="10:30"),
    ]
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, file, "desk-basics", "g1")
        schedule_sessions(uow, programme, plans)
        ids = {row.first_name: row.id for row in uow.session.scalars(select(ParticipantRow))}
        refs = {row.first_name: row.external_ref for row in uow.session.scalars(select(ParticipantRow))}
        everyone = {ref: (AttendanceStatus.PRESENT, None) for ref in refs.values()}
        record_session(uow, programme, "s1", everyone)
        record_session(uow, programme, "s2", {refs["Ģirts"]: (AttendanceStatus.PRESENT, None), refs["Jūratė"]: (AttendanceStatus.LATE, 10)})
        record_check_scores(uow, programme, "desk-basics", {ids["Ģirts"]: 90, ids["Jūratė"]: 70}, "moodle")
        plan = IntegrationPlanRow(participant_id=ids["Ģirts"], programme_id=programme.id, template_id="newcomer", language="lv")
        uow.session.add(plan)
        uow.session.flush()
        uow.session.add(PlanGoalRow(plan_id=plan.id, goal_id="language", area="language", title="Sarunāties ar kaimiņiem latviski", status="in_progress",
                                    due=dt.date(2026, 6, 1), modules=["first-contact"], events=[]))
        uow.session.add(CertificateRow(serial="MINI-2026-0001", verification_code="k3y", programme_id=programme.id, course_id="desk-basics",
                                       participant_id=ids["Ģirts"], language="en", issued_on=dt.date(2026, 2, 4),
                                       payload={"name": "Ģirts Ķēniņš", "course": "Serving every client well"}))
        uow.session.add(LmsCompletionRow(participant_id=ids["Ģirts"], programme_id=programme.id, course_id="desk-basics", module_id="first-contact",
                                         completed=True, source="moodle"))
        uow.commit()
    return programme, engine, refs, ids


def _rows_of(engine, participant_id: int) -> dict[str, int]:
    with UnitOfWork(engine) as uow:
        counts = {model.__tablename__: uow.session.scalar(select(func.count()).select_from(model).where(model.participant_id == participant_id)) for model in PERSONAL_TABLES}
        counts["participants"] = uow.session.scalar(select(func.count()).select_from(ParticipantRow).where(ParticipantRow.id == participant_id))
        counts["plan_goals"] = uow.session.scalar(select(func.count()).select_from(PlanGoalRow).join(IntegrationPlanRow).where(IntegrationPlanRow.participant_id == participant_id))
    return counts


def test_the_export_holds_every_row_about_the_person_and_nobody_else(people):
    programme, engine, refs, ids = people
    with UnitOfWork(engine) as uow:
        data = json.loads(json.dumps(export_participant(uow, refs["Ģirts"]), ensure_ascii=False))
    assert data["format"] == "curriculum-personal-data"
    person = data["participant"]
    assert (person["external_ref"], person["first_name"], person["last_name"], person["email"], person["organisation"], person["position"]) == (
        refs["Ģirts"], "Ģirts", "Ķēniņš", "girts@example.lv", "Rīgas dome", "sociālais darbinieks",
    )
    assert [(item["programme_id"], item["course_id"], item["group"]) for item in data["enrolments"]] == [("demo-mini", "desk-basics", "g1")]
    assert [(item["session"], item["date"], item["start"], item["status"], item["minutes"]) for item in data["attendance"]] == [
        ("s1", "2026-02-02", "10:00:00", "present", 30), ("s2", "2026-02-03", "10:00:00", "present", 30),
    ]
    assert [(item["course_id"], item["score_percent"], item["source"]) for item in data["check_results"]] == [("desk-basics", 90.0, "moodle")]
    [plan] = data["integration_plans"]
    assert plan["template_id"] == "newcomer"
    assert [(goal["goal_id"], goal["title"], goal["due"]) for goal in plan["goals"]] == [("language", "Sarunāties ar kaimiņiem latviski", "2026-06-01")]
    assert [(item["serial"], item["payload"]["name"]) for item in data["certificates"]] == [("MINI-2026-0001", "Ģirts Ķēniņš")]
    assert [(item["module_id"], item["completed"]) for item in data["lms_completions"]] == [("first-contact", True)]
    assert "Jūratė" not in json.dumps(data, ensure_ascii=False)
    with UnitOfWork(engine) as uow:
        other = export_participant(uow, refs["Ёлка"])
    assert (len(other["attendance"]), other["check_results"], other["integration_plans"], other["certificates"]) == (1, [], [], [])


def test_erase_deletes_the_person_and_their_rows_only_when_committed(people):
    programme, engine, refs, ids = people
    before = _rows_of(engine, ids["Ģirts"])
    assert before == {"enrolments": 1, "attendance": 2, "check_results": 1, "integration_plans": 1, "certificates": 1, "lms_completions": 1, "participants": 1, "plan_goals": 1}
    with UnitOfWork(engine) as uow:
        erase_participant(uow, refs["Ģirts"])  # no commit: nothing happened
    assert _rows_of(engine, ids["Ģirts"]) == before
    with UnitOfWork(engine) as uow:
        summary = erase_participant(uow, refs["Ģirts"])
        uow.commit()
    assert (summary.enrolments, summary.attendance, summary.check_results, summary.integration_plans, summary.plan_goals, summary.certificates, summary.lms_completions) == (1, 2, 1, 1, 1, 1, 1)
    assert set(_rows_of(engine, ids["Ģirts"]).values()) == {0}
    assert _rows_of(engine, ids["Jūratė"])["attendance"] == 2  # nobody else was touched
    with UnitOfWork(engine) as uow:
        with pytest.raises(UnknownParticipantError, match=refs["Ģirts"]):
            export_participant(uow, refs["Ģirts"])
        figures = compute_indicators(uow, programme)
    assert (figures.participants_reached, figures.enrolments, figures.certificates_issued) == (2, 2, 0)


def test_anonymising_keeps_every_count_and_drops_what_identifies(people, tmp_path: Path):
    programme, engine, refs, ids = people
    with UnitOfWork(engine) as uow:
        before = compute_indicators(uow, programme)
    with UnitOfWork(engine) as uow:
        summary = anonymise_participant(uow, refs["Ģirts"])
        uow.commit()
    assert (summary.kept_attendance, summary.kept_enrolments, summary.certificates_scrubbed) == (2, 1, 1)
    with UnitOfWork(engine) as uow:
        after = compute_indicators(uow, programme)
        person = uow.session.get(ParticipantRow, ids["Ģirts"])
        certificate = uow.session.scalars(select(CertificateRow)).one()
        goal = uow.session.scalars(select(PlanGoalRow)).one()
        exported = json.dumps(export_participant(uow, summary.new_ref), ensure_ascii=False)
    for field in dataclasses.fields(before):
        if field.name not in ("by_organisation", "organisations"):  # the organisation is identifying: it goes
            assert getattr(after, field.name) == getattr(before, field.name), field.name
    assert (before.organisations, after.organisations) == (3, 2)
    assert [(item.key, item.participants) for item in after.by_organisation] == [("Daugavpils slimnīca", 1), ("Vilniaus universitetas", 1), (None, 1)]
    assert (person.first_name, person.last_name, person.email, person.organisation, person.position, person.guardian_name) == ("Anonymised", "participant", None, None, None, None)
    assert person.target_group == "desk-staff" and person.anonymised_at is not None
    assert person.external_ref == summary.new_ref != refs["Ģirts"]
    assert certificate.payload == {"anonymised": True} and goal.title == "language"
    for identifying in ("Ģirts", "Ķēniņš", "girts@example.lv", "Rīgas dome", "sociālais darbinieks", "Sarunāties", refs["Ģirts"]):
        assert identifying not in exported, identifying
    with UnitOfWork(engine) as uow:
        with pytest.raises(UnknownParticipantError):
            anonymise_participant(uow, refs["Ģirts"])
        with pytest.raises(Exception, match="already anonymised"):
            anonymise_participant(uow, summary.new_ref)
    again = write_csv(tmp_path / "again.csv", "first_name;last_name;email\nĢirts;Ķēniņš;girts@example.lv\n")
    with UnitOfWork(engine) as uow:
        imported = import_participants(uow, programme, again)
        uow.commit()
    assert (imported.created, imported.matched) == (1, 0)  # the anonymised record is no longer linked to the person


def _cli(*args: str, answer: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "curriculum", *args], input=answer, capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "200"})


def test_the_personal_data_commands(people, database_url, tmp_path: Path):
    programme, engine, refs, ids = people
    out = tmp_path / "export" / "girts.json"
    completed = _cli("--db", database_url, "personal-data", "export", refs["Ģirts"], "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["participant"]["last_name"] == "Ķēniņš" and len(data["attendance"]) == 2
    completed = _cli("--db", database_url, "personal-data", "erase", refs["Ģirts"], answer="n\n")
    assert completed.returncode != 0 and "Ģirts Ķēniņš" in completed.stdout and "2 attendance mark(s)" in completed.stdout
    assert _rows_of(engine, ids["Ģirts"])["participants"] == 1  # refused: nothing erased
    completed = _cli("--db", database_url, "personal-data", "erase", refs["Ģirts"], answer="y\n")
    assert completed.returncode == 0, completed.stderr
    assert set(_rows_of(engine, ids["Ģirts"]).values()) == {0}
    completed = _cli("--db", database_url, "personal-data", "erase", refs["Jūratė"], "--anonymise", "--yes")
    assert completed.returncode == 0, completed.stderr
    assert "anonymised" in completed.stdout
    with UnitOfWork(engine) as uow:
        assert uow.session.get(ParticipantRow, ids["Jūratė"]).last_name == "participant"
    completed = _cli("--db", database_url, "personal-data", "export", "P-999999", "--out", str(out))
    assert completed.returncode == 2 and "no participant has the reference 'P-999999'" in completed.stderr and "Traceback" not in completed.stderr
