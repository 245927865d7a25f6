"""Benchmark: 1,000 certificates, the project's way against the naive way.

Run on demand (pytest does not collect this folder):

    .venv/bin/python tests/benchmarks/bench_certificates.py [--count 1000] [--naive 100] [--steps]

The project's way is ``write_certificate_set``: what the certificates of a
course share (frame, logos, titles, hours, modules, signatures) drawn once
per process as a static layer; per certificate WeasyPrint lays out only the
name, the numbers and the QR code (a chunk of them as the pages of one
document, one FontConfiguration per process) and the static layer is joined
in while the PDF is written; a pool of one process per core; plus the
combined PDF and the ZIP. The naive way is one fresh
``HTML(...).write_pdf()`` per certificate with nothing shared (same template,
stylesheet, metadata and attachment); it is measured on a sample (--naive,
default 100) and its rate scaled to the full count. ``--steps`` also measures
the steps in between on the same sample, each in one process: a shared
FontConfiguration; a chunk as one document; the two layers.

Each way runs in a fresh Python process, so its peak memory is its own:
the process's peak RSS and, for the pool, the peak of the process plus its
workers (sampled every 0.1 s from /proc) and of the largest worker. CPU
time counts every process (steadier than wall time on a busy machine). Certificates are Latvian, Lithuanian, Russian and
English with long names, cycled. Target: at least 5 times the naive
throughput on a 2-core machine, files no larger than the naive way's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "render"))

TARGET_RATIO = 5.0
NAMES = [
    ("lv", "Jevgēņija Ščerbakova-Žukovska"),
    ("lt", "Gražina Čiurlionytė-Šeškuvienė"),
    ("ru", "Ёлкин Щукин-Эйхвальд"),
    ("en", "Anna Bērziņa-Ozoliņa"),
    ("lv", "Ģirts Ķēniņš-Ļaudavs"),
    ("ru", "Анастасия Жукова-Щербакова"),
]


def make_views(count: int):
    from test_certificate_fields import programme_view

    templates = {language: programme_view(language, name, "X") for language, name in NAMES}
    views = []
    for index in range(count):
        language, name = NAMES[index % len(NAMES)]
        code = f"{index:04d}-{(index * 7919) % 10000:04d}-QZ"
        views.append(
            replace(
                templates[language],
                participant_name=f"{name} {index}",
                serial=f"LCC-2010-{index + 1:04d}",
                verification_code=code,
                verification_url=f"https://certificates.example.org/verify/{code.replace('-', '')}",
                attachment=json.dumps({"serial": f"LCC-2010-{index + 1:04d}", "name": name, "code": code}, ensure_ascii=False).encode(),
            )
        )
    return views


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# -- the ways, each run in its own process --------------------------------------------


def naive(views) -> list[bytes]:
    """A fresh WeasyPrint render per certificate: new HTML, new CSS, new fonts, nothing shared."""
    from weasyprint import CSS, HTML, Attachment

    from curriculum.render.certificates.render import ATTACHMENT_NAME
    from curriculum.render.certificates.templates import PACKAGE_FOLDER, batch_html, stylesheet

    pdfs = []
    for view in views:
        html = batch_html([view])
        pdfs.append(
            HTML(string=html, base_url=PACKAGE_FOLDER.as_uri() + "/").write_pdf(
                stylesheets=[CSS(string=stylesheet(None))], attachments=[Attachment(string=view.attachment, name=ATTACHMENT_NAME)]
            )
        )
    return pdfs


def shared_fonts(views) -> list[bytes]:
    """Step 1: one FontConfiguration and parsed stylesheet per process; still one document per certificate, drawn whole."""
    from curriculum.render.certificates.render import _render_whole

    return [_render_whole([view], False)[0][0] for view in views]


def one_document(views) -> list[bytes]:
    """Step 2: a chunk of certificates laid out as the pages of one document, drawn whole, one process."""
    from curriculum.render.certificates.render import _render_whole, chunks

    return [pdf for chunk in chunks(views) for pdf in _render_whole(chunk, False)[0]]


def layers(views) -> list[bytes]:
    """Step 3: what certificates share drawn once (static layer), per certificate only the name, numbers, QR; one process."""
    from curriculum.render.certificates.render import render_all

    return render_all(views, workers=1)[0]


def project(views) -> list[bytes]:
    """The project's way: write_certificate_set (every core, the combined PDF and the ZIP too), with a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from curriculum.render.certificates import write_certificate_set

    with tempfile.TemporaryDirectory() as folder, Progress(
        TextColumn("certificates"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
    ) as bar:
        task = bar.add_task("render", total=len(views))
        written = write_certificate_set(views, Path(folder), progress=lambda done, total: bar.update(task, completed=done))
        return [path.read_bytes() for path in written.pdfs]


WAYS = {"naive": naive, "shared-fonts": shared_fonts, "one-document": one_document, "layers": layers, "project": project}


class TreeMemory:
    """Samples the resident memory of this process and its worker processes (Linux /proc), keeping the peak of the sum."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval, self.peak_total, self.peak_worker = interval, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        found = []
        for task in Path(f"/proc/{pid}/task").glob("*"):
            try:
                found += [int(child) for child in (task / "children").read_text().split()]
            except OSError:
                pass
        return found

    def _run(self) -> None:
        while not self._stop.is_set():
            workers = [self._rss(child) for child in self._children(os.getpid())]
            self.peak_total = max(self.peak_total, self._rss(os.getpid()) + sum(workers))
            self.peak_worker = max([self.peak_worker, *workers])
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure(way: str, count: int, result_file: Path) -> None:
    views = make_views(count)
    import weasyprint  # noqa: F401  (the import is start-up cost, not rendering)

    started, cpu = time.perf_counter(), cpu_seconds()
    with TreeMemory() as memory:
        pdfs = WAYS[way](views)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    sizes = [len(pdf) for pdf in pdfs]
    result = {
        "way": way,
        "count": count,
        "seconds": seconds,
        "cpu": cpu,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tree_peak_mib": memory.peak_total / 2**20,
        "worker_peak_mib": memory.peak_worker / 2**20,
        "sizes": sizes,
    }
    result_file.write_text(json.dumps(result), encoding="utf-8")


def run_way(way: str, count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "result.json"
        subprocess.run([sys.executable, __file__, "--measure", way, "--count", str(count), "--result", str(out)], check=True)
        return json.loads(out.read_text(encoding="utf-8"))


def show(result: dict) -> None:
    rate = result["count"] / result["seconds"]
    sizes = result["sizes"]
    workers = (
        f", with its workers {result['tree_peak_mib']:.0f} MiB (largest worker {result['worker_peak_mib']:.0f} MiB)"
        if result["worker_peak_mib"]
        else ""
    )
    print(
        f"  {result['way']:<13} {result['count']:>5} certificates  {result['seconds']:7.1f} s  {rate:7.1f}/s  "
        f"CPU {result['cpu']:6.1f} s ({result['cpu'] / result['count'] * 1000:5.1f} ms each)  "
        f"peak RSS {result['peak_mib']:.0f} MiB{workers}  "
        f"PDF mean {statistics.mean(sizes) / 1024:.1f} KiB, max {max(sizes) / 1024:.1f} KiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1000, help="certificates for the project's way (default 1000)")
    parser.add_argument("--naive", type=int, default=100, help="certificates for the naive way, scaled to --count (default 100)")
    parser.add_argument("--steps", action="store_true", help="also measure the steps in between on the naive sample")
    parser.add_argument("--measure", choices=sorted(WAYS), help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure, args.count, args.result)
        return

    print(f"bench_certificates: {os.cpu_count()} CPU core(s); each way in a fresh process; timings on a shared machine are noisy")
    naive_result = run_way("naive", args.naive)
    show(naive_result)
    if args.steps:
        for step in ("shared-fonts", "one-document", "layers"):
            show(run_way(step, args.naive))
    result = run_way("project", args.count)
    show(result)
    naive_rate = args.naive / naive_result["seconds"]
    rate = args.count / result["seconds"]
    print(
        f"naive rate measured on {args.naive} and scaled: {args.count} naive certificates would take about {args.count / naive_rate:.0f} s "
        f"(CPU {naive_result['cpu'] / args.naive * args.count:.0f} s)"
    )
    ratio = rate / naive_rate
    cpu_ratio = (naive_result["cpu"] / args.naive) / (result["cpu"] / args.count)
    same = min(args.naive, args.count)
    size_ratio = statistics.mean(result["sizes"][:same]) / statistics.mean(naive_result["sizes"][:same])
    print(f"throughput: {ratio:.1f}x the naive way (target {TARGET_RATIO:.0f}x) - {'met' if ratio >= TARGET_RATIO else 'NOT met'}; CPU per certificate: {cpu_ratio:.1f}x less")
    print(
        f"size of the same {same} certificates: {size_ratio:.3f}x the naive way's "
        f"({'no larger' if size_ratio <= 1.0 else 'LARGER'}); the project's way also wrote all-certificates.pdf and certificates.zip"
    )


if __name__ == "__main__":
    main()
