"""The records database on real SQLite and a real PostgreSQL 15."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from curriculum.content import load_programme
from curriculum.errors import DatabaseError
from curriculum.services.content_versions import register_content_version
from curriculum.store import UnitOfWork, create_db_engine, open_database, resolve_database_url, safe_url, schema_state, upgrade
from curriculum.store.orm import ParticipantRow

MINI = Path(__file__).parents[1] / "content" / "fixtures" / "mini" / "desk-basics"
RECORD_TABLES = {"participants", "course_groups", "enrolments", "training_sessions", "attendance", "certificates", "content_versions"}


def test_a_new_database_is_migrated_on_first_use(database_url):
    engine = open_database(database_url)
    tables = set(inspect(engine).get_table_names())
    assert RECORD_TABLES <= tables
    assert schema_state(engine).up_to_date


def test_registering_the_same_content_twice_keeps_one_version(database_url):
    loaded = load_programme(MINI)
    programme = loaded.require()
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        first_id, created = register_content_version(uow, programme, loaded.content_hash)
        uow.commit()
    assert created
    with UnitOfWork(engine) as uow:
        second_id, created_again = register_content_version(uow, programme, loaded.content_hash)
        uow.commit()
        assert not created_again
        assert second_id == first_id
        assert [row.content_hash for row in uow.content_versions.for_programme("demo-mini")] == [loaded.content_hash]


def test_leaving_a_unit_of_work_without_commit_changes_nothing(database_url):
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        uow.session.add(ParticipantRow(first_name="Līga", last_name="Ozoliņa", dedup_key="līga ozoliņa"))
        uow.session.flush()
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from participants")).scalar_one() == 0


def test_names_with_every_baltic_and_cyrillic_letter_are_stored_exactly(database_url):
    engine = open_database(database_url)
    names = [("Ģirts", "Ķēniņš-Žūriņa"), ("Jūratė", "Ąžuolaitė-Ęlė"), ("Ёлка", "Щукина")]
    with UnitOfWork(engine) as uow:
        uow.session.add_all(ParticipantRow(first_name=first, last_name=last, dedup_key=f"{first} {last}") for first, last in names)
        uow.commit()
    with engine.connect() as connection:
        rows = connection.execute(text("select first_name, last_name from participants order by id")).all()
    assert [tuple(row) for row in rows] == names


def test_upgrade_is_idempotent(database_url):
    engine = create_db_engine(database_url)
    assert upgrade(engine).up_to_date
    assert upgrade(engine).up_to_date


def test_a_database_with_foreign_tables_is_not_touched(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(text("create table invoices (id integer primary key)"))
    with pytest.raises(DatabaseError, match="none of ours"):
        open_database(url)


def test_the_database_url_comes_from_option_then_environment_then_working_folder(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("CURRICULUM_DATABASE_URL", raising=False)
    assert resolve_database_url(None, tmp_path) == f"sqlite:///{tmp_path / 'curriculum.db'}"
    monkeypatch.setenv("CURRICULUM_DATABASE_URL", "sqlite:///from-env.db")
    assert resolve_database_url(None, tmp_path) == "sqlite:///from-env.db"
    assert resolve_database_url("sqlite:///explicit.db", tmp_path) == "sqlite:///explicit.db"


def test_passwords_never_appear_in_messages():
    assert "s3cret" not in safe_url("postgresql+psycopg://trainer:s3cret@db.example/records")
    with pytest.raises(DatabaseError) as raised:
        open_database("postgresql+psycopg://trainer:s3cret@127.0.0.1:1/records")
    assert "s3cret" not in str(raised.value)
