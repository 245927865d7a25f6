"""Many documents at once, on every core.

WeasyPrint lays out about ten pages a second on one core, and a guide has
sixty, so building every guide and handbook of a programme is worth spreading
over processes. Each worker loads the programme once (or inherits it from
the parent, see ``use_builder``) and keeps one FontConfiguration for all its
documents. A worker takes all the documents of one programme, language and
kind at a time, so the sections they share (the programme's guide chapters,
often the knowledge check) are laid out once (reuse.py); the heaviest groups
go first, so no worker is left alone with a big one at the end. The files
are the same whatever the number of workers and the order.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ...content import load_programme
from ...model import Course
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
    weight: int = 1  # a rough size, to start the longest work first

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
        Job(builder.folder, course.id, language, kind, out_dir, formats, _weight(builder, course, kind))
        for course, language in builder.plan(course_id, languages)
        for kind in kinds
    ]


def _weight(builder: DocumentBuilder, course: Course, kind: Kind) -> int:
    """About how many pages: a guide has about five per module, a handbook four, plus the chapters."""
    modules = len(builder.programme.course_modules(course))
    return 5 * modules + 3 * len(builder.programme.guide.chapters) + 10 if kind == "guide" else 4 * modules + 8


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


def run_batch(batch: Sequence[Job]) -> list[list[BuiltFile]]:
    """Jobs of one programme, language and kind, one after the other in this process, so the
    sections they share are laid out once (reuse.py); the laid-out sections are let go after."""
    try:
        return [run_job(job) for job in batch]
    finally:
        for job in batch:
            _builder_for(job.programme_folder).pdf_writer.sections.clear()


def _run_numbered(work: tuple[int, list[Job]]) -> tuple[int, list[list[BuiltFile]]]:
    number, batch = work
    return number, run_batch(batch)


def _prepare(jobs: Sequence[Job]) -> None:
    """Import WeasyPrint, compile the templates, load the fonts and the hyphenation
    dictionaries here, once: every worker starts from a copy of this process."""
    import weasyprint  # noqa: F401

    by_programme: dict[Path, list[Job]] = {}
    for job in jobs:
        by_programme.setdefault(job.programme_folder, []).append(job)
    for folder, own in by_programme.items():
        languages = dict.fromkeys(job.language for job in own)
        kinds = dict.fromkeys(job.kind for job in own)
        _builder_for(folder).warm_up(languages, kinds, pdf=any("pdf" in job.formats for job in own))


def _start_worker() -> None:
    """A worker builds one group of documents and ends: its memory goes back whole when it
    does, so Python's cycle collector (about a tenth of the time) never has to run."""
    gc.disable()


def batches(jobs: Sequence[Job]) -> list[list[int]]:
    """Indexes of ``jobs`` grouped by programme, language and kind, the heaviest group first."""
    groups: dict[tuple[Path, str, str], list[int]] = {}
    for index, job in enumerate(jobs):
        groups.setdefault((job.programme_folder, job.language, job.kind), []).append(index)
    return sorted(groups.values(), key=lambda indexes: -sum(jobs[index].weight for index in indexes))


# -- many processes --------------------------------------------------------------

Progress = Callable[[Job, list[BuiltFile], int, int], None]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_jobs(jobs: Sequence[Job], workers: int | None = None, progress: Progress | None = None) -> list[BuiltFile]:
    """Run ``jobs`` on ``workers`` processes (one: in this process); results in the order of ``jobs``."""
    groups = batches(jobs)
    workers = min(workers or default_workers(), len(groups)) if jobs else 1
    results: dict[int, list[BuiltFile]] = {}
    report = progress or (lambda job, built, done, total: None)
    done = 0
    if workers <= 1:
        for group in groups:
            for index, built in zip(group, run_batch([jobs[index] for index in group])):
                results[index] = built
                done += 1
                report(jobs[index], built, done, len(jobs))
    else:
        _prepare(jobs)
        context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        work = [(number, [jobs[index] for index in group]) for number, group in enumerate(groups)]
        with context.Pool(workers, initializer=_start_worker, maxtasksperchild=1) as pool:
            for number, files in pool.imap_unordered(_run_numbered, work, chunksize=1):
                for index, built in zip(groups[number], files):
                    results[index] = built
                    done += 1
                    report(jobs[index], built, done, len(jobs))
    return [built for index in range(len(jobs)) for built in results[index]]
