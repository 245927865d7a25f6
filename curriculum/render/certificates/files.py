"""A set of certificates on disk: one PDF per person, one for printing, a ZIP.

Every file is written under a temporary name and renamed when complete, so
an interrupted run never leaves a half-written certificate. Nothing about
the moment of writing goes into the files: the same certificates give the
same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .render import Progress, render_all
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
    sha256: dict[str, str]  # serial -> hash of its PDF

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

        writer._root_object[NameObject("/Lang")] = TextStringObject(str(lang))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _file_name(serial: str) -> str:
    if not serial or serial in {".", ".."} or any(char in serial for char in '/\\:*?"<>|\0'):
        raise CertificateRenderError(f"the serial number {serial!r} cannot be a file name")
    return f"{serial}.pdf"


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)


def _zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def write_certificate_set(views: Sequence[CertificateView], out_dir: Path, progress: Progress | None = None) -> CertificateSet:
    """``<serial>.pdf`` per certificate, ``all-certificates.pdf`` and ``certificates.zip`` in ``out_dir``."""
    if not views:
        raise CertificateRenderError("there are no certificates to write")
    names = [_file_name(view.serial) for view in views]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise CertificateRenderError(f"two certificates have the same serial number: {', '.join(name[:-4] for name in repeated)}")
    pdfs, chunk_pdfs = render_all(views, progress, combined=True)
    combined = chunk_pdfs[0] if len(chunk_pdfs) == 1 else combine_certificates(chunk_pdfs)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, pdf in zip(names, pdfs, strict=True):
        _write(out_dir / name, pdf)
        paths.append(out_dir / name)
    _write(out_dir / COMBINED_NAME, combined)
    _write(out_dir / ARCHIVE_NAME, _zip(sorted(zip(names, pdfs, strict=True))))
    return CertificateSet(
        folder=out_dir,
        pdfs=tuple(paths),
        combined=out_dir / COMBINED_NAME,
        archive=out_dir / ARCHIVE_NAME,
        sha256={view.serial: hashlib.sha256(pdf).hexdigest() for view, pdf in zip(views, pdfs, strict=True)},
    )
