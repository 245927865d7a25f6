"""publish moodle, moodle check, moodle pull: a programme to and from a Moodle site."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

from ..errors import CurriculumError
from .common import console, console_err, open_records, programme_argument, settings

PROGRAMME_HELP = "PROGRAMME is a programme folder, a bundled folder name (000-different-client) or a programme id."
URL_HELP = "The Moodle site's address (default: CURRICULUM_MOODLE_URL or [moodle] url in curriculum.toml)."
TOKEN_HELP = "A web-service token (default: CURRICULUM_MOODLE_TOKEN or [moodle] token in curriculum.toml; prefer those, a token on the command line stays in the shell history)."


def _client(obj: dict, url: str | None, token: str | None):
    from lms_adapters.moodle.webservice import MoodleClient

    site = settings(obj).moodle
    url, token = url or site.url, token or site.token
    if not url or not token:
        raise CurriculumError(
            "no Moodle site is set up: give --url and --token, set CURRICULUM_MOODLE_URL and CURRICULUM_MOODLE_TOKEN, "
            "or write [moodle] url and token in curriculum.toml"
        )
    return MoodleClient(url, token)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), console=console_err, transient=True, disable=not console_err.is_terminal)


def _quiet_http_logs() -> None:
    # httpx logs every request at INFO; the command prints its own summary.
    logging.getLogger("httpx").setLevel(logging.WARNING)


@click.group()
def publish() -> None:
    """Publish a programme to a learning platform over its web services.

    \b
    Example:
      curriculum publish moodle 000-different-client --dry-run
    """


@publish.command("moodle")
@click.argument("programme")
@click.option("--lang", "languages", multiple=True, metavar="LL", help="Publish only this language (repeat for several). Default: every language of each course.")
@click.option("--dry-run", is_flag=True, help="Read Moodle and print what would be created, updated or left alone; write nothing.")
@click.option("--url", metavar="URL", help=URL_HELP)
@click.option("--token", metavar="TOKEN", help=TOKEN_HELP)
@click.option("--teacher", "teachers", multiple=True, metavar="EMAIL", help="Enrol this Moodle user (found by e-mail) as editing teacher in every course (repeat for several).")
@click.option("--template-course", "template_courses", multiple=True, metavar="[COURSE[:LL]=]ID",
              help="Create new courses by duplicating a Moodle course an admin restored from a backup, so they arrive with content: "
              "ID for every course, or COURSE=ID / COURSE:LL=ID for one course (repeat for several).")
@click.option("--backups", "backups", type=click.Path(file_okay=False, path_type=Path), default=Path("moodle-backups"), show_default=True,
              help="Folder to write each course's Moodle backup (.mbz) into, for the restore command printed at the end.")
@click.option("--no-backups", is_flag=True, help="Do not write backups (only print how content gets in).")
@click.pass_obj
def publish_moodle(obj: dict, programme: str, languages: tuple[str, ...], dry_run: bool, url: str | None, token: str | None,
                   teachers: tuple[str, ...], template_courses: tuple[str, ...], backups: Path, no_backups: bool) -> None:
    """Publish PROGRAMME to Moodle: a category, a course per course and language
    (one section per module, completion on), the participants as users,
    their enrolments, a group per session group, a cohort per target group
    and, where the site has mod_attendance, the scheduled sessions.

    \b
    Moodle is read first and only what differs is written, in batches: a
    second publish changes nothing, and a publish that was cut short is
    finished by running it again. Web services cannot add activities, so the
    command ends by printing how the content gets in (the restore command
    for each course's backup), unless --template-course is given.

    \b
    Examples:
      curriculum publish moodle 000-different-client --dry-run
      curriculum publish moodle 000-different-client --lang lv --teacher anna.berzina@example.lv
      CURRICULUM_MOODLE_URL=https://moodle.example.lv CURRICULUM_MOODLE_TOKEN=... \\
          curriculum publish moodle 001-integration-centre --template-course latvian-a1:lv=42
    """
    from lms_adapters.moodle.publish import apply_plan, plan_publish, unchanged_report

    from ..services.moodle_publish import build_publish_request
    from ..store import UnitOfWork

    _quiet_http_logs()
    loaded = programme_argument(programme)
    with UnitOfWork(open_records(obj)) as uow:
        request = build_publish_request(uow, loaded.programme, languages, teachers, _templates(template_courses))
    with _client(obj, url, token) as client:
        plan, state = plan_publish(client, request)
        info = state.site
        console.print(f"Moodle: {escape(info.sitename)} ({escape(info.release)}), as {escape(info.username)}"
                      + ("" if info.has_attendance else "; no mod_attendance on this site"))
        _print_plan(plan)
        if dry_run:
            console.print("Dry run: nothing was written to Moodle.")
            for note in request.notes:
                console.print(f"Note: {escape(note)}")
            return
        if not plan.writes_needed:
            report = unchanged_report(state, request)
            console.print("Moodle already holds all of this: nothing was written.")
        else:
            with _progress() as bar:
                task = bar.add_task("publishing", total=8)
                report = apply_plan(client, request, state, lambda label, done, total: bar.update(task, description=label, completed=done, total=total))
            done = ", ".join(f"{count} {kind}(s)" for kind, count in report.created.items()) or "nothing new"
            changed = ", ".join(f"{count} {kind}(s)" for kind, count in report.updated.items())
            console.print(f"Created {done}" + (f"; updated {changed}" if changed else "") + f" ({len(client.write_calls)} write calls, {len(client.calls)} in all).")
        for note in [*request.notes, *report.notes]:
            console.print(f"Note: {escape(note)}")
        _content_instructions(loaded, request, report, None if no_backups else backups)


def _print_plan(plan) -> None:
    table = Table(title="Plan", title_justify="left")
    for column in ("object", "create", "update", "unchanged", "skipped"):
        table.add_column(column, justify="left" if column == "object" else "right")
    for kind, counter in plan.counts().items():
        table.add_row(kind, *(str(counter.get(action, 0) or "") for action in ("create", "update", "unchanged", "skipped")))
    console.print(table)
    details = [item for item in plan.items if item.kind in ("category", "course", "group", "cohort", "attendance") or (item.kind == "section" and item.action != "unchanged")]
    if details:
        listing = Table(show_header=True)
        for column in ("object", "name", "action", "detail"):
            listing.add_column(column)
        for item in details:
            listing.add_row(item.kind, escape(item.name), item.action, escape(item.detail))
        console.print(listing)


def _templates(values: tuple[str, ...]) -> dict[str, int]:
    templates = {}
    for value in values:
        key, _, number = value.rpartition("=")
        if not number.strip().isdigit():
            raise click.BadParameter(f"'{value}' is not a Moodle course id: write ID, COURSE=ID or COURSE:LL=ID", param_hint="--template-course")
        templates[key.strip() or "*"] = int(number)
    return templates


def _content_instructions(loaded, request, report, backups: Path | None) -> None:
    copied = [course for course in request.courses if course.template_course_id]
    for course in copied:
        console.print(f"{escape(course.shortname)}: made from template course {course.template_course_id}, with its content (when it was new).")
    request = replace(request, courses=tuple(course for course in request.courses if not course.template_course_id))
    if not request.courses:
        return
    console.print("Web services cannot add activities. To bring each course's content in, restore its backup on the Moodle server:")
    written = {}
    if backups is not None:
        from lms_adapters.moodle.backup import write_course_backup

        backups.mkdir(parents=True, exist_ok=True)
        for course in request.courses:
            written[course.idnumber] = write_course_backup(loaded.programme, course.course_id, course.language, backups).resolve()
    for course in request.courses:
        path = written.get(course.idnumber)
        if path is None:
            from lms_adapters.moodle.backup import backup_file_name

            path = Path("moodle-backups") / backup_file_name(loaded.programme, course.course_id, course.language)
        console.print(f"  php admin/cli/restore_backup.php --file={escape(str(path))} --categoryid={report.category_id}", soft_wrap=True)
    if not written:
        console.print("(the backups were not written: run again without --no-backups, or use 'curriculum export moodle-backup')")
    console.print("(copy the files to the server first; a restored course arrives as a new course in the programme's category, "
                  "or restore into the published course from its page: More > Restore)")


@click.group()
def moodle() -> None:
    """Work with a Moodle site: check the connection, pull results back.

    \b
    Examples:
      curriculum moodle check
      curriculum moodle pull 000-different-client
    """


@moodle.command("check")
@click.option("--url", metavar="URL", help=URL_HELP)
@click.option("--token", metavar="TOKEN", help=TOKEN_HELP)
@click.pass_obj
def moodle_check(obj: dict, url: str | None, token: str | None) -> None:
    """Check the site address and token, and list the functions publish and pull need that the token's service lacks.

    \b
    Example:
      curriculum moodle check --url https://moodle.example.lv
    """
    from lms_adapters.moodle.publish import READ_FUNCTIONS, WRITE_FUNCTIONS
    from lms_adapters.moodle.pull import PULL_FUNCTIONS

    _quiet_http_logs()
    with _client(obj, url, token) as client:
        info = client.site_info()
    console.print(f"Moodle: {escape(info.sitename)} ({escape(info.release)}), token of {escape(info.username)}")
    for purpose, functions in (("publish", (*READ_FUNCTIONS, *WRITE_FUNCTIONS)), ("pull", PULL_FUNCTIONS)):
        missing = sorted(set(functions) - info.functions)
        console.print(f"{purpose}: " + ("ready" if not missing else f"missing {', '.join(missing)}"))
    console.print("mod_attendance: " + ("present" if info.has_attendance else "not available (sessions are not published)"))


@moodle.command("pull")
@click.argument("programme")
@click.option("--lang", "languages", multiple=True, metavar="LL", help="Pull only this language's courses (repeat for several).")
@click.option("--url", metavar="URL", help=URL_HELP)
@click.option("--token", metavar="TOKEN", help=TOKEN_HELP)
@click.pass_obj
def moodle_pull(obj: dict, programme: str, languages: tuple[str, ...], url: str | None, token: str | None) -> None:
    """Bring results back from Moodle into the records: activity and course
    completion, SCORM scores (as knowledge-check results) and attendance
    marks, so the e-learning part counts toward completion and certificates.

    \b
    Only people and sessions the records know are updated; pulling again
    replaces what the last pull wrote. Everything is stored in one
    transaction: a failed pull changes nothing.

    \b
    Example:
      curriculum moodle pull 000-different-client
    """
    from ..services.moodle_pull import pull_results
    from ..store import UnitOfWork

    _quiet_http_logs()
    loaded = programme_argument(programme)
    with _client(obj, url, token) as client, UnitOfWork(open_records(obj)) as uow:
        summary = pull_results(uow, client, loaded.programme, languages)
        uow.commit()
    for line in summary.lines():
        console.print(escape(line))
