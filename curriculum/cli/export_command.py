"""export: hand a course to a learning platform as a file its admin imports."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from ..content import find_programme_folder, load_programme
from ..errors import ContentError
from .common import console, console_err


@click.group()
def export() -> None:
    """Export a course for a learning platform (LMS).

    \b
    Examples:
      curriculum export scorm 000-different-client --course social-workers-course --lang lv
      curriculum export scorm course_content/004-municipal-competence \\
          --course serving-third-country-nationals --lang lt --version 2004 --out course.zip
    """


def _programme_folder(name: str) -> Path:
    return find_programme_folder(name)


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

    folder = _programme_folder(programme)
    result = load_programme(folder)
    try:
        loaded = result.require()
    except ContentError as error:
        for problem in error.problems[:10]:
            console_err.print("  " + escape(problem.describe(relative_to=folder.parent)), soft_wrap=True)
        if len(error.problems) > 10:
            console_err.print(f"  ... and {len(error.problems) - 10} more")
        console_err.print(f"Fix the content first (curriculum validate {escape(str(folder))} lists every problem).")
        raise
    course = loaded.course(course_id)
    language = language or (loaded.course_languages(course)[0] if course else loaded.main_language)
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
