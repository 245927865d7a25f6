"""The records store: SQLAlchemy ORM, repositories, unit of work, migrations."""

from .database import (
    DATABASE_ENV,
    DEFAULT_DATABASE_FILE,
    SchemaState,
    create_db_engine,
    open_database,
    resolve_database_url,
    safe_url,
    schema_state,
    sqlite_url,
    upgrade,
)
from .unit_of_work import UnitOfWork

__all__ = [
    "DATABASE_ENV",
    "DEFAULT_DATABASE_FILE",
    "SchemaState",
    "UnitOfWork",
    "create_db_engine",
    "open_database",
    "resolve_database_url",
    "safe_url",
    "schema_state",
    "sqlite_url",
    "upgrade",
]
