"""Certificate rules that need no database: serial numbers, verification codes,
the signed record and who may receive one.

The signed record (``payload``) is the certificate: everything printed on the
page comes from it, its canonical JSON is what the signature covers, and the
PDF carries it as an attachment. Keeping it a plain dict of strings and
numbers makes the bytes the same in every process and on every database.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

PAYLOAD_FORMAT = "curriculum-certificate/1"

# No 0/O, 1/I/L: a code read aloud over the phone or typed from paper survives.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
SERIAL_FIELDS = {"programme_code", "year", "seq", "course_id"}


class CertificateStatus(StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    ALTERED = "altered"


class SerialPatternError(ValueError):
    """A serial pattern that cannot number certificates."""


def _pattern_fields(pattern: str) -> list[tuple[str, str | None, str | None, str | None]]:
    try:
        return list(string.Formatter().parse(pattern))
    except ValueError as error:
        raise SerialPatternError(f"the serial pattern '{pattern}' has unbalanced braces: {error}") from None


def check_serial_pattern(pattern: str) -> None:
    """Refuse patterns without ``{seq}`` or with fields nobody fills in."""
    names = [name for _, name, _, _ in _pattern_fields(pattern) if name is not None]
    unknown = [name for name in names if name not in SERIAL_FIELDS]
    if unknown:
        raise SerialPatternError(
            f"the serial pattern '{pattern}' uses {', '.join('{' + name + '}' for name in unknown)}; "
            f"it may use {{programme_code}}, {{course_id}}, {{year}} and {{seq}}"
        )
    if names.count("seq") != 1:
        raise SerialPatternError(f"the serial pattern '{pattern}' must contain {{seq}} exactly once (e.g. {{seq:04d}})")
    _trial_format(pattern)


def _trial_format(pattern: str) -> None:
    """Format the pattern once with sample values: a spec or conversion that fails ({year:s}, {seq!z}) is refused now, not when issuing."""
    try:
        pattern.format(programme_code="LCC", course_id="course", year=2010, seq=1)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise SerialPatternError(f"the serial pattern '{pattern}' cannot be filled in ({error}); "
                                 "write the number as {seq} or {seq:04d} and the other fields without a format") from None


def serial_series(pattern: str, programme_code: str, year: int, course_id: str = "") -> str:
    """The serial with the number left out: certificates of one series share a counter.

    'LCC-{year}-{seq:04d}' issued in 2010 is the series 'LCC-2010-{seq:04d}', so
    numbering starts again each year and two courses with the same pattern
    share one run of numbers.
    """
    check_serial_pattern(pattern)
    values = {"programme_code": programme_code, "year": year, "course_id": course_id}
    parts = []
    for literal, name, spec, conversion in _pattern_fields(pattern):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name == "seq":
            parts.append("{seq" + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
        else:
            parts.append(format(values[name], spec or "").replace("{", "{{").replace("}", "}}"))
    return "".join(parts)


def format_serial(series: str, seq: int) -> str:
    return series.format(seq=seq)


def new_verification_code() -> str:
    """Twelve random characters (about 59 bits) in three groups: 'K7QM-3ZP9-XW2H'."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return group_code(raw)


def group_code(raw: str) -> str:
    return "-".join(raw[index:index + CODE_GROUP_LENGTH] for index in range(0, len(raw), CODE_GROUP_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed ('k7qm 3zp9 xw2h', 'K7QM3ZP9XW2H') as the stored form."""
    return group_code(re.sub(r"[^0-9A-Za-z]", "", text).upper())


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same bytes for the same facts everywhere."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


ATTACHMENT_NAME = "certificate.json"  # the file in a certificate PDF that carries its signed record


def signed_record(payload: dict[str, Any], signature: str) -> bytes:
    """The bytes a PDF carries as ``certificate.json``."""
    return canonical_json({"payload": payload, "signature": signature})


@dataclass(frozen=True)
class Eligibility:
    """Who gets a certificate in one issuing run, and who was left out and why."""

    eligible: tuple[int, ...]
    left_out: tuple[tuple[int, tuple[str, ...]], ...]


def choose_recipients(decisions: list[tuple[int, bool, tuple[str, ...]]], override_for: int | None = None) -> Eligibility:
    """Those who completed; or exactly one named person when an override is given.

    ``decisions`` is (participant id, completed, reasons). An override is the
    one way to certify someone who did not complete, and only one at a time,
    so every exception has its own recorded reason.
    """
    if override_for is not None:
        return Eligibility((override_for,), tuple((pid, reasons) for pid, done, reasons in decisions if pid != override_for and not done))
    return Eligibility(
        tuple(pid for pid, done, _ in decisions if done),
        tuple((pid, reasons) for pid, done, reasons in decisions if not done),
    )


def certificate_payload(
    *,
    programme: Any,
    course: Any,
    serial: str,
    code: str,
    language: str,
    name: str,
    issued_on: Any,
    period_start: Any,
    period_end: Any,
    verification_url: str,
    key_id: str,
) -> dict[str, Any]:
    """The facts a certificate states, in its language: what is signed and printed.

    ``programme`` and ``course`` are the content model objects; every title
    is chosen here, once, so the record never depends on the content files
    that may change after issuing.
    """
    text = lambda value: programme.text(value, language)  # noqa: E731
    hours = course.hours
    return {
        "format": PAYLOAD_FORMAT,
        "serial": serial,
        "code": code,
        "language": language,
        "name": name,
        "programme_id": programme.id,
        "programme": text(programme.title),
        "course_id": course.id,
        "course": text(course.title),
        "issuer": text(programme.organiser.name),
        "issuer_country": programme.organiser.country,
        "issuer_url": programme.organiser.website,
        "issued_on": issued_on.isoformat(),
        "period_start": period_start.isoformat() if period_start else None,
        "period_end": period_end.isoformat() if period_end else None,
        "hours": float(hours.total),
        "academic_hours": float(hours.academic if hours.academic is not None else hours.academic_hours),
        "modules": [text(module.title) for _, module in programme.course_modules(course)],
        "signatories": [[signatory.name, text(signatory.title)] for signatory in course.certificate.signatories],
        "url": verification_url + code,
        "key_id": key_id,
    }
