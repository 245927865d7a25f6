"""The pilot run the main job makes: seed figures mirrored, and repeatable."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from curriculum.content import load_valid_programme
from curriculum.services.completion import compute_completion
from curriculum.services.pilot import run_pilot
from curriculum.services.plans import plan_progress
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import AttendanceRow, EnrolmentRow, IntegrationPlanRow, ParticipantRow, TrainingSessionRow


def _pilot(engine, name: str, out: Path):
    programme = load_valid_programme(name).programme
    with UnitOfWork(engine) as uow:
        result = run_pilot(uow, programme, out)
        uow.commit()
    return programme, result


def _scalar(engine, query):
    with UnitOfWork(engine) as uow:
        return uow.session.scalar(query)


def test_the_integration_centre_pilot_mirrors_the_seed(database_url, tmp_path: Path):
    engine = open_database(database_url)
    programme, _ = _pilot(engine, "integration-centre", tmp_path)
    enrolled = lambda course: _scalar(engine, select(func.count()).select_from(EnrolmentRow).where(EnrolmentRow.course_id == course))  # noqa: E731
    assert enrolled("latvian-a1") == 10
    assert enrolled("working-in-latvia") == 12
    round_tables = _scalar(engine, select(func.count()).select_from(TrainingSessionRow).where(TrainingSessionRow.event_id == "round-tables"))
    assert round_tables == 3
    with UnitOfWork(engine) as uow:
        lines = compute_completion(uow, programme, "latvian-a1")
    assert len(lines) == 10
    assert any(line.decision.completed for line in lines) and any(not line.decision.completed for line in lines)
    assert all(line.decision.reasons for line in lines if not line.decision.completed)


def test_the_asylum_pilot_holds_five_discussions_and_plans_with_progress(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'r.db'}")
    programme, _ = _pilot(engine, "asylum-support", tmp_path)
    discussions = [event.id for event in programme.events if event.kind.value == "discussion"]
    held = _scalar(engine, select(func.count()).select_from(TrainingSessionRow).where(TrainingSessionRow.event_id.in_(discussions)))
    assert held == 5
    with UnitOfWork(engine) as uow:
        refs = uow.session.scalars(select(ParticipantRow.external_ref).join(IntegrationPlanRow, IntegrationPlanRow.participant_id == ParticipantRow.id)).all()
        assert refs
        progress = plan_progress(uow, programme, refs[0])
    assert progress and any(goal.modules_percent for goal in progress)


def test_the_camp_has_25_children_with_guardian_consent_and_daily_attendance(tmp_path: Path):
    engine = open_database(f"sqlite:///{tmp_path / 'r.db'}")
    programme, _ = _pilot(engine, "roma-incubator", tmp_path)
    camp = next(event for event in programme.events if event.kind.value == "camp")
    with UnitOfWork(engine) as uow:
        children = uow.session.scalars(select(ParticipantRow).where(ParticipantRow.is_minor.is_(True))).all()
        days = uow.session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.event_id == camp.id)).all()
        marks = uow.session.scalar(select(func.count()).select_from(AttendanceRow).where(AttendanceRow.session_id.in_([day.id for day in days])))
    assert len(children) == 25
    assert all(child.guardian_consent_on and child.guardian_name and child.email is None for child in children)
    assert len(days) == 3
    assert marks == 75


@pytest.mark.parametrize("name", ["different-client", "municipal-competence"])
def test_running_the_pilot_twice_changes_nothing(tmp_path: Path, name: str):
    engine = open_database(f"sqlite:///{tmp_path / 'r.db'}")
    counts = []
    for _ in range(2):
        _pilot(engine, name, tmp_path)
        counts.append(tuple(_scalar(engine, select(func.count()).select_from(table)) for table in (ParticipantRow, EnrolmentRow, TrainingSessionRow, AttendanceRow)))
    assert counts[0] == counts[1]
    assert all(counts[0])
