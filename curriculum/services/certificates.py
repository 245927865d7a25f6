"""Issuing, listing and revoking certificates.

Completion decides who gets one (``compute_completion``); one named person
may be certified anyway with a recorded reason. Numbers come from a counter
row per serial series that the issuing transaction locks first, so two
processes issuing at the same time against PostgreSQL get consecutive,
unique numbers (SQLite serialises writers by itself). Issuing hundreds costs
a fixed handful of statements: the certificates are inserted in one batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, or_, select, update

from ..errors import CurriculumError
from ..model import COUNTING_STATUSES, Course, Programme
from ..model.certificate import (
    SerialPatternError,
    canonical_json,
    certificate_payload,
    choose_recipients,
    format_serial,
    new_verification_code,
    normalise_code,
    serial_series,
    signed_record,
)
from ..signing import SigningKey
from ..store import UnitOfWork
from ..store.orm import AttendanceRow, CertificateCounterRow, CertificateRow, ParticipantRow, SigningKeyRow, TrainingSessionRow
from ..store.upsert import insert_or_update
from .completion import compute_completion, course_or_error

IssueProgress = Callable[[int, int], None]
BATCH = 250


class CertificateError(CurriculumError):
    """A certificate cannot be issued, found or revoked as asked."""


class NobodyEligibleError(CertificateError):
    """Nobody in the course has completed it (and no override was given)."""


@dataclass(frozen=True)
class CertificateRecord:
    """An issued certificate as stored: the signed payload and its state."""

    serial: str
    code: str
    programme_id: str
    course_id: str
    participant_id: int | None
    language: str
    issued_on: dt.date
    payload: dict[str, Any]
    signature: str | None
    key_id: str | None
    override_reason: str | None
    revoked_at: dt.datetime | None
    revocation_reason: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def printable(self) -> bool:
        """Can be printed or exported again: not revoked, still signed and still holding its facts (not anonymised).

        An anonymised certificate keeps its signature (the holder's PDF still
        verifies) but no longer the facts a new PDF or badge is made of.
        """
        return not self.revoked and self.signature is not None and not self.payload.get("anonymised")

    @property
    def name(self) -> str:
        return str(self.payload.get("name", ""))

    @property
    def attachment(self) -> bytes:
        """The signed record a PDF carries as ``certificate.json``."""
        if self.signature is None:
            raise CertificateError(f"certificate {self.serial} holds no signed record any more (its personal data was erased)")
        return signed_record(self.payload, self.signature)

    @classmethod
    def of(cls, row: CertificateRow) -> "CertificateRecord":
        return cls(row.serial, row.verification_code, row.programme_id, row.course_id, row.participant_id, row.language, row.issued_on,
                   dict(row.payload or {}), row.signature, row.key_id, row.override_reason, row.revoked_at, row.revocation_reason)


@dataclass(frozen=True)
class IssueSummary:
    course_id: str
    issued: list[CertificateRecord]
    existing: list[CertificateRecord]
    left_out: list[tuple[str, tuple[str, ...]]]  # (name, reasons) of who did not complete

    @property
    def certificates(self) -> list[CertificateRecord]:
        return sorted(self.existing + self.issued, key=lambda record: record.serial)


def _session(uow: UnitOfWork):
    assert uow.session is not None, "use inside 'with UnitOfWork(...)'"
    return uow.session


def certificate_language(programme: Programme, course: Course, preferred: str | None) -> str:
    """The participant's language when the course is given in it, else the course's first."""
    languages = programme.course_languages(course)
    return preferred if preferred in languages else languages[0]


def publish_key(uow: UnitOfWork, key: SigningKey) -> None:
    """Store the public key so any copy of the database can verify what it signed."""
    session = _session(uow)
    if session.get(SigningKeyRow, key.key_id) is None:  # issuers of other series may add it at the same moment
        session.execute(insert_or_update(session, SigningKeyRow).values(key_id=key.key_id, algorithm="Ed25519", public_key=key.public_key)
                        .on_conflict_do_nothing(index_elements=["key_id"]))


def public_keys(uow: UnitOfWork) -> dict[str, str]:
    return dict(_session(uow).execute(select(SigningKeyRow.key_id, SigningKeyRow.public_key)).all())


def _reserve_numbers(uow: UnitOfWork, series: str, count: int) -> int:
    """Lock the series' counter, add ``count``; return the first new number.

    The UPDATE holds a row lock (PostgreSQL) or the write lock (SQLite) until
    the transaction ends: a second issuer waits here and then reads the
    counter as the first one left it.
    """
    session = _session(uow)
    session.execute(insert_or_update(session, CertificateCounterRow).values(series=series, last_seq=0).on_conflict_do_nothing(index_elements=["series"]))
    last = session.execute(
        update(CertificateCounterRow).where(CertificateCounterRow.series == series)
        .values(last_seq=CertificateCounterRow.last_seq + count).returning(CertificateCounterRow.last_seq)
    ).scalar_one()
    return last - count + 1


def _periods(uow: UnitOfWork, programme: Programme, course: Course, people: list[int]) -> dict[int, tuple[dt.date, dt.date]]:
    """First and last day each person attended the course (one aggregate query)."""
    if not people:
        return {}
    counting = [status.value for status in COUNTING_STATUSES]
    rows = _session(uow).execute(
        select(AttendanceRow.participant_id, func.min(TrainingSessionRow.date), func.max(TrainingSessionRow.date))
        .join(TrainingSessionRow, TrainingSessionRow.id == AttendanceRow.session_id)
        .where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.course_id == course.id,
               AttendanceRow.status.in_(counting), AttendanceRow.participant_id.in_(people))
        .group_by(AttendanceRow.participant_id)
    ).all()
    return {pid: (first, last) for pid, first, last in rows}


def _existing(uow: UnitOfWork, programme_id: str, course_id: str, people: list[int] | None = None) -> dict[int, CertificateRecord]:
    query = select(CertificateRow).where(CertificateRow.programme_id == programme_id, CertificateRow.course_id == course_id, CertificateRow.participant_id.is_not(None))
    if people is not None:
        query = query.where(CertificateRow.participant_id.in_(people))
    return {row.participant_id: CertificateRecord.of(row) for row in _session(uow).scalars(query)}


def issue_certificates(
    uow: UnitOfWork,
    programme: Programme,
    course_id: str,
    key: SigningKey,
    verification_url: str,
    *,
    issued_on: dt.date | None = None,
    participant_ref: str | None = None,
    override_reason: str | None = None,
    content_version_id: int | None = None,
    progress: IssueProgress | None = None,
) -> IssueSummary:
    """Certify everyone who completed ``course_id`` (or one person with a reason).

    Who already holds a certificate for the course keeps it: issuing again
    returns the existing one and uses no new number. The caller commits.
    """
    course = course_or_error(programme, course_id)
    if not course.certificate.enabled:
        raise CertificateError(f"the course '{course.id}' of {programme.id} gives no certificate (certificate: enabled: false in programme.yaml)")
    override_reason = (override_reason or "").strip() or None
    if override_reason and not participant_ref:
        raise CertificateError("an override reason is for one person: name them with --participant REF")
    issued_on = issued_on or dt.date.today()
    try:
        series = serial_series(course.certificate.serial_pattern, programme.code, issued_on.year, course.id)
    except SerialPatternError as error:
        raise CertificateError(f"{programme.id}, course {course.id}: {error}") from None

    lines = compute_completion(uow, programme, course.id)
    by_id = {line.participant_id: line for line in lines}
    override_for = None
    if participant_ref:
        line = next((line for line in lines if line.ref == participant_ref.strip()), None)
        if line is None:
            raise CertificateError(f"no participant with the reference '{participant_ref}' is enrolled in {course.id} "
                                   "(see 'curriculum completion' for the references)")
        if not line.decision.completed and not override_reason:
            raise CertificateError(f"{line.name} ({line.ref}) did not complete {course.id}: {'; '.join(line.decision.reasons)}. "
                                   "To issue anyway, give the reason with --override-reason")
        override_for = line.participant_id
    chosen = choose_recipients([(line.participant_id, line.decision.completed, line.decision.reasons) for line in lines], override_for)
    left_out = [(by_id[pid].name, reasons) for pid, reasons in chosen.left_out]
    if not chosen.eligible:
        raise NobodyEligibleError(
            f"nobody has completed {course.id} yet ({len(lines)} enrolled); record attendance first, "
            "or certify one person with --participant REF --override-reason TEXT"
        )

    _reserve_numbers(uow, series, 0)  # locks the series: from here on, no other issuer of this series runs
    existing = _existing(uow, programme.id, course.id, list(chosen.eligible))
    new_people = [pid for pid in chosen.eligible if pid not in existing]
    total = len(new_people)
    if progress:
        progress(0, total)
    issued: list[CertificateRecord] = []
    if new_people:
        publish_key(uow, key)
        first = _reserve_numbers(uow, series, total)
        people = {row.id: row for row in _session(uow).execute(
            select(ParticipantRow.id, ParticipantRow.first_name, ParticipantRow.last_name, ParticipantRow.preferred_language)
            .where(ParticipantRow.id.in_(new_people)))}
        periods = _periods(uow, programme, course, new_people)
        batch: list[dict[str, Any]] = []
        for offset, pid in enumerate(new_people):
            person = people[pid]
            language = certificate_language(programme, course, person.preferred_language)
            start, end = periods.get(pid, (None, None))
            reason = override_reason if pid == override_for and not by_id[pid].decision.completed else None
            record = _new_record(programme, course, key, verification_url, format_serial(series, first + offset), pid,
                                 f"{person.first_name} {person.last_name}", language, issued_on, (start, end), reason)
            issued.append(record)
            batch.append(dict(serial=record.serial, verification_code=record.code, programme_id=programme.id, course_id=course.id,
                              participant_id=pid, content_version_id=content_version_id, language=language, issued_on=issued_on,
                              payload=record.payload, signature=record.signature, key_id=key.key_id, override_reason=reason))
            if len(batch) == BATCH or offset + 1 == total:
                _session(uow).execute(insert(CertificateRow), batch)  # one multi-row INSERT per batch
                batch = []
                if progress:
                    progress(offset + 1, total)
    return IssueSummary(course.id, issued, sorted(existing.values(), key=lambda record: record.serial), left_out)


def _new_record(programme: Programme, course: Course, key: SigningKey, verification_url: str, serial: str, participant_id: int, name: str,
                language: str, issued_on: dt.date, period: tuple[dt.date | None, dt.date | None], override_reason: str | None) -> CertificateRecord:
    """One new certificate: a fresh verification code, the facts, their signature."""
    code = new_verification_code()
    payload = certificate_payload(programme=programme, course=course, serial=serial, code=code, language=language, name=name,
                                  issued_on=issued_on, period_start=period[0], period_end=period[1], verification_url=verification_url,
                                  key_id=key.key_id)
    return CertificateRecord(serial, code, programme.id, course.id, participant_id, language, issued_on, payload,
                             key.sign(canonical_json(payload)), key.key_id, override_reason, None, None)


def list_certificates(uow: UnitOfWork, programme_id: str, course_id: str | None = None, include_revoked: bool = True) -> list[CertificateRecord]:
    query = select(CertificateRow).where(CertificateRow.programme_id == programme_id)
    if course_id:
        query = query.where(CertificateRow.course_id == course_id)
    if not include_revoked:
        query = query.where(CertificateRow.revoked_at.is_(None))
    return [CertificateRecord.of(row) for row in _session(uow).scalars(query.order_by(CertificateRow.serial))]


def _row(uow: UnitOfWork, serial_or_code: str) -> CertificateRow | None:
    text = serial_or_code.strip()
    return _session(uow).scalars(
        select(CertificateRow).where(or_(CertificateRow.serial == text, CertificateRow.verification_code == normalise_code(text)))
    ).first()


def find_certificate(uow: UnitOfWork, serial_or_code: str) -> CertificateRecord | None:
    """The certificate with this serial ('LCC-2010-0001') or verification code ('K7QM-3ZP9-XW2H', any case, any spacing).

    For the register's own users (the command line). Anything public looks up
    by code only (``find_by_code``): serials are sequential and would list every holder.
    """
    row = _row(uow, serial_or_code)
    return CertificateRecord.of(row) if row is not None else None


def find_by_code(uow: UnitOfWork, code: str) -> CertificateRecord | None:
    """The certificate with this verification code (any case, any spacing), never by serial.

    The code is the secret printed on the certificate; a serial is guessable,
    so the verification page must not answer one.
    """
    normalised = normalise_code(code)
    if not normalised:
        return None
    row = _session(uow).scalars(select(CertificateRow).where(CertificateRow.verification_code == normalised)).first()
    return CertificateRecord.of(row) if row is not None else None


def revoke_certificate(uow: UnitOfWork, serial_or_code: str, reason: str, now: dt.datetime | None = None) -> CertificateRecord:
    """Withdraw a certificate; the reason and time are kept and shown to whoever verifies it."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError("say why the certificate is revoked (--reason TEXT): the reason is recorded")
    row = _row(uow, serial_or_code)
    if row is None:
        raise CertificateError(f"no certificate has the serial or verification code '{serial_or_code}'")
    if row.revoked_at is not None:
        raise CertificateError(f"certificate {row.serial} was already revoked on {row.revoked_at:%Y-%m-%d}: {row.revocation_reason}")
    row.revoked_at = now or dt.datetime.now(dt.timezone.utc)
    row.revocation_reason = reason
    _session(uow).flush()
    return CertificateRecord.of(row)
