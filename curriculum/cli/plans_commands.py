"""plans: individual integration plans of participants."""

from __future__ import annotations

import click
from rich.markup import escape
from rich.table import Table

from ..services.plans import create_plan, plan_progress
from ..store import UnitOfWork
from .common import console, open_records, programme_argument


@click.group()
def plans() -> None:
    """Individual integration plans: a person's own goals and assigned learning.

    A plan starts from one of the programme's templates (language, housing,
    work, education goals with suggested modules and events) and shows
    progress from the attendance records.
    """


@plans.command("create")
@click.argument("programme")
@click.argument("ref")
@click.option("--template", "template_id", required=True, help="The plan template's id (see 'curriculum show PROGRAMME').")
@click.option("--lang", "language", help="The plan's language (default: the person's preferred language).")
@click.pass_obj
def plans_create(obj: dict, programme: str, ref: str, template_id: str, language: str | None) -> None:
    """Start REF's plan from a template (an existing plan is kept as it is).

    \b
    Example:
      curriculum plans create 002-asylum-support P-000012 --template newly-recognised-refugee
    """
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        row = create_plan(uow, loaded.programme, ref, template_id, language)
        uow.commit()
        console.print(f"{ref}: plan from '{row.template_id}' in {row.language}")


@plans.command("show")
@click.argument("programme")
@click.argument("ref")
@click.pass_obj
def plans_show(obj: dict, programme: str, ref: str) -> None:
    """Show REF's goals with progress: module hours attended and events joined."""
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        goals = plan_progress(uow, loaded.programme, ref)
    table = Table("goal", "area", "status", "modules attended", "events")
    for goal in goals:
        modules = "—" if goal.modules_percent is None else f"{goal.modules_percent:g}%"
        events = f"{len(goal.events_attended)} of {len(goal.events_assigned)}" if goal.events_assigned else "—"
        table.add_row(escape(goal.title), goal.area, goal.status, modules, events)
    console.print(table)
