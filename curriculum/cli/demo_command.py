"""demo: the main job, everything on the bundled content."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from ..services.demo import run_demo
from ..store import safe_url
from .common import console, console_err


@click.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), required=True, help="Folder to write everything into (created if missing).")
@click.pass_obj
def demo(obj: dict, out_dir: Path) -> None:
    """Run the whole pipeline on the bundled programmes.

    Loads and validates every programme in course_content/, records their
    content versions in a SQLite database inside OUT (or the database given
    with --db), and writes every output into OUT with an index.html that
    links them all. Running it again updates the same files and records.

    \b
    Example:
      curriculum demo --out demo-output && xdg-open demo-output/index.html
    """
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(), console=console_err, transient=True) as bar:
        task = bar.add_task("starting", total=1)

        def progress(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=max(total, 1))

        result = run_demo(out_dir, obj.get("database_url"), progress=progress, config_file=obj.get("config_file"))
    console.print(f"[bold]curriculum demo[/] wrote {len(result.outputs)} files into {result.out_dir}")
    by_programme: dict[str, list[str]] = {}
    for output in result.outputs:
        by_programme.setdefault(output.programme or "general", []).append(output.label)
    for name, labels in by_programme.items():
        where = f"{name}/" if name != "general" else "schemas/, index.html"
        console.print(f"  {name}: {len(labels)} file(s) in {where}")
    console.print(f"Database: {safe_url(result.database_url)} ({result.new_versions} new content version(s) recorded)")
    console.print(f"Open {result.out_dir / 'index.html'} to see everything.")
    broken = {name: count for name, count in result.problems.items() if count}
    if broken:
        for name, count in broken.items():
            console_err.print(f"[red]{name}: {count} content problem(s)[/]: see {result.out_dir / name / 'validation.txt'}")
        sys.exit(1)
