"""Certificates to PDF, many at a time.

What makes it fast (tests/benchmarks/bench_certificates.py measures each step):

* what the certificates of one course, language and date share is drawn
  once per process: the static layer (layers.py); per certificate WeasyPrint
  lays out and draws only the name, the numbers and the QR code;
* a chunk of certificates is laid out as the pages of ONE WeasyPrint
  document; each page is then written as its own PDF with
  ``Document.copy([page])`` (its own metadata and attachment, fonts subset
  to its own letters);
* one FontConfiguration and the parsed stylesheet per process (the guide's
  ``PdfWriter``), reused by every chunk;
* chunks run on a pool of processes, one per core.

A programme's own template is drawn whole (it may put anything anywhere),
with the same chunks, fonts and pool. The chunks are cut the same way
whatever the number of processes, so the files are the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any

from ...model.certificate import ATTACHMENT_NAME
from ..collector import collector_paused
from ..documents.pdf import PdfWriter
from .labels import certificate_labels
from .layers import PX, LayersClash, QrPlace, StaticLayer, StaticLayers, qr_operators, static_key, underlay
from .templates import PACKAGE_FOLDER, QR_BORDER, Layer, batch_html, document_title, has_override, qr_code, stylesheet
from .view import CertificateRenderError, CertificateView

Progress = Callable[[int, int], None]
"""Called with (certificates done, certificates in all) after each chunk."""

CHUNK = 40

_writer: PdfWriter | None = None
_statics = StaticLayers()


def _shared_writer() -> PdfWriter:
    """This process's fonts and parsed stylesheets, kept for every chunk it renders."""
    global _writer
    if _writer is None:
        _writer = PdfWriter([PACKAGE_FOLDER])
    return _writer


def _roots(views: Sequence[CertificateView]) -> set[Path]:
    roots = {Path(logo).resolve().parent for view in views for logo in view.logos}
    if views[0].template_dir is not None:
        roots.add(Path(views[0].template_dir).resolve())
    return roots


def _metadata(view: CertificateView, attachments: list[Any]) -> Any:
    from weasyprint.pdf.metadata import DocumentMetadata

    return DocumentMetadata(
        title=document_title(view),
        authors=[view.organiser],
        description=view.course_title,
        generator="curriculum",
        lang=view.language,
        attachments=attachments,
    )


def _attachment(view: CertificateView) -> Any:
    from weasyprint import Attachment

    # A fixed date (the issue date), so the same certificate gives the same bytes.
    moment = dt.datetime.combine(view.issued_on, dt.time())
    return Attachment(string=view.attachment, name=ATTACHMENT_NAME, description="Signed certificate record", created=moment, modified=moment)


def _combined_metadata(views: Sequence[CertificateView]) -> Any:
    from weasyprint.pdf.metadata import DocumentMetadata

    first = views[0]
    return DocumentMetadata(
        title=f"{certificate_labels(first.language).title} – {first.course_title}",
        authors=[first.organiser],
        description=first.programme_title,
        generator="curriculum",
        lang=first.language,
    )



def render_chunk(views: Sequence[CertificateView], combined: bool = False) -> tuple[list[bytes], bytes | None]:
    """The PDFs of ``views`` (all with the same template folder); with ``combined``, also one PDF of all their pages."""
    with collector_paused(0):  # collected when the functions below have returned: their documents are garbage by then
        if has_override(views[0].template_dir):
            return _render_whole(views, combined)
        return _render_layered(views, combined)


def _layout(views: Sequence[CertificateView], layer: Layer) -> Any:
    """``views`` laid out as the pages of one WeasyPrint document."""
    from weasyprint import HTML

    writer = _shared_writer()
    writer.allow(_roots(views))
    base = views[0].template_dir
    base_url = (Path(base).resolve() if base is not None else PACKAGE_FOLDER).as_uri() + "/"
    html = batch_html(list(views), layer)
    try:
        return HTML(string=html, base_url=base_url, url_fetcher=writer.fetcher).render(
            stylesheets=writer.stylesheets((stylesheet(base),), base_url), font_config=writer.font_config
        )
    except (OSError, ValueError) as error:
        raise CertificateRenderError(f"certificates {views[0].serial}…{views[-1].serial} cannot be laid out: {error}") from None


def _page_ranges(document: Any, count: int) -> list[tuple[int, int]]:
    starts = [_first_page(document, index) for index in range(count)]
    return list(zip(starts, [*starts[1:], len(document.pages)], strict=True))


def _render_whole(views: Sequence[CertificateView], combined: bool) -> tuple[list[bytes], bytes | None]:
    """Every certificate drawn whole (a programme's own template: it may place anything anywhere)."""
    document = _layout(views, "whole")
    pdfs = []
    for view, (start, end) in zip(views, _page_ranges(document, len(views)), strict=True):
        single = document.copy(document.pages[start:end])
        single.metadata = _metadata(view, [_attachment(view)])
        pdfs.append(single.write_pdf())
    whole = None
    if combined:
        everything = document.copy()
        everything.metadata = _combined_metadata(views)
        whole = everything.write_pdf()
    return pdfs, whole


