"""participants, sessions, attendance, completion: running a programme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table
from sqlalchemy import select

from ..errors import CurriculumError
from ..model import AttendanceStatus
from ..render.spreadsheets import attendance_template
from ..services.attendance import import_attendance, parse_status, record_session, sheet_rows
from ..services.completion import compute_completion
from ..services.content_versions import register_content_version
from ..services.participants import import_participants
from ..services.sessions import SessionPlan, calendar_for, read_schedule, schedule_sessions, session_minutes
from ..store import UnitOfWork
from ..store.orm import TrainingSessionRow
from .common import console, open_records, programme_argument

PROGRAMME_HELP = "PROGRAMME is a programme folder, a bundled folder name (000-different-client) or a programme id (different-client)."


@click.group()
def participants() -> None:
    """Import participants from CSV or Excel and enrol them in courses.

    Files from employers work as they come: a byte-order mark, ';' or ','
    separators, headers in English, Latvian, Lithuanian or Russian
    (first name / Vārds / Vardas / Имя ...). An import is all or nothing:
    if any row is wrong, nothing is stored and every bad row is listed with
    its row number and column.
    """


@participants.command("import")
@click.argument("programme")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--course", "course_id", help="Enrol everyone in this course.")
@click.option("--group", help="Put everyone in this course group (a 'group' column in the file wins).")
@click.pass_obj
def participants_import(obj: dict, programme: str, file: Path, course_id: str | None, group: str | None) -> None:
    """Import participants from FILE (.csv or .xlsx).

    \b
    Columns: first_name, last_name, email, organisation, position,
    target_group, language, group; for minors is_minor, guardian_name,
    guardian_consent_on. The same e-mail (or the same name in the same
    organisation) is the same person: known people are matched, not copied.

    \b
    Example:
      curriculum participants import 000-different-client staff.xlsx --course social-workers-course --group riga-1
    """
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        summary = import_participants(uow, loaded.programme, file, course_id, group)
        uow.commit()
    console.print(
        f"{file.name}: {summary.created} new, {summary.matched} already known"
        + (f"; {summary.enrolled} enrolled in {course_id}, {summary.already_enrolled} were already" if course_id else "")
    )


@click.group()
def sessions() -> None:
    """Schedule the sessions of courses and events, and export calendars."""


@sessions.command("add")
@click.argument("programme")
@click.option("--course", help="The course the session belongs to.")
@click.option("--event", help="Or the event it belongs to.")
@click.option("--group", help="The course group that meets.")
@click.option("--date", "date_", required=True, type=click.DateTime(["%Y-%m-%d"]), help="Date, YYYY-MM-DD.")
@click.option("--start", required=True, help="Start time, HH:MM.")
@click.option("--end", required=True, help="End time, HH:MM.")
@click.option("--venue", help="Where it takes place.")
@click.option("--online-url", help="Link for an online session.")
@click.option("--trainer", "trainers", multiple=True, help="A trainer (repeat for several).")
@click.option("--module", "modules", multiple=True, help="A module covered (repeat for several).")
@click.option("--code", help="A stable name for the session (default: course/group/date-time).")
@click.pass_obj
def sessions_add(obj: dict, programme: str, course: str | None, event: str | None, group: str | None, date_: dt.datetime, start: str, end: str,
                 venue: str | None, online_url: str | None, trainers: tuple[str, ...], modules: tuple[str, ...], code: str | None) -> None:
    """Schedule one session. Adding the same code again updates it.

    \b
    Example:
      curriculum sessions add 001-integration-centre --course latvian-a1 --group evening \\
        --date 2009-09-07 --start 18:00 --end 21:00 --venue "Rīga, Lāčplēša iela 1" \\
        --trainer "Anna Bērziņa" --module latvian-a1-first-contacts
    """
    loaded = programme_argument(programme)
    try:
        plan = SessionPlan(code=code, course=course, event=event, group=group, date=date_.date(), start=start, end=end, venue=venue,
                           online_url=online_url, trainers=trainers, modules=modules)
    except ValueError as error:
        raise click.BadParameter(str(error).splitlines()[-1] if "\n" in str(error) else str(error)) from None
    with UnitOfWork(open_records(obj)) as uow:
        version_id, _ = register_content_version(uow, loaded.programme, loaded.content_hash)
        summary = schedule_sessions(uow, loaded.programme, [plan], version_id, source="sessions add")
        uow.commit()
    console.print(f"{'scheduled' if summary.created else 'updated'} {summary.codes[0]}")


@sessions.command("schedule")
@click.argument("programme")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@click.pass_obj
def sessions_schedule(obj: dict, programme: str, file: Path) -> None:
    """Schedule every session in a YAML schedule FILE (all or none).

    \b
    The file lists sessions and multi-day events:
      sessions:
        - {course: latvian-a1, group: evening, date: 2009-09-07, start: "18:00", end: "21:00",
           modules: [latvian-a1-first-contacts], trainers: [Anna Bērziņa]}
      events:
        - {event: holiday-academy, first_day: 2015-07-06, venue: Daugavpils}
    A multi-day event gets one session per day of its programme.
    """
    loaded = programme_argument(programme)
    plans = read_schedule(file, loaded.programme)
    with UnitOfWork(open_records(obj)) as uow:
        version_id, _ = register_content_version(uow, loaded.programme, loaded.content_hash)
        summary = schedule_sessions(uow, loaded.programme, plans, version_id, source=file.name)
        uow.commit()
    console.print(f"{file.name}: {summary.created} scheduled, {summary.updated} updated")


@sessions.command("list")
@click.argument("programme")
@click.pass_obj
def sessions_list(obj: dict, programme: str) -> None:
    """List the scheduled sessions of a programme."""
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        rows = uow.session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == loaded.programme.id).order_by(TrainingSessionRow.date, TrainingSessionRow.start_time)).all()
        table = Table("code", "date", "time", "course / event", "venue")
        for row in rows:
            table.add_row(escape(row.code), f"{row.date:%Y-%m-%d}", f"{row.start_time:%H:%M}–{row.end_time:%H:%M}", row.course_id or row.event_id or "", escape(row.venue or row.online_url or ""))
    console.print(table)


@sessions.command("ics")
@click.argument("programme")
@click.argument("activity")
@click.option("--group", help="Only this group's sessions.")
@click.option("--lang", "language", help="Language of the titles (default: the programme's first).")
@click.option("--out", "out_file", required=True, type=click.Path(path_type=Path), help="The .ics file to write.")
@click.pass_obj
def sessions_ics(obj: dict, programme: str, activity: str, group: str | None, language: str | None, out_file: Path) -> None:
    """Export a course's or event's sessions as an iCalendar (.ics) file.

    Calendar programs (Outlook, Google Calendar, Thunderbird) import it.
    """
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        data = calendar_for(uow, loaded.programme, activity, group, language)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(data)
    console.print(f"wrote {out_file}")


@click.group()
def attendance() -> None:
    """Sign-in sheets, attendance templates, and recording who came.

    Statuses: present, late, excused, absent. Present counts the whole
    session; late counts the minutes written; excused and absent count 0.
    Recording a session again replaces what was recorded, never duplicates.
    """


@attendance.command("template")
@click.argument("programme")
@click.argument("session_code")
@click.option("--out", "out_file", required=True, type=click.Path(path_type=Path), help="The .xlsx file to write.")
@click.pass_obj
def attendance_template_command(obj: dict, programme: str, session_code: str, out_file: Path) -> None:
    """Write an Excel attendance template for a session, with its participants listed."""
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        found, people = sheet_rows(uow, loaded.programme, session_code)
        data = attendance_template(found.code, f"{found.date:%Y-%m-%d}", session_minutes(found), [(p.external_ref or "", p.first_name, p.last_name, p.organisation or "") for p in people])
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(data)
    console.print(f"wrote {out_file} ({len(people)} participants)")


@attendance.command("import")
@click.argument("programme")
@click.argument("file", type=click.Path(path_type=Path))
@click.pass_obj
def attendance_import(obj: dict, programme: str, file: Path) -> None:
    """Import a filled attendance template (.xlsx or .csv): all rows or none."""
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        count = import_attendance(uow, loaded.programme, file)
        uow.commit()
    console.print(f"{file.name}: {count} attendance marks recorded")


@attendance.command("record")
@click.argument("programme")
@click.argument("session_code")
@click.argument("marks", nargs=-1, required=True)
@click.pass_obj
def attendance_record(obj: dict, programme: str, session_code: str, marks: tuple[str, ...]) -> None:
    """Record attendance for one session: REF=STATUS or REF=late:MINUTES.

    \b
    Example:
      curriculum attendance record 001-integration-centre latvian-a1/evening/2009-09-07-1800 \\
        P-000001=present P-000002=late:150 P-000003=excused
    """
    loaded = programme_argument(programme)
    parsed: dict[str, tuple[AttendanceStatus, int | None]] = {}
    for mark in marks:
        ref, _, value = mark.partition("=")
        status_text, _, minutes_text = value.partition(":")
        status = parse_status(status_text)
        if not ref or status is None:
            raise click.BadParameter(f"'{mark}': write REF=present, REF=late:MINUTES, REF=excused or REF=absent")
        if status is AttendanceStatus.LATE and not minutes_text.isdigit():
            raise click.BadParameter(f"'{mark}': a late arrival needs the minutes attended, e.g. {ref}=late:90")
        parsed[ref] = (status, int(minutes_text) if minutes_text.isdigit() else None)
    with UnitOfWork(open_records(obj)) as uow:
        count = record_session(uow, loaded.programme, session_code, parsed)
        uow.commit()
    console.print(f"{session_code}: {count} marks recorded")


@click.command()
@click.argument("course_id")
@click.option("--programme", help="The programme, when more than one has a course with this id. " + PROGRAMME_HELP)
@click.pass_obj
def completion(obj: dict, course_id: str, programme: str | None) -> None:
    """Show who completed COURSE_ID: hours, percentage, status and why not.

    The course's rule decides: the minimum share of contact hours, the
    mandatory modules, and the knowledge check's pass mark where one is set.
    Exit code 0; the table is the answer.

    \b
    Example:
      curriculum completion latvian-a1
    """
    loaded = _programme_with_course(course_id, programme)
    with UnitOfWork(open_records(obj)) as uow:
        lines = compute_completion(uow, loaded.programme, course_id)
    table = Table("ref", "participant", "group", "hours", "%", "status", "why not")
    for line in lines:
        decision = line.decision
        status = "[green]completed[/]" if decision.completed else "[red]not completed[/]"
        table.add_row(line.ref, escape(line.name), escape(line.group or ""), f"{decision.attended_hours:g}", f"{decision.percent:g}", status, escape("; ".join(decision.reasons)))
    console.print(table)
    done = sum(line.decision.completed for line in lines)
    console.print(f"{done} of {len(lines)} completed")


def _programme_with_course(course_id: str, programme: str | None):
    from ..content import bundled_content_root, discover_programmes, load_programme

    if programme:
        return programme_argument(programme)
    matches = []
    for folder in discover_programmes(bundled_content_root()):
        result = load_programme(folder)
        if result.programme is not None and result.programme.course(course_id) is not None:
            matches.append(result)
    if not matches:
        raise CurriculumError(f"no bundled programme has a course '{course_id}'; name the programme with --programme")
    if len(matches) > 1:
        raise CurriculumError(f"several programmes have a course '{course_id}' ({', '.join(m.programme.id for m in matches)}): add --programme")
    matches[0].require()
    return matches[0]
