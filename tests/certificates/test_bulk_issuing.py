"""Issuing hundreds costs the same handful of statements as issuing a few."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event, select

from curriculum.model import AttendanceStatus
from curriculum.services.attendance import record_session
from curriculum.services.certificates import issue_certificates
from curriculum.services.participants import import_participants
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.signing import load_or_create_key
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import ParticipantRow
from certificate_records import URL
from helpers import mini_programme, write_csv


def _statements_to_issue(database_url: str, tmp_path: Path, people: int) -> tuple[int, int]:
    programme = mini_programme()
    engine = open_database(database_url)
    rows = "".join(f"Ilze{n};Bērziņa{n};i{n}@example.lv\n" for n in range(people))
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, write_csv(tmp_path / f"p{people}.csv", "first_name;last_name;email\n" + rows), "desk-basics", "g1")
        schedule_sessions(uow, programme, [SessionPlan(code="s1", course="desk-basics", group="g1", date=dt.date(2026, 2, 2), start="10:00", end="11:00")])
        refs = uow.session.scalars(select(ParticipantRow.external_ref)).all()
        record_session(uow, programme, "s1", {ref: (AttendanceStatus.PRESENT, None) for ref in refs})
        uow.commit()
    key = load_or_create_key(tmp_path / "key.pem")
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with UnitOfWork(engine) as uow:
        summary = issue_certificates(uow, programme, "desk-basics", key, URL, issued_on=dt.date(2026, 2, 6))
        uow.commit()
    engine.dispose()
    return len(summary.issued), len(statements)


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_issuing_400_takes_no_more_statements_than_issuing_5(database, tmp_path: Path, request):
    def url(name: str) -> str:
        if database == "sqlite":
            return f"sqlite:///{tmp_path / name}.db"
        return request.getfixturevalue("postgres_cluster").create_database(f"bulk_{name}_{tmp_path.name[-8:]}".lower().replace("-", "_"))

    few, few_statements = _statements_to_issue(url("few"), tmp_path, 5)
    many, many_statements = _statements_to_issue(url("many"), tmp_path, 400)
    assert (few, many) == (5, 400)
    # the insert goes in batches of 250 rows: 400 certificates are two INSERTs instead of one
    assert many_statements <= few_statements + 1, (few_statements, many_statements)
    assert few_statements <= 15
