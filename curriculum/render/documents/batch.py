"""Many documents at once, on every core.

WeasyPrint lays out about ten pages a second on one core, and a guide has
sixty, so building every guide and handbook of a programme is worth spreading
over processes. Each worker loads the programme once and keeps one
FontConfiguration for all its documents. The files are the same whatever the
number of workers.

A PDF whose inputs (the HTML, the stylesheets, every file they refer to and
the WeasyPrint version) have not changed since the last build is left as it
is: ``.built/<name>.pdf.json`` beside each PDF records what it was made from
(and the PDF's own hash, so a file edited by hand is built again).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from ...content import load_programme
from .build import FORMATS, BuiltFile, DocumentBuilder, Format, document_file_name
from .pdf import PdfWriter
from .views import KINDS, Kind

RECORD_FOLDER = ".built"


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
    course = builder.course(job.course_id)
    title = builder.programme.text(course.title, job.language)
    pdf_name = document_file_name(job.course_id, job.kind, job.language)
    built = []
    if "pdf" in job.formats:
        target = job.folder / pdf_name
        html = builder.print_html(course, job.language, job.kind)
        stylesheets = builder.stylesheets(job.language, job.kind)
        fingerprint = _fingerprint(html, stylesheets, builder)
        pages = _unchanged(target, fingerprint)
        if pages is None:
            pages = builder.pdf_writer.write(html, target, stylesheets, base_url=builder.folder.as_uri() + "/")
            _record(target, fingerprint, pages)
        built.append(BuiltFile(job.course_id, job.language, job.kind, "pdf", target, pages, title))
    if "html" in job.formats:
        index = builder.write_site(course, job.language, job.kind, job.folder / job.kind, pdf_name if "pdf" in job.formats else None)
        built.append(BuiltFile(job.course_id, job.language, job.kind, "html", index, 0, title))
    return built


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


# -- leaving unchanged PDFs alone ------------------------------------------------


def _fingerprint(html: str, stylesheets: tuple[str, ...], builder: DocumentBuilder) -> str:
    import weasyprint

    from .pdf import PDF_OPTIONS

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, json.dumps(PDF_OPTIONS, sort_keys=True), html, *stylesheets):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    # Files the document refers to (logos, images): their bytes, not only their names.
    for path in sorted(set(_referenced_files(html))):
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def _referenced_files(html: str) -> Iterable[Path]:
    from urllib.parse import unquote, urlparse

    start = 0
    while (start := html.find('src="file://', start)) != -1:
        end = html.find('"', start + 5)
        yield Path(unquote(urlparse(html[start + 5 : end]).path))
        start = end


def _record_file(target: Path) -> Path:
    return target.parent / RECORD_FOLDER / f"{target.name}.json"


def _unchanged(target: Path, fingerprint: str) -> int | None:
    """The page count of ``target`` if it was built from exactly these inputs and not touched since."""
    try:
        record = json.loads(_record_file(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != fingerprint or not target.is_file():
        return None
    if hashlib.sha256(target.read_bytes()).hexdigest() != record.get("sha256"):
        return None
    return int(record.get("pages", 0)) or None


def _record(target: Path, fingerprint: str, pages: int) -> None:
    """One small file per PDF, so workers building the same folder never overwrite each other's."""
    record = {"inputs": fingerprint, "sha256": hashlib.sha256(target.read_bytes()).hexdigest(), "pages": pages}
    file = _record_file(target)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
