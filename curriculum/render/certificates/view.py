"""What a certificate shows, and the exact strings printed for its checked fields.

A ``CertificateView`` is made by the issuing service from a stored
certificate; everything in it is already in the certificate's language, so
rendering makes no decisions. ``printed_fields`` is the single place that
turns dates and hours into text: the template prints these strings and
verification compares them with the text read back from the PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ...errors import CurriculumError
from ..documents.labels import Labels
from .labels import certificate_labels

FIELDS = ("name", "hours", "issued_on", "period", "serial", "code")


class CertificateRenderError(CurriculumError):
    """A certificate cannot be rendered as asked (a broken template, a missing logo, ...)."""


@dataclass(frozen=True)
class CertificateView:
    """Everything printed on one certificate, in the certificate's language."""

    language: str
    serial: str
    verification_code: str
    verification_url: str
    participant_name: str
    course_title: str
    programme_title: str
    organiser: str
    issued_on: dt.date
    period_start: dt.date
    period_end: dt.date | None
    contact_hours: float
    academic_hours: float | None
    modules: tuple[str, ...]
    signatories: tuple[tuple[str, str], ...]  # (name, role)
    funder_acknowledgement: str | None
    logos: tuple[Path, ...]  # organiser's first, then funders'
    template_dir: Path | None  # the programme's template folder (certificate.html.j2 / certificate.css)
    attachment: bytes  # the signed record, embedded as certificate.json


def _number(labels: Labels, value: float) -> str:
    return labels.fmt_number(value)


def hours_text(view: CertificateView) -> str:
    """'24 kontaktstundas (32 akadēmiskās stundas)': plural forms chosen by Babel's rules."""
    words = certificate_labels(view.language)
    numbers = Labels(view.language)
    text = words.hours("contact_hours", view.contact_hours, _number(numbers, view.contact_hours))
    if view.academic_hours is not None:
        text += f" ({words.hours('academic_hours', view.academic_hours, _number(numbers, view.academic_hours))})"
    return text


def period_text(view: CertificateView) -> str:
    dates = Labels(view.language)
    if view.period_end is None or view.period_end == view.period_start:
        return dates.fmt_date(view.period_start)
    return dates.fmt_period(view.period_start, view.period_end)


def printed_fields(view: CertificateView) -> dict[str, str]:
    """The exact strings printed for the fields verification reads back from the PDF.

    Each is printed on one line, so ``pypdf``'s extracted text contains it
    as it is (compare after collapsing runs of whitespace to one space, as a
    PDF reader may break a line anywhere).
    """
    return {
        "name": view.participant_name,
        "hours": hours_text(view),
        "issued_on": Labels(view.language).fmt_date(view.issued_on),
        "period": period_text(view),
        "serial": view.serial,
        "code": view.verification_code,
    }
