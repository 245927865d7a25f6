"""build: the trainer's guide and the participant handbook, as PDF and HTML."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..content import find_programme_folder, load_programme
from ..render.documents import FORMATS, KINDS, DocumentBuilder, DocumentError
from ..render.documents.batch import default_workers, plan_jobs, run_jobs, shared_writer, use_builder
from .common import console, console_err


class ProgrammeNotReadyError(DocumentError):
    """The programme has content problems; documents are built from valid content only."""


def resolve_programme(value: str) -> Path:
    """A programme folder from a path or the name of a bundled programme."""
    return find_programme_folder(value)


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


@click.command()
@click.argument("programme", metavar="PROGRAMME")
@click.option("--lang", "languages", metavar="LL[,LL]", help="Language(s) to build, e.g. lv or lv,ru. Default: every language of each course.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder to write into (created if missing).")
@click.option("--course", "course_id", metavar="ID", help="Build only this course (its id in programme.yaml). Default: every course.")
@click.option("--format", "formats", default="pdf,html", show_default=True, metavar="pdf,html", help="pdf (print-ready A4), html (offline site, one page per module), or both.")
@click.option("--only", "only", type=click.Choice(KINDS), help="Build only the trainer's guide or only the participant handbook.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes to render with. Default: one per CPU core.")
def build(languages: str | None, out_dir: Path, course_id: str | None, formats: str, only: str | None, jobs: int | None, programme: str) -> None:
    """Build the trainer's guide and the participant handbook of each course.

    For every course and language: the trainer's methodological guide (aims,
    preparation, a session plan per module with timing table, trainer notes,
    case studies, adaptations, the knowledge check with answers, an evaluation
    form) and the participant handbook (outcomes, module texts, case studies,
    the knowledge check without answers, space for notes). Each as an A4 PDF
    ready to print and as an offline HTML site. PROGRAMME is a programme
    folder or the name of a bundled one. Files go to
    OUT/<course>/<lang>/<course>-guide-<lang>.pdf, ...-handbook-<lang>.pdf
    and OUT/<course>/<lang>/guide/index.html, .../handbook/index.html.

    An organisation's own templates and stylesheet go in a templates/ folder
    inside the programme folder (see docs/printing.md). A second build of
    unchanged content leaves the PDFs as they are.

    \b
    Examples:
      curriculum build 000-different-client --lang lv --out guides
      curriculum build course_content/004-municipal-competence --out guides --course serving-third-country-nationals
      curriculum build ./my-programme --lang en,ru --format pdf --only guide --out print
    """
    wanted_formats = _split(formats)
    unknown = [value for value in wanted_formats if value not in FORMATS]
    if unknown or not wanted_formats:
        raise click.BadParameter(f"use pdf, html or pdf,html (not {', '.join(unknown) or 'nothing'})", param_hint="--format")
    folder = resolve_programme(programme)
    result = load_programme(folder)
    if not result.ok:
        shown = "\n".join("  " + problem.describe(relative_to=folder.parent) for problem in result.problems[:5])
        more = f"\n  ... and {len(result.problems) - 5} more" if len(result.problems) > 5 else ""
        raise ProgrammeNotReadyError(
            f"{folder.name} has {len(result.problems)} content problem(s); documents are built from valid content only "
            f"(run 'curriculum validate {folder}' to see them all):\n{shown}{more}"
        )
    builder = DocumentBuilder(result, shared_writer())
    kinds = (only,) if only else KINDS
    job_list = plan_jobs(builder, out_dir.resolve(), course_id, _split(languages), tuple(wanted_formats), kinds)  # type: ignore[arg-type]

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console_err, transient=True) as bar:
        task = bar.add_task(f"building {len(job_list)} document(s)", total=len(job_list))

        def progress(job, built, done, total) -> None:  # noqa: ANN001
            bar.update(task, completed=done, description=f"built {job.course_id} {job.kind} ({job.language})")

        use_builder(builder)  # workers start from this process's copy: no reloading
        built = run_jobs(job_list, jobs or default_workers(), progress)

    out = out_dir.resolve()
    table = Table(title=escape(builder.programme.text(builder.programme.title, builder.programme.main_language)), title_justify="left")
    for column in ("course", "lang", "document", "pages", "file (in OUT/<course>/<lang>)"):
        table.add_column(column, justify="right" if column == "pages" else "left", overflow="fold")
    for item in built:
        table.add_row(item.course_id, item.language, f"{item.kind} {item.format.upper()}", str(item.pages) if item.pages else "", escape(_shown(item.path, out / item.course_id / item.language)))
    console.print(table)
    pdfs = [item for item in built if item.format == "pdf"]
    summary = f"{len(built)} file(s)" + (f", {sum(item.pages for item in pdfs)} PDF pages" if pdfs else "")
    console.print(f"[bold]curriculum build[/] wrote {summary} into {escape(_shown(out, Path.cwd()))}")


def _shown(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base)) or "."
    except ValueError:
        return str(path)
