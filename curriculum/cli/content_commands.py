"""validate, show, schema: working with content folders."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.markup import escape
from rich.tree import Tree

from ..content import bundled_content_root
from ..content.schema import content_schemas
from ..model import StudyMode
from ..services.validation import completeness, validate_path
from .common import console, console_err


def _default_paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    return paths or (bundled_content_root(),)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check programme folders and report every problem at once.

    PATHS may be a programme folder, the _library folder, or a folder of
    programmes (default: the bundled course_content). Each problem names the
    file, the line and the field. Exit code 0 when all is well, 1 otherwise.

    \b
    Examples:
      curriculum validate course_content/000-different-client
      curriculum validate course_content
    """
    total = 0
    for path in _default_paths(paths):
        for checked in validate_path(path):
            base = checked.folder.parent
            if checked.problems:
                console.print(f"[bold red]✗ {escape(checked.name)}[/]: {len(checked.problems)} problem(s)")
                for problem in checked.problems:
                    console.print("  " + escape(problem.describe(relative_to=base)), soft_wrap=True)
            else:
                console.print(f"[green]✓ {escape(checked.name)}[/]: no problems")
            total += len(checked.problems)
    if total:
        console_err.print(f"{total} problem(s) found.")
        sys.exit(1)


@click.command()
@click.argument("path", type=click.Path(path_type=Path), required=False)
@click.option("--lang", "language", metavar="LL", help="Language to show the titles in (default: the programme's first).")
def show(path: Path | None, language: str | None) -> None:
    """Print a programme as a tree: courses, modules, hours, events, languages.

    The last lines show how complete each language is (texts translated out
    of texts written). PATH defaults to every bundled programme.
    """
    for checked in validate_path(path or bundled_content_root()):
        programme = checked.programme
        if programme is None:
            if checked.name != "library":
                console_err.print(f"{checked.name}: cannot be shown, run 'curriculum validate' to see why")
            continue
        lang = language or programme.main_language
        text = lambda value: escape(programme.text(value, lang))  # noqa: E731
        period = f"{programme.period.start:%Y-%m-%d} – {programme.period.end:%Y-%m-%d}"
        tree = Tree(f"[bold]{text(programme.title)}[/] ({programme.id}, {period}, languages: {', '.join(programme.languages)})")
        tree.add(f"organiser: {text(programme.organiser.name)}")
        if programme.funder:
            tree.add(f"funder: {text(programme.funder.name)}")
        groups = programme.all_target_groups()
        for course in programme.courses:
            names = ", ".join(text(groups[group].name) if group in groups else group for group in course.target_groups)
            branch = tree.add(
                f"[bold cyan]course[/] {text(course.title)} [dim]({course.id})[/] — {course.hours.contact:g} h contact"
                + (f" + {course.hours.self_study:g} h self-study" if course.hours.self_study else "")
                + f", {course.hours.academic_hours:g} academic h, {course.delivery.value}; for {names}"
            )
            for index, (ref, module) in enumerate(programme.course_modules(course), start=1):
                adapted = programme.modules[ref.module].adaptation_for(course.target_group_of(ref))
                note = f" [magenta](adapted for {course.target_group_of(ref)})[/]" if adapted else ""
                mode = " self-study" if course.mode_of(ref) is StudyMode.SELF_STUDY else ""
                branch.add(f"{index}. {text(module.title)} [dim]({module.id})[/] — {module.minutes} min{mode}, {len(module.activities)} activities, {len(module.assessment.questions)} questions{note}")
            branch.add(f"[dim]knowledge check: {len(programme.knowledge_check(course))} questions[/]")
        for event in programme.events:
            times = f" ×{event.occurrences}" if event.occurrences > 1 else ""
            days = f", {len(event.days)} days" if event.days else ""
            tree.add(f"[bold yellow]event[/] {text(event.title)} [dim]({event.id}, {event.kind.value}{times}{days})[/]")
        if programme.guide.chapters:
            guide = tree.add(f"[bold green]guide[/] {text(programme.guide.title) or 'methodological guide'}")
            for chapter in programme.guide.chapters:
                guide.add(text(chapter.title))
        if programme.plan_templates:
            plans = tree.add("[bold]integration plan templates[/]")
            for template in programme.plan_templates:
                plans.add(f"{text(template.title)} — {len(template.goals)} goals")
        languages = tree.add("completeness")
        for code, (present, expected) in completeness(programme).items():
            share = 100 * present / expected if expected else 100
            colour = "green" if present == expected else "yellow"
            languages.add(f"[{colour}]{code}: {present}/{expected} texts ({share:.0f}%)[/]")
        if checked.problems:
            tree.add(f"[red]{len(checked.problems)} problem(s): run 'curriculum validate {checked.folder}'[/]")
        console.print(tree)


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path(".schemas"), show_default=True, help="Folder to write the schema files into.")
@click.option("--print", "print_kind", type=click.Choice(["programme", "module", "target-groups"]), help="Print one schema to standard output instead of writing files.")
def schema(out_dir: Path, print_kind: str | None) -> None:
    """Write JSON Schemas of the content format for your editor.

    Writes programme.schema.json, module.schema.json and
    target-groups.schema.json. docs/content-format.md shows how to point the
    VS Code YAML extension at them so it completes and checks as you type.
    """
    schemas = content_schemas()
    if print_kind:
        click.echo(json.dumps(schemas[f"{print_kind}.schema.json"], indent=2, ensure_ascii=False))
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, body in schemas.items():
        (out_dir / name).write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        console.print(f"wrote {out_dir / name}")
