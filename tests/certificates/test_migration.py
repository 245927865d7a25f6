"""Migration 0002 matches the ORM and upgrades a 0001 database that already holds certificates."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from curriculum.store import create_db_engine, open_database, schema_state, upgrade
from curriculum.store.database import _alembic_config
from curriculum.store.orm import Base


def test_the_migrated_schema_is_the_orm_schema(database_url):
    engine = open_database(database_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_a_0001_database_with_certificates_upgrades_and_keeps_them(database_url):
    engine = create_db_engine(database_url)
    config = _alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.execute(text("insert into participants (first_name, last_name, is_minor, dedup_key) values ('Anna', 'Bērziņa', false, 'a')"))
        connection.execute(text(
            "insert into certificates (serial, verification_code, programme_id, course_id, participant_id, language, issued_on, payload) "
            "values ('LCC-2010-0001', 'ABCD-EFGH-JKMN', 'different-client', 'c', 1, 'lv', :day, '{}')"
        ), {"day": dt.date(2010, 6, 1)})
    assert schema_state(engine).current == "0001"
    assert upgrade(engine).up_to_date
    with engine.connect() as connection:
        columns = {column["name"]: column for column in inspect(connection).get_columns("certificates")}
        assert columns["participant_id"]["nullable"] and "key_id" in columns
        assert {"certificate_counters", "signing_keys"} <= set(inspect(connection).get_table_names())
        assert connection.execute(text("select serial, participant_id from certificates")).all() == [("LCC-2010-0001", 1)]
    engine.dispose()
