"""Many documents at once, on every core.

WeasyPrint lays out about ten pages a second on one core, and a guide has
sixty, so building every guide and handbook of a programme is worth spreading
over processes. Each worker loads the programme once (or inherits it from
the parent, see ``use_builder``) and keeps one FontConfiguration for all its
documents. The files are the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ...content import load_programme
from .build import FORMATS, BuiltFile, DocumentBuilder, Format
from .pdf import PdfWriter
from .views import KINDS, Kind


@dataclass(frozen=True)
class Job:
    """One document (a course's guide or handbook in one language) in the formats asked for."""

    programme_folder: Path
    course_id: str
    language: str
    kind: Kind
    out_dir: Path
    formats: tuple[Format, ...] = FORMATS

    @property
    def folder(self) -> Path:
        return self.out_dir / self.course_id / self.language


def plan_jobs(
    builder: DocumentBuilder,
    out_dir: Path,
    course_id: str | None = None,
    languages: Sequence[str] = (),
    formats: Iterable[Format] = FORMATS,
    kinds: Iterable[Kind] = KINDS,
) -> list[Job]:
    formats = tuple(formats)
    return [
        Job(builder.folder, course.id, language, kind, out_dir, formats)
        for course, language in builder.plan(course_id, languages)
        for kind in kinds
    ]


# -- one process ---------------------------------------------------------------

_builders: dict[Path, DocumentBuilder] = {}
_writer: PdfWriter | None = None


def shared_writer() -> PdfWriter:
    """This process's PdfWriter: one font configuration for every document it renders."""
    global _writer
    if _writer is None:
        _writer = PdfWriter([])
    return _writer


def _builder_for(folder: Path) -> DocumentBuilder:
    if folder not in _builders:
        _builders[folder] = DocumentBuilder(load_programme(folder), shared_writer())
    return _builders[folder]


def use_builder(builder: DocumentBuilder) -> None:
    """Build this process's documents of ``builder``'s programme with it (no reloading);
    make the builder with ``shared_writer()`` to share fonts with other programmes."""
    _builders[builder.folder] = builder


def run_job(job: Job) -> list[BuiltFile]:
    builder = _builder_for(job.programme_folder)
    return builder.build(builder.course(job.course_id), job.language, job.out_dir, job.formats, kinds=(job.kind,))


# -- many processes --------------------------------------------------------------

Progress = Callable[[Job, list[BuiltFile], int, int], None]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_jobs(jobs: Sequence[Job], workers: int | None = None, progress: Progress | None = None) -> list[BuiltFile]:
    """Run ``jobs`` on ``workers`` processes (one: in this process); results in the order of ``jobs``."""
    workers = min(workers or default_workers(), len(jobs)) if jobs else 1
    results: dict[int, list[BuiltFile]] = {}
    report = progress or (lambda job, built, done, total: None)
    # The long documents first, so no worker is left with a guide at the end.
    order = sorted(range(len(jobs)), key=lambda index: jobs[index].kind != "guide")
    if workers <= 1:
        for done, index in enumerate(order, start=1):
            results[index] = run_job(jobs[index])
            report(jobs[index], results[index], done, len(jobs))
    else:
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            pending: dict[Future, int] = {pool.submit(run_job, jobs[index]): index for index in order}
            done = 0
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = pending.pop(future)
                    results[index] = future.result()
                    done += 1
                    report(jobs[index], results[index], done, len(jobs))
    return [built for index in range(len(jobs)) for built in results[index]]
