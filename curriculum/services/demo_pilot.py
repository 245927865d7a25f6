"""The demo's records step: a pilot run per programme, then its calendars,
attendance templates, completion tables and integration plans."""

from __future__ import annotations

import csv
import json

from sqlalchemy import select

from ..render.spreadsheets import attendance_template
from ..store import UnitOfWork, open_database
from ..store.orm import CourseGroupRow, IntegrationPlanRow, ParticipantRow, TrainingSessionRow
from .attendance import sheet_rows
from .completion import compute_completion
from .demo_context import DemoContext, DemoResult, Output
from .pilot import run_pilot
from .plans import plan_progress
from .sessions import calendar_for, session_minutes


def run_pilots(context: DemoContext, result: DemoResult) -> list[Output]:
    outputs: list[Output] = []
    engine = open_database(context.database_url)
    for index, item in enumerate(context.programmes):
        programme = item.programme
        assert programme is not None
        name = item.folder.name
        context.progress(f"pilot run of {name}", index, len(context.programmes))
        folder = context.folder_for(item) / "records"
        folder.mkdir(parents=True, exist_ok=True)
        with UnitOfWork(engine) as uow:
            pilot = run_pilot(uow, programme, folder, context.version_ids.get(programme.id))
            uow.commit()
        outputs += [Output(label, path, name) for label, path in pilot.files]
        with UnitOfWork(engine) as uow:
            for course in programme.courses:
                lines = compute_completion(uow, programme, course.id)
                file = folder / f"completion-{course.id}.csv"
                with file.open("w", encoding="utf-8-sig", newline="") as handle:
                    writer = csv.writer(handle, delimiter=";")
                    writer.writerow(["ref", "participant", "organisation", "group", "hours", "percent", "completed", "why not"])
                    for line in lines:
                        decision = line.decision
                        writer.writerow([line.ref, line.name, line.organisation or "", line.group or "", f"{decision.attended_hours:g}", f"{decision.percent:g}", "yes" if decision.completed else "no", "; ".join(decision.reasons)])
                outputs.append(Output(f"completion of {course.id} (CSV)", file, name))
                groups = uow.session.scalars(select(CourseGroupRow.code).where(CourseGroupRow.programme_id == programme.id, CourseGroupRow.course_id == course.id).order_by(CourseGroupRow.code)).all()
                for group in groups:
                    calendar = folder / f"calendar-{course.id}-{group}.ics"
                    calendar.write_bytes(calendar_for(uow, programme, course.id, group))
                    outputs.append(Output(f"calendar of {course.id}, group {group} (iCalendar)", calendar, name))
                first = uow.session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.course_id == course.id).order_by(TrainingSessionRow.date, TrainingSessionRow.code).limit(1)).first()
                if first is not None:
                    found, people = sheet_rows(uow, programme, first.code)
                    template = folder / f"attendance-template-{course.id}.xlsx"
                    template.write_bytes(attendance_template(found.code, f"{found.date:%Y-%m-%d}", session_minutes(found), [(p.external_ref or "", p.first_name, p.last_name, p.organisation or "") for p in people]))
                    outputs.append(Output(f"attendance template, first session of {course.id} (XLSX)", template, name))
            for event in programme.events:
                if event.days:
                    calendar = folder / f"calendar-{event.id}.ics"
                    calendar.write_bytes(calendar_for(uow, programme, event.id, None))
                    outputs.append(Output(f"calendar of {event.id} (iCalendar)", calendar, name))
            refs = uow.session.scalars(
                select(ParticipantRow.external_ref).join(IntegrationPlanRow, IntegrationPlanRow.participant_id == ParticipantRow.id).where(IntegrationPlanRow.programme_id == programme.id).order_by(ParticipantRow.id)
            ).all()
            if refs:
                plans = {ref: [goal.__dict__ for goal in plan_progress(uow, programme, ref)] for ref in refs}
                file = folder / "integration-plans.json"
                file.write_text(json.dumps(plans, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
                outputs.append(Output("individual integration plans with progress (JSON)", file, name))
    engine.dispose()
    return outputs
