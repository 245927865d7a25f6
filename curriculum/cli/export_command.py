"""export: hand a course to a learning platform as a file its admin imports."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from ..content import find_programme_folder, load_programme
from ..content.loader import LoadResult
from ..errors import ContentError
from .common import console, console_err, open_records


@click.group()
def export() -> None:
    """Export a course for a learning platform (LMS).

    \b
    Examples:
      curriculum export scorm 000-different-client --course social-workers-course --lang lv
      curriculum export scorm course_content/004-municipal-competence \\
          --course serving-third-country-nationals --lang lt --version 2004 --out course.zip
      curriculum export moodle-backup 000-different-client --course social-workers-course --lang lv
      curriculum export cartridge 000-different-client --course social-workers-course --lang en
      curriculum export questions 000-different-client --course social-workers-course --format gift
      curriculum export moodle-users 000-different-client
    """


def _programme_folder(name: str) -> Path:
    return find_programme_folder(name)


def _load(programme: str) -> LoadResult:
    """The programme, valid; otherwise its first problems are listed and ContentError raised."""
    folder = _programme_folder(programme)
    result = load_programme(folder)
    try:
        result.require()
    except ContentError as error:
        for problem in error.problems[:10]:
            console_err.print("  " + escape(problem.describe(relative_to=folder.parent)), soft_wrap=True)
        if len(error.problems) > 10:
            console_err.print(f"  ... and {len(error.problems) - 10} more")
        console_err.print(f"Fix the content first (curriculum validate {escape(str(folder))} lists every problem).")
        raise
    return result


def _course_language(loaded, course_id: str, language: str | None) -> str:
    course = loaded.course(course_id)
    return language or (loaded.course_languages(course)[0] if course else loaded.main_language)


def _wrote(path: Path, what: str) -> None:
    console.print(f"Wrote {escape(str(path))} ({path.stat().st_size / 1024:.0f} KB): {what}")


@export.command()
@click.argument("programme", metavar="PROGRAMME")
@click.option("--course", "course_id", required=True, metavar="ID", help="The course to export (its id in programme.yaml).")
@click.option("--lang", "language", metavar="LL", help="Language of the package (default: the course's first language).")
@click.option(
    "--version",
    "version",
    type=click.Choice(["1.2", "2004"]),
    default="1.2",
    show_default=True,
    help="SCORM 1.2 (Moodle's player is certified for it) or SCORM 2004 4th edition (sequenced: modules in order, the check last).",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The zip to write (default: <programme>-<course>-<lang>-scorm<version>.zip in the working folder).",
)
@click.option(
    "--pass-mark",
    "pass_mark",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Score needed to pass the knowledge check (default: the course's completion.pass_mark_percent, else 80).",
)
def scorm(programme: str, course_id: str, language: str | None, version: str, out: Path | None, pass_mark: float | None) -> None:
    """Write one course in one language as a SCORM package (a zip) for Moodle or any LMS.

    PROGRAMME is a programme folder or the name of a bundled one, such as
    000-different-client. Each module becomes its own SCO, tracked and
    resumed on its own; the course's knowledge check comes last as a scored
    SCO that reports every answer and the score. The same input always gives
    the same bytes. In Moodle: Add an activity or resource > SCORM package,
    and upload the zip (docs/scorm.md says which settings to choose).

    \b
    Examples:
      curriculum export scorm 000-different-client --course social-workers-course --lang lv
      curriculum export scorm 000-different-client --course social-workers-course --lang ru --version 2004
      curriculum export scorm course_content/003-roma-incubator --course roma-mediator-training --out mediators.zip
    """
    from lms_adapters.scorm import module_folders, package_filename, plan_package, write_scorm_package

    result = _load(programme)
    loaded = result.require()
    language = _course_language(loaded, course_id, language)
    folders = module_folders(result)
    plan = plan_package(loaded, course_id, language, version, pass_mark, folders)
    target = out or Path(package_filename(loaded, course_id, language, version))
    write_scorm_package(loaded, course_id, language, version, out=target, pass_mark_percent=pass_mark, module_folders=folders)
    size = target.stat().st_size
    check = f"knowledge check of {len(plan.questions)} question(s), pass mark {plan.pass_mark_percent:g} %" if plan.has_check else "no knowledge check"
    console.print(
        f"Wrote {escape(str(target))} ({size / 1024:.0f} KB): SCORM {version}, "
        f"'{escape(plan.title)}' in {language}, {len(plan.modules)} module(s), {check}."
    )


_COURSE = click.option("--course", "course_id", required=True, metavar="ID", help="The course to export (its id in programme.yaml).")
_LANGUAGE = click.option("--lang", "language", metavar="LL", help="Language of the file (default: the course's first language).")
_OUT_DIR = click.option(
    "--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True, help="The folder to write into."
)


@export.command("moodle-backup")
@click.argument("programme", metavar="PROGRAMME")
@_COURSE
@_LANGUAGE
@_OUT_DIR
@click.option(
    "--scorm-version", type=click.Choice(["1.2", "2004"]), default="1.2", show_default=True,
    help="Version of the SCORM package inside the backup (Moodle's player is certified for 1.2).",
)
def moodle_backup(programme: str, course_id: str, language: str | None, out_dir: Path, scorm_version: str) -> None:
    """Write one course in one language as a Moodle course backup (.mbz) an admin restores.

    The backup has a section per module, named after it and in order, with the
    module's learner text as a page and the trainer notes as a page hidden from
    students; section 0 holds the course summary and the whole course as a SCORM
    activity with completion (the knowledge check is its last, scored part).
    Restore it on the server with
    php admin/cli/restore_backup.php --file=FILE.mbz --categoryid=N
    or from Site administration > Courses > Restore course.

    \b
    Examples:
      curriculum export moodle-backup 000-different-client --course social-workers-course --lang lv
      curriculum export moodle-backup 004-municipal-competence --course serving-third-country-nationals --lang lt --out backups
    """
    from lms_adapters.moodle.backup import plan_backup, write_planned_backup
    from lms_adapters.scorm import module_folders

    result = _load(programme)
    loaded = result.require()
    language = _course_language(loaded, course_id, language)
    folders = module_folders(result)
    plan = plan_backup(loaded, course_id, language, scorm_version=scorm_version, module_folders=folders)
    path = write_planned_backup(plan, out_dir)
    _wrote(path, f"Moodle backup of '{escape(plan.fullname)}' in {language}, {len(plan.sections) - 1} section(s), {len(plan.activities)} activities, course idnumber {escape(plan.idnumber)}.")
    console.print(f"Restore: php admin/cli/restore_backup.php --file={escape(str(path.resolve()))} --categoryid=<category id>", soft_wrap=True)


@export.command()
@click.argument("programme", metavar="PROGRAMME")
@_COURSE
@_LANGUAGE
@_OUT_DIR
def cartridge(programme: str, course_id: str, language: str | None, out_dir: Path) -> None:
    """Write one course in one language as an IMS Common Cartridge 1.1 (.imscc).

    The portable package: Moodle (web restore page only), Canvas, Blackboard,
    Brightspace and Sakai import it. One item per module with its learner text as
    a page, the knowledge check as a quiz (QTI). Trainer notes are left out. For
    Moodle the course backup keeps sections and names better.

    \b
    Examples:
      curriculum export cartridge 000-different-client --course social-workers-course --lang en
      curriculum export cartridge 003-roma-incubator --course roma-mediator-training --out cartridges
    """
    from lms_adapters.moodle.cartridge import write_cartridge

    loaded = _load(programme).require()
    language = _course_language(loaded, course_id, language)
    path = write_cartridge(loaded, course_id, language, out_dir)
    _wrote(path, f"Common Cartridge 1.1 in {language}.")


@export.command()
@click.argument("programme", metavar="PROGRAMME")
@_COURSE
@_LANGUAGE
@_OUT_DIR
@click.option("--format", "format_", type=click.Choice(["xml", "gift"]), default="xml", show_default=True, help="Moodle XML or GIFT (plain text).")
def questions(programme: str, course_id: str, language: str | None, out_dir: Path, format_: str) -> None:
    """Write a course's knowledge check as a question bank Moodle imports.

    In Moodle: Course > More > Question bank > Import, pick the same format and
    upload the file. Questions land in a category named after the course, one
    sub-category per module.

    \b
    Examples:
      curriculum export questions 000-different-client --course social-workers-course --lang lv
      curriculum export questions 000-different-client --course social-workers-course --lang ru --format gift
    """
    from lms_adapters.moodle.questions import question_bank, write_question_bank

    loaded = _load(programme).require()
    language = _course_language(loaded, course_id, language)
    count = len(question_bank(loaded, course_id, language).questions)
    path = write_question_bank(loaded, course_id, language, format_, out_dir)
    _wrote(path, f"{count} question(s), {'Moodle XML' if format_ == 'xml' else 'GIFT'}, {language}.")


@export.command("moodle-users")
@click.argument("programme", metavar="PROGRAMME")
@_OUT_DIR
@click.pass_obj
def moodle_users(obj: dict, programme: str, out_dir: Path) -> None:
    """Write the programme's participants and enrolments as Moodle's Upload users CSV.

    Read from the records (the global --db option). One row per person with a
    stable username, their courses (short name in their language), role
    student, group and cohort (target group). People without an e-mail address
    get one on the reserved .invalid domain and emailstop=1: Moodle sends them
    nothing. In Moodle: Site administration > Users > Upload users.

    \b
    Examples:
      curriculum export moodle-users 000-different-client
      curriculum --db postgresql+psycopg://localhost/training export moodle-users 001-integration-centre --out moodle
    """
    from lms_adapters.moodle.users_csv import write_upload_users_csv

    from ..services.moodle_files import upload_users
    from ..store import UnitOfWork

    loaded = _load(programme).require()
    engine = open_records(obj)
    try:
        with UnitOfWork(engine) as uow:
            users = upload_users(uow, loaded)
    finally:
        engine.dispose()
    if not users:
        console_err.print(f"No one is enrolled in a course of {escape(loaded.id)} in the records: nothing to write.")
        return
    path = write_upload_users_csv(loaded, users, out_dir)
    _wrote(path, f"{len(users)} participant(s) with {sum(len(user.enrolments) for user in users)} enrolment(s).")
