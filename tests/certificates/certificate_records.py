"""Records to issue certificates from: the mini programme with three people.

Ģirts and Jūratė attend both sessions (they complete); Ёлка misses one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from curriculum.model import AttendanceStatus, Programme
from curriculum.services.attendance import record_session
from curriculum.services.participants import import_participants
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.signing import SigningKey, load_or_create_key
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import ParticipantRow
from helpers import MINI, mini_programme, write_csv

URL = "http://127.0.0.1:8765/verify/"
ISSUED_ON = dt.date(2026, 2, 6)


@dataclass
class Course:
    programme: Programme
    folder: Path
    engine: Engine
    key: SigningKey
    refs: dict[str, str]
    ids: dict[str, int]


def enrol_mini(engine: Engine, tmp_path: Path) -> tuple[dict[str, str], dict[str, int]]:
    programme = mini_programme()
    people = write_csv(tmp_path / "people.csv", "first_name;last_name;email\nĢirts;Ķēniņš;g@example.lv\nJūratė;Žemaitytė;j@example.lt\nЁлка;Щукина;e@example.org\n")
    plans = [
        SessionPlan(code="s1", course="desk-basics", group="g1", date=dt.date(2026, 2, 2), start="10:00", end="10:30", modules=["first-contact"]),
        SessionPlan(code="s2", course="desk-basics", group="g1", date=dt.date(2026, 2, 3), start="10:00", end="10:30"),
    ]
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, people, "desk-basics", "g1")
        schedule_sessions(uow, programme, plans)
        refs = {row.first_name: row.external_ref for row in uow.session.scalars(select(ParticipantRow))}
        ids = {row.first_name: row.id for row in uow.session.scalars(select(ParticipantRow))}
        record_session(uow, programme, "s1", {ref: (AttendanceStatus.PRESENT, None) for ref in refs.values()})
        record_session(uow, programme, "s2", {refs["Ģirts"]: (AttendanceStatus.PRESENT, None), refs["Jūratė"]: (AttendanceStatus.PRESENT, None)})
        uow.commit()
    return refs, ids


@pytest.fixture
def mini_course(database_url: str, tmp_path: Path) -> Course:
    engine = open_database(database_url)
    refs, ids = enrol_mini(engine, tmp_path)
    key = load_or_create_key(tmp_path / "keys" / "signing.pem")
    yield Course(mini_programme(), MINI, engine, key, refs, ids)
    engine.dispose()
