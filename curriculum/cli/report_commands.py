"""report, attendance-sheet, personal-data: what goes to funders, trainers and participants."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.markup import escape

from ..errors import CurriculumError
from ..store import UnitOfWork
from .common import console, open_records, programme_argument

PROGRAMME_HELP = "PROGRAMME is a programme folder, a bundled folder name (000-different-client) or a programme id (different-client)."
LABEL_LANGUAGES = ("lv", "lt", "ru", "en")


def _language(loaded, language: str | None) -> str | None:  # type: ignore[no-untyped-def]
    if language is None:
        return None
    language = language.lower()
    known = set(LABEL_LANGUAGES) | set(loaded.programme.languages)
    if language not in known:
        raise CurriculumError(f"'{language}' is not a language of this report: use one of {', '.join(sorted(known))}")
    return language


@click.command()
@click.argument("programme")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write report.xlsx and report.pdf into.")
@click.option("--lang", "language", metavar="LL", help="Language of the report: lv, lt, ru or en (default: the programme's first language).")
@click.option("--per", "period", type=click.Choice(["month", "quarter"]), help="Break the figures down per month or per quarter (default: months for programmes up to 18 months long).")
@click.pass_obj
def report(obj: dict, programme: str, out_dir: Path, language: str | None, period: str | None) -> None:
    """Write the funder indicators report of PROGRAMME as XLSX and PDF.

    The figures come from the records: participants reached by target group
    and organisation, minors reached, sessions held and contact hours per
    course, per event kind and per month or quarter, events held (round
    tables, discussions, camps ...), completion rate per course and
    certificates issued. The XLSX has one tidy table per sheet; the PDF is
    A4 with the organiser's and funder's names, logos and acknowledgement.

    \b
    Examples:
      curriculum report 001-integration-centre --out reports/
      curriculum report municipal-competence --out reports/lt --lang lt --per quarter
    """
    from ..render.report import report_pdf, report_workbook
    from ..services.indicators import compute_indicators

    loaded = programme_argument(programme)
    lang = _language(loaded, language)
    with UnitOfWork(open_records(obj)) as uow:
        figures = compute_indicators(uow, loaded.programme, period)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.xlsx").write_bytes(report_workbook(loaded.programme, figures, lang))
    (out_dir / "report.pdf").write_bytes(report_pdf(loaded.programme, figures, lang, loaded.folder))
    console.print(f"wrote {escape(str(out_dir / 'report.xlsx'))} and {escape(str(out_dir / 'report.pdf'))}")
    console.print(
        f"{figures.participants_reached} participants reached ({figures.minors_reached} minors), {figures.sessions_held} sessions held, "
        f"{figures.contact_hours:g} contact hours, {figures.completed} of {figures.enrolments} enrolments completed, "
        f"{figures.certificates_issued} certificates issued"
    )


@click.command("attendance-sheet")
@click.argument("programme")
@click.argument("session_code")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF file to write.")
@click.option("--lang", "language", metavar="LL", help="Language of the sheet: lv, lt, ru or en (default: the programme's first language).")
@click.option("--blank-rows", type=click.IntRange(0, 200), help="Empty rows for people who are not on the list (default: 5, or 20 when nobody is enrolled).")
@click.pass_obj
def attendance_sheet(obj: dict, programme: str, session_code: str, out_file: Path, language: str | None, blank_rows: int | None) -> None:
    """Write the printable sign-in sheet of one session as a PDF.

    Landscape A4: programme, course or event, date, time, venue, trainers
    and modules covered; one row per expected participant (the session's
    group, else everyone enrolled) with a signature column; numbered empty
    rows for walk-ins; a line for each trainer's signature. Record what was
    signed with 'curriculum attendance template' and 'attendance import'.

    \b
    Example:
      curriculum attendance-sheet 001-integration-centre latvian-a1/evening/2009-09-07-1800 --out sheets/a1-01.pdf
    """
    from ..render.signin import signin_sheet_pdf

    loaded = programme_argument(programme)
    lang = _language(loaded, language)
    with UnitOfWork(open_records(obj)) as uow:
        data = signin_sheet_pdf(uow, loaded.programme, session_code, lang, loaded.folder, blank_rows)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_bytes(data)
    console.print(f"wrote {escape(str(out_file))}")


@click.group("personal-data")
def personal_data() -> None:
    """Export, erase or anonymise everything held about one participant.

    A participant is named by their reference (P-000001), as shown by
    'curriculum completion' and in attendance templates. Erasing deletes the
    person and every row about them; --anonymise instead replaces names,
    e-mail, organisation, position and guardian with neutral values and keeps
    target group and attendance, so the funder's counts stay the same.
    """


@personal_data.command("export")
@click.argument("ref")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The JSON file to write.")
@click.pass_obj
def personal_data_export(obj: dict, ref: str, out_file: Path) -> None:
    """Write everything held about participant REF as JSON.

    The participant record, enrolments, attendance (with session codes and
    dates), knowledge-check results, integration plan and goals, and
    certificates: the answer to a subject access request.

    \b
    Example:
      curriculum personal-data export P-000001 --out P-000001.json
    """
    from ..services.personal_data import export_participant

    with UnitOfWork(open_records(obj)) as uow:
        data = export_participant(uow, ref)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    console.print(f"wrote {escape(str(out_file))}: {len(data['enrolments'])} enrolment(s), {len(data['attendance'])} attendance mark(s)")


@personal_data.command("erase")
@click.argument("ref")
@click.option("--anonymise", "--anonymize", "anonymise", is_flag=True, help="Keep the rows for the counts, replace what identifies the person.")
@click.option("--yes", "-y", "assume_yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def personal_data_erase(obj: dict, ref: str, anonymise: bool, assume_yes: bool) -> None:
    """Erase participant REF, or anonymise them with --anonymise.

    Erasing deletes the person with their enrolments, attendance, check
    results, integration plan and certificates: the counts in reports go
    down. Anonymising keeps all of that under a neutral name and a new
    reference. Either way it happens in one transaction and cannot be
    undone: export first if the person asked for a copy.

    \b
    Examples:
      curriculum personal-data erase P-000001
      curriculum personal-data erase P-000002 --anonymise --yes
    """
    from ..services.personal_data import anonymise_participant, erase_participant, export_participant

    engine = open_records(obj)
    with UnitOfWork(engine) as uow:
        held = export_participant(uow, ref)
    person = held["participant"]
    what = (
        f"{person['first_name']} {person['last_name']} ({ref}): {len(held['enrolments'])} enrolment(s), {len(held['attendance'])} attendance mark(s), "
        f"{len(held['check_results'])} check result(s), {len(held['integration_plans'])} integration plan(s), {len(held['certificates'])} certificate(s)"
    )
    if not assume_yes:
        action = "Anonymise" if anonymise else "Erase"
        click.confirm(f"{action} {what}? This cannot be undone", abort=True)
    with UnitOfWork(engine) as uow:
        if anonymise:
            summary = anonymise_participant(uow, ref)
            uow.commit()
            console.print(f"anonymised {escape(ref)}: now {summary.new_ref}; kept {summary.kept_enrolments} enrolment(s) and {summary.kept_attendance} attendance mark(s)")
        else:
            erased = erase_participant(uow, ref)
            uow.commit()
            console.print(f"erased {escape(ref)} with {erased.describe()}")
