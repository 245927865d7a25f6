"""Importing participants and enrolling them: all rows or none.

Every row is checked before anything is written; if any row is wrong, the
whole import is refused with every bad row and column listed, and the
database is left exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from ..errors import CurriculumError
from ..model import Programme
from ..spreadsheets import Table, TableRow, read_table
from ..store import UnitOfWork
from ..store.orm import CourseGroupRow, EnrolmentRow, ParticipantRow

# Header names people use, in English, Latvian, Lithuanian and Russian.
PARTICIPANT_COLUMNS: dict[str, list[str]] = {
    "first_name": ["first name", "firstname", "given name", "vārds", "vardas", "имя"],
    "last_name": ["last name", "lastname", "surname", "family name", "uzvārds", "pavardė", "фамилия"],
    "email": ["email", "e-mail", "e-pasts", "el. paštas", "el paštas", "электронная почта", "эл. почта"],
    "organisation": ["organisation", "organization", "employer", "institution", "iestāde", "organizācija", "darbavieta", "įstaiga", "organizacija", "организация", "учреждение"],
    "position": ["position", "job title", "amats", "pareigas", "должность"],
    "target_group": ["target group", "mērķa grupa", "tikslinė grupė", "целевая группа"],
    "language": ["language", "preferred language", "valoda", "kalba", "язык"],
    "group": ["group", "grupa", "grupė", "группа"],
    "is_minor": ["minor", "is minor", "nepilngadīgs", "nepilnametis", "несовершеннолетний"],
    "guardian_name": ["guardian", "guardian name", "aizbildnis", "globėjas", "опекун"],
    "guardian_consent_on": ["guardian consent", "consent date", "guardian consent on", "piekrišana", "sutikimas", "согласие"],
    "ref": ["ref", "participant ref", "id", "participant id"],
}
ALIASES = {alias: name for name, aliases in PARTICIPANT_COLUMNS.items() for alias in [name.replace("_", " "), *aliases]}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"1", "yes", "true", "jā", "ja", "taip", "да", "x"}
_FALSE = {"", "0", "no", "false", "nē", "ne", "нет"}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def describe(self) -> str:
        return f"row {self.row}, column '{self.column}': {self.message}"


class ImportRowsError(CurriculumError):
    """The file has bad rows; nothing was imported."""

    def __init__(self, file: Path, errors: list[RowError]) -> None:
        self.file = file
        self.errors = errors
        listing = "\n".join("  " + error.describe() for error in errors)
        super().__init__(f"{file.name}: {len(errors)} problem(s), nothing was imported:\n{listing}")


@dataclass(frozen=True)
class ParticipantInput:
    row: int
    first_name: str
    last_name: str
    email: str | None
    organisation: str | None
    position: str | None
    target_group: str | None
    language: str | None
    group: str | None
    is_minor: bool
    guardian_name: str | None
    guardian_consent_on: dt.date | None

    @property
    def dedup_key(self) -> str:
        return dedup_key(self.first_name, self.last_name, self.email, self.organisation)


@dataclass
class ImportSummary:
    created: int = 0
    matched: int = 0
    enrolled: int = 0
    already_enrolled: int = 0
    participant_ids: list[int] = field(default_factory=list)


def participant_ref(row: ParticipantRow) -> str:
    """The participant's stable reference: theirs, else ``P-000042`` from the record id, the one an import
    assigns. Every route to Moodle (publish, pull, the Upload users CSV) names a person by it, so they meet."""
    return row.external_ref or f"P-{row.id:06d}"


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def dedup_key(first_name: str, last_name: str, email: str | None, organisation: str | None) -> str:
    """Same e-mail, or same name in the same organisation, is the same person."""
    if email:
        return "email:" + email.strip().casefold()
    return f"name:{_fold(first_name)}|{_fold(last_name)}|{_fold(organisation or '')}"


def parse_participants(table: Table, programme: Programme, course_id: str | None = None) -> list[ParticipantInput]:
    """Check every row; raise ImportRowsError listing all bad ones."""
    errors: list[RowError] = []
    missing = [name for name in ("first_name", "last_name") if name not in table.columns]
    if missing:
        raise ImportRowsError(
            table.file,
            [RowError(1, name, f"the column is missing (headers found: {', '.join(column for column in table.columns if column)})") for name in missing],
        )
    groups = set(programme.all_target_groups())
    languages = set(programme.languages)
    course = programme.course(course_id) if course_id else None
    if course is not None:
        languages = set(programme.course_languages(course)) | languages
    parsed: list[ParticipantInput] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        row_errors: list[RowError] = []
        get = lambda name: row.values.get(name, "").strip() or None  # noqa: E731
        first, last = get("first_name"), get("last_name")
        if not first:
            row_errors.append(RowError(row.number, "first_name", "the first name is empty"))
        if not last:
            row_errors.append(RowError(row.number, "last_name", "the last name is empty"))
        is_minor = _flag(row, "is_minor", row_errors)
        email = get("email")
        if email and not _EMAIL.match(email):
            row_errors.append(RowError(row.number, "email", f"'{email}' is not an e-mail address"))
        target_group = get("target_group") or (course.target_groups[0] if course else None)
        if target_group and target_group not in groups:
            row_errors.append(RowError(row.number, "target_group", f"unknown target group '{target_group}' (known: {', '.join(sorted(groups))})"))
        language = (get("language") or "").lower() or None
        if language and language not in languages:
            row_errors.append(RowError(row.number, "language", f"'{language}' is not one of this programme's languages ({', '.join(sorted(languages))})"))
        consent = _date(row, "guardian_consent_on", row_errors)
        if is_minor and consent is None:
            row_errors.append(RowError(row.number, "guardian_consent_on", "a minor needs the date of the guardian's consent"))
        if is_minor and not get("guardian_name"):
            row_errors.append(RowError(row.number, "guardian_name", "a minor needs the guardian's name"))
        if not row_errors and first and last:
            item = ParticipantInput(
                row=row.number, first_name=first, last_name=last, email=email, organisation=get("organisation"),
                position=get("position"), target_group=target_group, language=language, group=get("group"),
                is_minor=is_minor, guardian_name=get("guardian_name"), guardian_consent_on=consent,
            )
            if item.dedup_key in seen:
                row_errors.append(RowError(row.number, "email" if email else "last_name", f"the same person as row {seen[item.dedup_key]}"))
            else:
                seen[item.dedup_key] = row.number
                parsed.append(item)
        errors += row_errors
    if errors:
        raise ImportRowsError(table.file, errors)
    return parsed


def _flag(row: TableRow, name: str, errors: list[RowError]) -> bool:
    value = row.values.get(name, "").strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    errors.append(RowError(row.number, name, f"write yes or no, not '{value}'"))
    return False


def _date(row: TableRow, name: str, errors: list[RowError]) -> dt.date | None:
    value = row.values.get(name, "").strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    errors.append(RowError(row.number, name, f"'{value}' is not a date (write 2026-03-15 or 15.03.2026)"))
    return None


def import_participants(uow: UnitOfWork, programme: Programme, file: Path, course_id: str | None = None, group: str | None = None) -> ImportSummary:
    """Read, check and store participants from ``file``; enrol them when a course is given."""
    if course_id is not None and programme.course(course_id) is None:
        raise CurriculumError(f"unknown course '{course_id}' in {programme.id} (courses: {', '.join(course.id for course in programme.courses)})")
    table = read_table(file, ALIASES)
    inputs = parse_participants(table, programme, course_id)
    return store_participants(uow, programme, inputs, course_id, group)


def store_participants(uow: UnitOfWork, programme: Programme, inputs: list[ParticipantInput], course_id: str | None, group: str | None) -> ImportSummary:
    session = uow.session
    assert session is not None
    summary = ImportSummary()
    keys = [item.dedup_key for item in inputs]
    existing = {row.dedup_key: row for row in session.scalars(select(ParticipantRow).where(ParticipantRow.dedup_key.in_(keys)))} if keys else {}
    rows: list[tuple[ParticipantInput, ParticipantRow]] = []
    for item in inputs:
        row = existing.get(item.dedup_key)
        if row is None:
            row = ParticipantRow(
                first_name=item.first_name, last_name=item.last_name, email=item.email, organisation=item.organisation,
                position=item.position, target_group=item.target_group, preferred_language=item.language,
                is_minor=item.is_minor, guardian_name=item.guardian_name, guardian_consent_on=item.guardian_consent_on,
                dedup_key=item.dedup_key,
            )
            session.add(row)
            summary.created += 1
        else:
            summary.matched += 1
        rows.append((item, row))
    session.flush()
    for _, row in rows:
        if row.external_ref is None:
            row.external_ref = participant_ref(row)
        summary.participant_ids.append(row.id)
    if course_id is not None:
        groups: dict[str, CourseGroupRow] = {}
        enrolled = set(
            session.scalars(
                select(EnrolmentRow.participant_id).where(EnrolmentRow.programme_id == programme.id, EnrolmentRow.course_id == course_id)
            )
        )
        for item, row in rows:
            group_code = item.group or group
            group_row = ensure_group(uow, programme.id, course_id, group_code, groups) if group_code else None
            if row.id in enrolled:
                summary.already_enrolled += 1
                continue
            session.add(EnrolmentRow(participant_id=row.id, programme_id=programme.id, course_id=course_id, group_id=group_row.id if group_row else None))
            enrolled.add(row.id)
            summary.enrolled += 1
    session.flush()
    return summary


def ensure_group(uow: UnitOfWork, programme_id: str, course_id: str, code: str, cache: dict[str, CourseGroupRow] | None = None) -> CourseGroupRow:
    cache = cache if cache is not None else {}
    if code in cache:
        return cache[code]
    session = uow.session
    assert session is not None
    row = session.scalars(
        select(CourseGroupRow).where(CourseGroupRow.programme_id == programme_id, CourseGroupRow.course_id == course_id, CourseGroupRow.code == code)
    ).one_or_none()
    if row is None:
        row = CourseGroupRow(programme_id=programme_id, course_id=course_id, code=code)
        session.add(row)
        session.flush()
    cache[code] = row
    return row
