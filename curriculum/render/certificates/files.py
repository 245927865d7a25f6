"""A set of certificates on disk: one PDF per person, one for printing, a ZIP.

Every file is written under a temporary name and renamed when complete, so
an interrupted run never leaves a half-written certificate. Nothing about
the moment of writing goes into the files: the same certificates give the
same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .render import Progress, iter_rendered, render_all
from .templates import check_logos
from .view import CertificateRenderError, CertificateView

COMBINED_NAME = "all-certificates.pdf"
ARCHIVE_NAME = "certificates.zip"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class CertificateSet:
    """What ``write_certificate_set`` wrote."""

    folder: Path
    pdfs: tuple[Path, ...]  # one per certificate, in the order given
    combined: Path  # every certificate, for printing
    archive: Path  # the per-person PDFs in one ZIP

    def __len__(self) -> int:
        return len(self.pdfs)


def render_certificates(views: Sequence[CertificateView], progress: Progress | None = None) -> list[bytes]:
    """One PDF per certificate, in the order of ``views``."""
    if not views:
        return []
    return render_all(views, progress)[0]


def combine_certificates(pdfs: Sequence[bytes]) -> bytes:
    """One PDF with the pages of ``pdfs`` in order, for printing (the records they carry are left out)."""
    from pypdf import PdfReader, PdfWriter

    if not pdfs:
        raise CertificateRenderError("there are no certificates to combine")
    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)), import_outline=False)
    first = PdfReader(io.BytesIO(pdfs[0])).metadata or {}
    writer.add_metadata({key: str(first[key]) for key in ("/Title", "/Author") if key in first})
    lang = PdfReader(io.BytesIO(pdfs[0])).trailer["/Root"].get("/Lang")
    if lang is not None:
        from pypdf.generic import NameObject, TextStringObject

        writer.root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _file_name(serial: str) -> str:
    if not serial or serial in {".", ".."} or any(char in serial for char in '/\\:*?"<>|\0'):
        raise CertificateRenderError(f"the serial number {serial!r} cannot be a file name")
    return f"{serial}.pdf"


def _write_part(target: Path, data: bytes) -> Path:
    """``data`` under ``target``'s temporary name; renamed when the whole set is written."""
    part = target.with_name(target.name + ".part")
    part.write_bytes(data)
    return part


def _zip(target: Path, files: Sequence[tuple[str, Path]]) -> Path:
    """A ZIP of the files (name in the archive, file on disk) with fixed dates under ``target``'s temporary name."""
    part = target.with_name(target.name + ".part")
    with zipfile.ZipFile(part, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return part


def write_certificate_set(views: Sequence[CertificateView], out_dir: Path, progress: Progress | None = None) -> CertificateSet:
    """``<serial>.pdf`` per certificate, ``all-certificates.pdf`` and ``certificates.zip`` in ``out_dir``.

    PDFs go to disk as their chunk is done (the process never holds them all)
    under temporary names, renamed once every file is complete; on an error
    the temporary files are removed and nothing is left half-written.
    """
    if not views:
        raise CertificateRenderError("there are no certificates to write")
    names = [_file_name(view.serial) for view in views]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise CertificateRenderError(f"two certificates have the same serial number: {', '.join(name[:-4] for name in repeated)}")
    for view in views:
        check_logos(view)  # reported before any work; a broken template stops the run and leaves nothing
    out_dir.mkdir(parents=True, exist_ok=True)
    parts: dict[Path, Path] = {}
    try:
        wholes: dict[int, bytes] = {}
        for start, pdfs, whole in iter_rendered(views, progress, combined=True):
            for offset, pdf in enumerate(pdfs):
                target = out_dir / names[start + offset]
                parts[target] = _write_part(target, pdf)
            if whole is not None:
                wholes[start] = whole
        chunk_pdfs = [wholes[start] for start in sorted(wholes)]
        combined = chunk_pdfs[0] if len(chunk_pdfs) == 1 else combine_certificates(chunk_pdfs)
        parts[out_dir / COMBINED_NAME] = _write_part(out_dir / COMBINED_NAME, combined)
        parts[out_dir / ARCHIVE_NAME] = _zip(out_dir / ARCHIVE_NAME, [(name, parts[out_dir / name]) for name in sorted(names)])
    except BaseException:
        for part in parts.values():
            part.unlink(missing_ok=True)
        raise
    for target, part in parts.items():
        part.replace(target)
    return CertificateSet(
        folder=out_dir,
        pdfs=tuple(out_dir / name for name in names),
        combined=out_dir / COMBINED_NAME,
        archive=out_dir / ARCHIVE_NAME,
    )
