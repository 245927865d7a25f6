"""Modules and courses completed in an LMS, as the last pull found them.

Kept apart from the pull itself (which needs the Moodle adapter) so the
completion rule can read them without importing any adapter.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from ..store import UnitOfWork
from ..store.orm import LmsCompletionRow
from ..store.upsert import insert_or_update


def store_completions(uow: UnitOfWork, programme_id: str, course_id: str, rows: dict[tuple[int, str], bool], source: str) -> None:
    """Upsert one row per (participant, module): a second pull replaces the first."""
    if not rows:
        return
    session = uow.session
    assert session is not None
    connection = session.connection()
    statement = insert_or_update(connection, LmsCompletionRow)
    statement = statement.on_conflict_do_update(
        index_elements=["participant_id", "programme_id", "course_id", "module_id"],
        set_={"completed": statement.excluded.completed, "completed_at": statement.excluded.completed_at, "recorded_at": func.now()},
    )
    now = dt.datetime.now(dt.timezone.utc)
    connection.execute(statement, [
        {"participant_id": participant_id, "programme_id": programme_id, "course_id": course_id, "module_id": module,
         "completed": done, "completed_at": now if done else None, "source": source}
        for (participant_id, module), done in sorted(rows.items())
    ])


def lms_completed_modules(uow: UnitOfWork, programme_id: str, course_id: str) -> dict[int, set[str]]:
    """{participant id: modules completed in the LMS}: what completion adds to the modules covered in sessions."""
    session = uow.session
    assert session is not None
    completed: dict[int, set[str]] = {}
    for participant_id, module in session.execute(
        select(LmsCompletionRow.participant_id, LmsCompletionRow.module_id).where(
            LmsCompletionRow.programme_id == programme_id, LmsCompletionRow.course_id == course_id,
            LmsCompletionRow.completed.is_(True), LmsCompletionRow.module_id != "",
        )
    ):
        completed.setdefault(participant_id, set()).add(module)
    return completed
