"""Recording attendance: statuses and minutes per session, replaced not duplicated.

Recording a session again overwrites what was there for the same people
(one row per session and participant, upserted in bulk), so a corrected
sheet can be imported twice without harm.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from ..model import AttendanceStatus, Programme
from ..spreadsheets import read_table
from ..store import UnitOfWork
from ..store.orm import AttendanceRow, CourseGroupRow, EnrolmentRow, ParticipantRow, TrainingSessionRow
from ..store.upsert import insert_or_update
from .participants import ImportRowsError, RowError
from .sessions import find_session, session_minutes

ATTENDANCE_COLUMNS = {
    "session": ["session", "session code", "nodarbība", "užsiėmimas", "занятие"],
    "ref": ["ref", "participant", "participant ref", "dalībnieks", "dalyvis", "участник"],
    "status": ["status", "statuss", "statusas", "статус"],
    "minutes": ["minutes", "minūtes", "minutės", "минуты"],
}
ALIASES = {alias: name for name, aliases in ATTENDANCE_COLUMNS.items() for alias in [name, *aliases]}
STATUS_WORDS = {
    **{status.value: status for status in AttendanceStatus},
    "ir": AttendanceStatus.PRESENT, "klāt": AttendanceStatus.PRESENT, "yra": AttendanceStatus.PRESENT, "присутствовал": AttendanceStatus.PRESENT,
    "nokavēja": AttendanceStatus.LATE, "vėlavo": AttendanceStatus.LATE, "опоздал": AttendanceStatus.LATE,
    "attaisnots": AttendanceStatus.EXCUSED, "pateisinta": AttendanceStatus.EXCUSED, "уважительная": AttendanceStatus.EXCUSED,
    "nav": AttendanceStatus.ABSENT, "nebuvo": AttendanceStatus.ABSENT, "отсутствовал": AttendanceStatus.ABSENT,
}


ANALYZE_AFTER = 10_000


@dataclass(frozen=True)
class AttendanceEntry:
    session_id: int
    participant_id: int
    status: AttendanceStatus
    minutes: int


def upsert_attendance(uow: UnitOfWork, entries: list[AttendanceEntry], batch_size: int = 5000) -> int:
    """Write entries in bulk; an existing (session, participant) row is replaced."""
    session = uow.session
    assert session is not None
    if not entries:
        return 0
    connection = session.connection()
    statement = insert_or_update(connection, AttendanceRow)
    statement = statement.on_conflict_do_update(
        index_elements=["session_id", "participant_id"],
        set_={"status": statement.excluded.status, "minutes": statement.excluded.minutes, "recorded_at": func.now()},
    )
    # Compiled once and sent as executemany batches: the statement count grows
    # with the number of batches, not of rows.
    ordered = sorted(entries, key=lambda entry: (entry.session_id, entry.participant_id))  # index order: fewer page splits
    for start in range(0, len(ordered), batch_size):
        batch = ordered[start : start + batch_size]
        connection.execute(statement, [{"session_id": e.session_id, "participant_id": e.participant_id, "status": e.status.value, "minutes": e.minutes} for e in batch])
    if len(entries) >= ANALYZE_AFTER:
        # Fresh statistics let the planner sum everyone's minutes from the
        # covering index instead of visiting the table row by row.
        connection.exec_driver_sql("ANALYZE attendance")
    return len(entries)


def default_minutes(status: AttendanceStatus, length: int) -> int | None:
    if status is AttendanceStatus.PRESENT:
        return length
    if status in (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT):
        return 0
    return None  # late: the trainer writes how long the person stayed


def parse_status(text: str) -> AttendanceStatus | None:
    return STATUS_WORDS.get(text.strip().casefold())


def import_attendance(uow: UnitOfWork, programme: Programme, file: Path) -> int:
    """Import a filled attendance sheet (the template): all rows or none."""
    table = read_table(file, ALIASES)
    missing = [name for name in ("session", "ref", "status") if name not in table.columns]
    if missing:
        raise ImportRowsError(file, [RowError(1, name, "the column is missing") for name in missing])
    session = uow.session
    assert session is not None
    codes = {row.values.get("session", "").strip() for row in table.rows}
    sessions = {
        row.code: row
        for row in session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.code.in_(codes)))
    }
    refs = {row.values.get("ref", "").strip() for row in table.rows}
    participants = dict(session.execute(select(ParticipantRow.external_ref, ParticipantRow.id).where(ParticipantRow.external_ref.in_(refs))).all())
    errors: list[RowError] = []
    entries: dict[tuple[int, int], AttendanceEntry] = {}
    for row in table.rows:
        code, ref = row.values.get("session", "").strip(), row.values.get("ref", "").strip()
        status_text = row.values.get("status", "").strip()
        if not status_text:
            continue  # not filled in yet
        found = sessions.get(code)
        if found is None:
            errors.append(RowError(row.number, "session", f"unknown session '{code}'"))
        participant_id = participants.get(ref)
        if participant_id is None:
            errors.append(RowError(row.number, "ref", f"unknown participant '{ref}'"))
        status = parse_status(status_text)
        if status is None:
            errors.append(RowError(row.number, "status", f"'{status_text}' is not a status: write present, late, excused or absent"))
        if found is None or participant_id is None or status is None:
            continue
        length = session_minutes(found)
        minutes_text = row.values.get("minutes", "").strip()
        minutes = default_minutes(status, length)
        if minutes_text:
            try:
                minutes = int(float(minutes_text.replace(",", ".")))
            except ValueError:
                errors.append(RowError(row.number, "minutes", f"'{minutes_text}' is not a number of minutes"))
                continue
        if minutes is None:
            errors.append(RowError(row.number, "minutes", "write how many minutes a late participant attended"))
            continue
        if not 0 <= minutes <= length:
            errors.append(RowError(row.number, "minutes", f"{minutes} is outside 0–{length}, the length of the session"))
            continue
        if status in (AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT) and minutes:
            errors.append(RowError(row.number, "minutes", f"an {status.value} participant attended 0 minutes, not {minutes}"))
            continue
        key = (found.id, participant_id)
        if key in entries:
            errors.append(RowError(row.number, "ref", f"'{ref}' appears twice for session '{code}'"))
            continue
        entries[key] = AttendanceEntry(found.id, participant_id, status, minutes)
    if errors:
        raise ImportRowsError(file, errors)
    return upsert_attendance(uow, list(entries.values()))


def record_session(uow: UnitOfWork, programme: Programme, code: str, marks: dict[str, tuple[AttendanceStatus, int | None]]) -> int:
    """Record one session from the command line: {participant ref: (status, minutes)}."""
    found = find_session(uow, programme, code)
    session = uow.session
    assert session is not None
    ids = dict(session.execute(select(ParticipantRow.external_ref, ParticipantRow.id).where(ParticipantRow.external_ref.in_(list(marks)))).all())
    unknown = sorted(set(marks) - set(ids))
    if unknown:
        raise ImportRowsError(Path(code), [RowError(0, "ref", f"unknown participant '{ref}'") for ref in unknown])
    length = session_minutes(found)
    entries = []
    for ref, (status, minutes) in marks.items():
        value = minutes if minutes is not None else default_minutes(status, length)
        entries.append(AttendanceEntry(found.id, ids[ref], status, length if value is None else value))
    return upsert_attendance(uow, entries)


def sheet_rows(uow: UnitOfWork, programme: Programme, code: str) -> tuple[TrainingSessionRow, list[ParticipantRow]]:
    """A session and the people expected at it (its group, else everyone enrolled in its course)."""
    found = find_session(uow, programme, code)
    session = uow.session
    assert session is not None
    query = select(ParticipantRow).join(EnrolmentRow, EnrolmentRow.participant_id == ParticipantRow.id).where(
        EnrolmentRow.programme_id == programme.id, EnrolmentRow.course_id == (found.course_id or found.event_id)
    )
    if found.group_id is not None:
        group = session.get(CourseGroupRow, found.group_id)
        if group is not None and group.course_id == found.course_id:
            query = query.where(EnrolmentRow.group_id == found.group_id)
    people = list(session.scalars(query.order_by(ParticipantRow.last_name, ParticipantRow.first_name)))
    return found, people
