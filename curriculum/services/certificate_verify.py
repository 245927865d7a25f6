"""Is this certificate genuine? For a verification code or a PDF file.

A code is looked up in the register: valid, revoked or unknown. A PDF is
checked three ways, and any mismatch makes it "altered":

1. the signed record it carries (the ``certificate.json`` attachment) must
   hold a good Ed25519 signature by a key this register published;
2. the register must hold the same certificate (same code, same signature);
   a revoked one is reported as revoked;
3. what is printed on the page (the name, hours, dates, serial and code, as
   pypdf reads them) and the document's title and author must be what the
   signed record says: someone who edits the name in the page content, or
   in the metadata, is caught here.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import CurriculumError
from ..model.certificate import ATTACHMENT_NAME, CertificateStatus, canonical_json
from ..signing import verify_signature
from ..store import UnitOfWork
from .certificates import CertificateRecord, find_by_code, find_certificate, public_keys

class NotACertificateFileError(CurriculumError):
    """The file given to verify is not a PDF."""


@dataclass(frozen=True)
class Verification:
    status: CertificateStatus
    message: str
    facts: dict[str, Any] = field(default_factory=dict)  # the signed record's facts (empty when unknown or erased)
    serial: str | None = None
    revoked_at: dt.datetime | None = None
    revocation_reason: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is CertificateStatus.VALID

    @property
    def language(self) -> str | None:
        return self.facts.get("language")

    def as_json(self) -> dict[str, Any]:
        return {
            "status": self.status.value,
            "message": self.message,
            "serial": self.serial,
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "revocation_reason": self.revocation_reason,
            "problems": list(self.problems),
            "certificate": {key: self.facts[key] for key in PUBLIC_FACTS if key in self.facts},
        }


# What a verifier is shown: the facts printed on the certificate, nothing more.
PUBLIC_FACTS = ("name", "course", "programme", "issuer", "hours", "academic_hours", "issued_on", "period_start", "period_end",
                "serial", "code", "language", "modules")


def _from_record(record: CertificateRecord) -> Verification:
    if record.revoked:
        return Verification(CertificateStatus.REVOKED, f"certificate {record.serial} was revoked on {record.revoked_at:%Y-%m-%d}: {record.revocation_reason}",
                            record.payload if record.signature else {}, record.serial, record.revoked_at, record.revocation_reason)
    if record.payload.get("anonymised"):
        return Verification(CertificateStatus.VALID, f"certificate {record.serial} is valid; its holder's personal details are no longer kept",
                            {"serial": record.serial}, record.serial)
    return Verification(CertificateStatus.VALID, f"certificate {record.serial} is valid", record.payload, record.serial)


def verify_code(uow: UnitOfWork, code: str, *, serial_too: bool = False) -> Verification:
    """Look a verification code up in the register (what the public page does).

    Only the command line, run by the register's own staff, passes
    ``serial_too``: serials are sequential, so a public look-up by serial
    would list every holder.
    """
    record = find_certificate(uow, code) if serial_too else find_by_code(uow, code)
    if record is None:
        what = "code or serial" if serial_too else "verification code"
        return Verification(CertificateStatus.UNKNOWN, f"no certificate has the {what} '{code.strip()}'")
    return _from_record(record)


def _collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _printed(value: str, page_text: str) -> bool:
    """``value`` stands in the text as a whole: 'Anna Bērziņa' is not found in 'Anna Bērziņaite'."""
    return re.search(r"(?<!\w)" + re.escape(_collapse(value)) + r"(?!\w)", page_text) is not None


def _read_pdf(data: bytes) -> Any:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise NotACertificateFileError("the file is not a PDF; give a certificate PDF or a verification code such as K7QM-3ZP9-XW2H")
    try:
        return PdfReader(io.BytesIO(data))
    except (PdfReadError, ValueError, KeyError) as error:
        raise NotACertificateFileError(f"the PDF cannot be read: {error}") from None


def verify_pdf(uow: UnitOfWork, data: bytes) -> Verification:
    """Check a certificate PDF against its signature, the register and its own printed text."""
    reader = _read_pdf(data)
    try:
        attachment = reader.attachments.get(ATTACHMENT_NAME)
    except Exception:  # noqa: BLE001 - a mangled name tree is an altered file, whatever pypdf raises
        attachment = None
    if not attachment:
        return Verification(CertificateStatus.UNKNOWN, "this PDF carries no signed certificate record: it was not issued by this register")
    try:
        record = json.loads(attachment[0])
        payload, signature = record["payload"], record["signature"]
        assert isinstance(payload, dict) and isinstance(signature, str)
    except (ValueError, KeyError, TypeError, AssertionError):
        return Verification(CertificateStatus.ALTERED, "the signed record inside the PDF is damaged", problems=("the certificate.json attachment is not a signed record",))
    keys = public_keys(uow)
    key = keys.get(str(payload.get("key_id")))
    if key is None:
        return Verification(CertificateStatus.UNKNOWN, "the PDF was signed with a key this register does not know", problems=("unknown signing key",))
    if not verify_signature(key, canonical_json(payload), signature):
        return Verification(CertificateStatus.ALTERED, "the signed record inside the PDF was changed after signing",
                            problems=("the signature does not match the record",))
    stored = find_by_code(uow, str(payload.get("code", "")))
    if stored is None or stored.serial != payload.get("serial"):
        return Verification(CertificateStatus.UNKNOWN, f"certificate {payload.get('serial')} is not in this register", serial=payload.get("serial"))
    if stored.revoked:
        return _from_record(stored)
    if stored.signature is not None and stored.signature != signature:
        return Verification(CertificateStatus.ALTERED, f"the record in the PDF differs from certificate {stored.serial} as issued",
                            serial=stored.serial, problems=("the signature differs from the register's",))
    problems = _compare_printed(reader, payload, signature)
    if problems:
        return Verification(CertificateStatus.ALTERED, f"the PDF of certificate {stored.serial} was edited: " + "; ".join(problems),
                            payload, stored.serial, problems=tuple(problems))
    return Verification(CertificateStatus.VALID, f"certificate {stored.serial} is valid", payload, stored.serial)


FIELD_WORDS = {"name": "the name", "hours": "the hours", "issued_on": "the issue date", "period": "the dates of the course",
               "serial": "the serial number", "code": "the verification code"}


def _compare_printed(reader: Any, payload: dict[str, Any], signature: str) -> list[str]:
    from ..render.certificates import printed_fields
    from ..render.certificates.templates import document_title
    from .certificate_documents import record_view

    try:
        view = record_view(CertificateRecord(payload["serial"], payload["code"], payload.get("programme_id", ""), payload.get("course_id", ""), None,
                                             payload["language"], dt.date.fromisoformat(payload["issued_on"]), payload, signature,
                                             payload.get("key_id"), None, None, None))
    except (KeyError, TypeError, ValueError):
        return ["the signed record lacks facts every certificate has"]
    try:
        page_text = _collapse("\n".join(page.extract_text() or "" for page in reader.pages))
    except Exception:  # noqa: BLE001 - content pypdf cannot parse was not written by us
        return ["the page content cannot be read"]
    problems = [f"{FIELD_WORDS.get(name, name)} printed is not the signed '{value}'"
                for name, value in printed_fields(view).items() if not _printed(value, page_text)]
    metadata = reader.metadata or {}
    if str(metadata.get("/Title", "")) != document_title(view):
        problems.append("the document title (metadata) was changed")
    if str(metadata.get("/Author", "")) != view.organiser:
        problems.append("the document author (metadata) was changed")
    return problems
