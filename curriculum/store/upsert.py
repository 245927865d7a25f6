"""INSERT ... ON CONFLICT for the database in use: the store runs on PostgreSQL and
SQLite, whose SQLAlchemy dialects each have their own ``insert`` with that clause."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


def insert_or_update(bind: Connection | Session, table: Any) -> Any:
    """An INSERT on ``table`` that accepts ``on_conflict_do_update`` / ``on_conflict_do_nothing``."""
    dialect = bind.get_bind().dialect.name if isinstance(bind, Session) else bind.dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
