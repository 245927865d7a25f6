"""Individual integration plans: a person's goals, assigned learning and progress.

A plan starts from one of the programme's templates and is then the person's
own. Progress comes from the records: the share of each assigned module's
minutes the person attended, and whether they came to an assigned event.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ..errors import CurriculumError
from ..model import COUNTING_STATUSES, IntegrationPlan, Programme
from ..store import UnitOfWork
from ..store.orm import AttendanceRow, IntegrationPlanRow, ParticipantRow, PlanGoalRow, SessionModuleRow, TrainingSessionRow
from .sessions import session_minutes


@dataclass(frozen=True)
class GoalProgress:
    goal_id: str
    area: str
    title: str
    status: str
    modules_percent: float | None
    events_attended: tuple[str, ...]
    events_assigned: tuple[str, ...]


def participant_by_ref(uow: UnitOfWork, ref: str) -> ParticipantRow:
    assert uow.session is not None
    row = uow.session.scalars(select(ParticipantRow).where(ParticipantRow.external_ref == ref)).one_or_none()
    if row is None:
        raise CurriculumError(f"unknown participant '{ref}' (participant refs look like P-000001)")
    return row


def create_plan(uow: UnitOfWork, programme: Programme, ref: str, template_id: str, language: str | None = None) -> IntegrationPlanRow:
    """Start a person's plan from a template; an existing plan is returned unchanged."""
    template = next((item for item in programme.plan_templates if item.id == template_id), None)
    if template is None:
        known = ", ".join(item.id for item in programme.plan_templates) or "none"
        raise CurriculumError(f"unknown plan template '{template_id}' in {programme.id} (templates: {known})")
    person = participant_by_ref(uow, ref)
    session = uow.session
    assert session is not None
    existing = session.scalars(select(IntegrationPlanRow).where(IntegrationPlanRow.participant_id == person.id, IntegrationPlanRow.programme_id == programme.id)).one_or_none()
    if existing is not None:
        return existing
    language = language or person.preferred_language or programme.main_language
    plan = IntegrationPlan.from_template(template, participant_ref=ref, language=language)
    row = IntegrationPlanRow(participant_id=person.id, programme_id=programme.id, template_id=template.id, language=language)
    session.add(row)
    session.flush()
    session.add_all(
        PlanGoalRow(plan_id=row.id, goal_id=goal.id, area=goal.area.value, title=goal.title, status=goal.status.value, modules=list(goal.modules), events=list(goal.events))
        for goal in plan.goals
    )
    session.flush()
    return row


def plan_progress(uow: UnitOfWork, programme: Programme, ref: str) -> list[GoalProgress]:
    person = participant_by_ref(uow, ref)
    session = uow.session
    assert session is not None
    plan = session.scalars(select(IntegrationPlanRow).where(IntegrationPlanRow.participant_id == person.id, IntegrationPlanRow.programme_id == programme.id)).one_or_none()
    if plan is None:
        raise CurriculumError(f"{ref} has no integration plan in {programme.id}: create one with 'curriculum plans create'")
    goals = session.scalars(select(PlanGoalRow).where(PlanGoalRow.plan_id == plan.id).order_by(PlanGoalRow.id)).all()
    counting = [status.value for status in COUNTING_STATUSES]
    attended = session.execute(
        select(TrainingSessionRow, AttendanceRow.minutes)
        .join(AttendanceRow, AttendanceRow.session_id == TrainingSessionRow.id)
        .where(AttendanceRow.participant_id == person.id, AttendanceRow.status.in_(counting), TrainingSessionRow.programme_id == programme.id)
    ).all()
    session_ids = [row.id for row, _ in attended]
    modules_by_session: dict[int, list[str]] = {}
    for session_id, module_id in session.execute(select(SessionModuleRow.session_id, SessionModuleRow.module_id).where(SessionModuleRow.session_id.in_(session_ids))):
        modules_by_session.setdefault(session_id, []).append(module_id)
    module_minutes: dict[str, int] = {}
    events_attended: set[str] = set()
    for row, minutes in attended:
        covered = modules_by_session.get(row.id, [])
        share = minutes / max(1, session_minutes(row))
        for module_id in covered:
            module = programme.modules.get(module_id)
            if module is not None:
                module_minutes[module_id] = module_minutes.get(module_id, 0) + round(share * module.minutes / len(covered))
        if row.event_id:
            events_attended.add(row.event_id)
    progress = []
    for goal in goals:
        planned = sum(programme.modules[module].minutes for module in goal.modules if module in programme.modules)
        done = sum(min(module_minutes.get(module, 0), programme.modules[module].minutes) for module in goal.modules if module in programme.modules)
        progress.append(
            GoalProgress(
                goal.goal_id, goal.area, goal.title, goal.status,
                round(100 * done / planned, 1) if planned else None,
                tuple(event for event in goal.events if event in events_attended), tuple(goal.events),
            )
        )
    return progress
