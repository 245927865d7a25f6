"""From stored certificates to what is handed out: PDFs and Open Badges files.

Everything printed comes from the signed record, so the page says exactly
what the signature covers; the programme adds only what is not a fact about
the person (logos, the funder's acknowledgement, the template folder).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import write_atomically
from ..model import Programme
from ..model.certificate import canonical_json
from ..signing import SigningKey
from .certificates import CertificateError, CertificateRecord

if TYPE_CHECKING:
    from ..render.certificates import CertificateSet, CertificateView

BADGES_FOLDER = "open-badges"
Progress = Callable[[int, int], None]


def _date(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _programme_logos(programme: Programme, programme_folder: Path | None) -> tuple[Path, ...]:
    """The organiser's and the funder's logo files that exist in the programme folder."""
    if programme_folder is None:
        return ()
    names = (programme.organiser.logo, programme.funder.logo if programme.funder is not None else None)
    return tuple((programme_folder / name).resolve() for name in names if name and (programme_folder / name).is_file())


def _acknowledgement(programme: Programme, language: str) -> str | None:
    funder = programme.funder
    return programme.text(funder.acknowledgement, language) if funder is not None and funder.acknowledgement else None


def record_view(record: CertificateRecord, funder_acknowledgement: str | None = None, logos: tuple[Path, ...] = (),
                template_dir: Path | None = None) -> "CertificateView":
    """The view of the signed facts alone: what verification compares with a PDF's text."""
    from ..render.certificates import CertificateView

    if record.signature is None:
        raise CertificateError(f"certificate {record.serial} holds no signed record any more (its personal data was erased)")
    payload = record.payload
    issued_on = _date(payload["issued_on"])
    assert issued_on is not None
    return CertificateView(
        language=payload["language"],
        serial=payload["serial"],
        verification_code=payload["code"],
        verification_url=payload["url"],
        participant_name=payload["name"],
        course_title=payload["course"],
        programme_title=payload["programme"],
        organiser=payload["issuer"],
        issued_on=issued_on,
        period_start=_date(payload.get("period_start")) or issued_on,
        period_end=_date(payload.get("period_end")),
        contact_hours=float(payload["hours"]),
        academic_hours=float(payload["academic_hours"]) if payload.get("academic_hours") is not None else None,
        modules=tuple(payload.get("modules", ())),
        signatories=tuple((name, role) for name, role in payload.get("signatories", ())),
        funder_acknowledgement=funder_acknowledgement,
        logos=logos,
        template_dir=template_dir,
        attachment=record.attachment,
    )


def certificate_views(records: Sequence[CertificateRecord], programme: Programme, programme_folder: Path | None) -> list["CertificateView"]:
    """Views of every printable certificate: revoked, erased and anonymised ones are not printed again.

    The programme's logos and template folder are looked up once for all of them.
    """
    from ..render.documents.templates import override_folder

    logos = _programme_logos(programme, programme_folder)
    template_dir = override_folder(programme_folder) if programme_folder is not None else None
    return [record_view(record, _acknowledgement(programme, record.payload["language"]), logos, template_dir)
            for record in records if record.printable]


@dataclass(frozen=True)
class WrittenCertificates:
    pdfs: "CertificateSet | None"
    badges: list[Path]


def write_badges(records: Sequence[CertificateRecord], key: SigningKey, folder: Path) -> list[Path]:
    """``<serial>.json`` (the Open Badges 3.0 credential) and ``<serial>.jwt`` (it, signed) per printable certificate."""
    from .certificate_badges import badge_credential, sign_credential

    written = []
    for record in records:
        if not record.printable:  # revoked, erased or anonymised: no facts to put in a badge
            continue
        credential = badge_credential(record, key)
        json_file, jwt_file = folder / f"{record.serial}.json", folder / f"{record.serial}.jwt"
        write_atomically(json_file, canonical_json(credential) + b"\n")
        write_atomically(jwt_file, sign_credential(credential, key).encode("ascii") + b"\n")
        written += [json_file, jwt_file]
    return written


def write_certificates(records: Sequence[CertificateRecord], programme: Programme, programme_folder: Path | None, key: SigningKey,
                       out_dir: Path, progress: Progress | None = None) -> WrittenCertificates:
    """Every valid certificate of ``records`` as PDFs (per person, combined, ZIP) and as Open Badges."""
    from ..render.certificates import write_certificate_set

    views = certificate_views(records, programme, programme_folder)
    pdfs = write_certificate_set(views, out_dir, progress=progress) if views else None
    badges = write_badges(records, key, out_dir / BADGES_FOLDER)
    return WrittenCertificates(pdfs, badges)
