"""Benchmark: every trainer's guide and participant handbook of the bundled content.

Run on demand (pytest does not collect this folder):

    .venv/bin/python tests/benchmarks/bench_documents.py [--jobs N] [--format pdf,html] [--keep DIR] [--compare]

Renders, from scratch into an empty folder, the guide and the handbook of
every course in every language of every bundled programme that loads without
problems, as `curriculum build` and `curriculum demo` do (PDF and HTML site,
one shared FontConfiguration per process, one process per core). Prints the
wall time, the CPU time of all processes, documents, PDF pages and pages per
second, then a second run into the same folder (what a rebuild of unchanged
content costs). Target: the first run within a minute here.

``--compare`` first builds everything once more with every section laid
out in every document (no shared layout, render/documents/reuse.py) and
prints the ratio of CPU and wall time. The machine may be busy with other
work: the CPU seconds of all processes are the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from curriculum.content import bundled_content_root, load_all
from curriculum.render.documents import FORMATS, DocumentBuilder
from curriculum.render.documents.batch import default_workers, plan_jobs, run_jobs, shared_writer, use_builder

TARGET_SECONDS = 60


def weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(out_dir: Path, jobs: int, formats: tuple[str, ...], share: bool = True) -> tuple[float, float, list]:
    shared_writer().share_sections = share  # the workers start from a copy of this process
    started, cpu = time.perf_counter(), cpu_seconds()
    job_list = []
    for result in load_all(bundled_content_root()):  # the library read once, as the demo does
        if not result.ok:
            print(f"  skipped {result.folder.name}: {len(result.problems)} content problem(s)")
            continue
        builder = DocumentBuilder(result, shared_writer())
        use_builder(builder)
        job_list += plan_jobs(builder, out_dir / result.folder.name, formats=formats)
    built = run_jobs(job_list, jobs)
    return time.perf_counter() - started, cpu_seconds() - cpu, built


def report(title: str, seconds: float, cpu: float, built: list) -> None:
    pdfs = [item for item in built if item.format == "pdf"]
    pages = sum(item.pages for item in pdfs)
    print(f"{title}: {seconds:.1f} s wall, {cpu:.1f} s CPU, {len(pdfs)} PDFs, {pages} pages" + (f", {pages / seconds:.1f} pages/s" if seconds else ""))
    by_kind = Counter()
    for item in pdfs:
        by_kind[item.kind] += item.pages
    if pdfs:
        for kind, count in sorted(by_kind.items()):
            documents = [item for item in pdfs if item.kind == kind]
            print(f"  {kind}: {len(documents)} documents, {count} pages ({min(d.pages for d in documents)}-{max(d.pages for d in documents)} each)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=default_workers(), help="processes (default: one per core)")
    parser.add_argument("--format", default="pdf,html", help="pdf, html or pdf,html")
    parser.add_argument("--keep", type=Path, help="write into this folder and keep it (default: a temporary folder)")
    parser.add_argument("--compare", action="store_true", help="first a build with no shared layout, for the ratio")
    args = parser.parse_args()
    formats = tuple(part for part in args.format.split(",") if part in FORMATS)

    print(f"bench_documents: {os.cpu_count()} CPU core(s), {args.jobs} process(es), formats {','.join(formats)}")
    print(f"Python {platform.python_version()} at {sys.executable} (base {sys.base_prefix}), WeasyPrint {weasyprint_version()}")
    baseline = None
    if args.compare:
        with tempfile.TemporaryDirectory() as temporary:
            baseline = run(Path(temporary), args.jobs, formats, share=False)
            report("baseline: every section laid out in every document", *baseline)
    with tempfile.TemporaryDirectory() as temporary:
        out = args.keep or Path(temporary)
        seconds, cpu, built = run(out, args.jobs, formats)
        report("first build", seconds, cpu, built)
        again, again_cpu, rebuilt = run(out, args.jobs, formats)
        report("second build, unchanged content", again, again_cpu, rebuilt)
    if baseline is not None:
        print(f"shared layout against the baseline: {cpu / baseline[1]:.2f}x the CPU time, {seconds / baseline[0]:.2f}x the wall time")
    verdict = "within" if seconds <= TARGET_SECONDS else "OVER"
    print(f"{verdict} the target of {TARGET_SECONDS} s for every guide and handbook ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