def _static_layers(views: Sequence[CertificateView]) -> list[StaticLayer]:
    """The static layer of each view: drawn once per group, kept by the process for later chunks.

    This chunk's layers are held in a local dict, not read back from the
    process cache: a chunk may need more distinct layers (people with their
    own dates) than the cache keeps, and drawing the last ones would evict the first.
    """
    layers: dict[tuple, StaticLayer] = {}
    wanted: dict[tuple, CertificateView] = {}
    for view in views:
        key = static_key(view)
        if key in layers or key in wanted:
            continue
        cached = _statics.get(key)
        if cached is not None:
            layers[key] = cached
        else:
            wanted[key] = view
    if wanted:
        document = _layout(list(wanted.values()), "static")
        for (key, view), page in zip(wanted.items(), document.pages, strict=True):
            single = document.copy([page])
            layers[key] = StaticLayer.from_pdf(key, single.write_pdf())
            _statics.put(layers[key])
    return [layers[static_key(view)] for view in views]


def _render_layered(views: Sequence[CertificateView], combined: bool) -> tuple[list[bytes], bytes | None]:
    try:
        return _join_layers(views, combined)
    except LayersClash:
        return _render_whole(views, combined)


def _join_layers(views: Sequence[CertificateView], combined: bool) -> tuple[list[bytes], bytes | None]:
    statics = _static_layers(views)
    document = _layout(views, "variable")
    if len(document.pages) != len(views):
        raise CertificateRenderError("the variable layer of a certificate took more than one page (a name or number too long for its place?)")
    codes = [_qr_place(page, view) for page, view in zip(document.pages, views, strict=True)]
    if None in codes:  # the layout no longer tells where the QR box is: draw whole, with the code as SVG
        raise LayersClash("no place for the QR code")
    pdfs = []
    for view, page, static, code in zip(views, document.pages, statics, codes, strict=True):
        single = document.copy([page])
        single.metadata = _metadata(view, [_attachment(view)])
        pdfs.append(single.write_pdf(finisher=underlay([static], [code])))
    whole = None
    if combined:
        everything = document.copy()
        everything.metadata = _combined_metadata(views)
        whole = everything.write_pdf(finisher=underlay(statics, codes, as_forms=True))
    return pdfs, whole


def _qr_place(page: Any, view: CertificateView) -> bytes | None:
    """The QR code of ``view`` as PDF operators, placed in the (empty) ``class="qr"`` box of the page.

    Read from WeasyPrint's laid-out boxes (``Page._page_box``, not a public
    API): if that changes, certificates are drawn whole instead.
    """
    root = getattr(page, "_page_box", None)
    if root is None:
        return None
    for box in root.descendants(placeholders=True):
        element = getattr(box, "element", None)
        if element is not None and "qr" in (element.get("class") or "").split() and box.width and box.height:
            matrix = tuple(bytes(row) for row in qr_code(view.verification_url).matrix)
            place = QrPlace(box.content_box_x(), box.content_box_y(), min(box.width, box.height), matrix, QR_BORDER)
            return qr_operators(place, page.height * PX)
    return None


def _first_page(document: Any, index: int) -> int:
    anchor = f"certificate-{index}"
    for number, page in enumerate(document.pages):
        if anchor in page.anchors:
            return number
    raise CertificateRenderError(f"the certificate template lost the section of certificate {index + 1} (id '{anchor}')")


# -- many chunks ------------------------------------------------------------------


def chunks(views: Sequence[CertificateView], size: int = CHUNK) -> list[list[CertificateView]]:
    """Runs of at most ``size`` certificates sharing a template folder, in order."""
    out: list[list[CertificateView]] = []
    for view in views:
        if out and len(out[-1]) < size and out[-1][0].template_dir == view.template_dir:
            out[-1].append(view)
        else:
            out.append([view])
    return out


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _fresh_process() -> None:
    """A worker makes its own font configuration (fontconfig state is not shared across fork)."""
    global _writer, _statics
    _writer = None
    _statics = StaticLayers()


Rendered = tuple[int, list[bytes], bytes | None]
"""A chunk done: the index of its first certificate, their PDFs, the chunk's combined PDF (or None)."""


def iter_rendered(
    views: Sequence[CertificateView], progress: Progress | None = None, combined: bool = False, workers: int | None = None
) -> Iterator[Rendered]:
    """The chunks' PDFs as they are done (not in order), on ``workers`` processes (default: one per core)."""
    groups = chunks(views)
    starts = [sum(len(group) for group in groups[:index]) for index in range(len(groups))]
    workers = min(workers or default_workers(), len(groups))
    report = progress or (lambda done, total: None)
    done = 0
    report(0, len(views))
    if workers <= 1:
        for start, group in zip(starts, groups, strict=True):
            pdfs, whole = render_chunk(group, combined)
            done += len(group)
            report(done, len(views))
            yield start, pdfs, whole
        return
    import weasyprint  # noqa: F401  imported once here, inherited by the forked workers

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_fresh_process)
    try:
        pending: dict[Future, int] = {pool.submit(render_chunk, group, combined): index for index, group in enumerate(groups)}
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                pdfs, whole = future.result()
                done += len(groups[index])
                report(done, len(views))
                yield starts[index], pdfs, whole
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # an error: the chunks not started are dropped


def render_all(
    views: Sequence[CertificateView], progress: Progress | None = None, combined: bool = False, workers: int | None = None
) -> tuple[list[bytes], list[bytes]]:
    """Every certificate's PDF in the order of ``views`` (and, with ``combined``, one PDF per chunk, in order)."""
    results = sorted(iter_rendered(views, progress, combined, workers), key=lambda result: result[0])
    return [pdf for _, pdfs, _ in results for pdf in pdfs], [whole for _, _, whole in results if whole is not None]
