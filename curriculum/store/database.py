"""Opening the records database: which URL, which engine, schema up to date.

SQLite in the working folder is the embedded default; PostgreSQL by URL for
a national programme. A new database is migrated automatically; an existing
one that is behind is upgraded only on request (`curriculum db upgrade`), so
nobody's production schema changes by surprise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from ..errors import DatabaseError

DATABASE_ENV = "CURRICULUM_DATABASE_URL"
DEFAULT_DATABASE_FILE = "curriculum.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def resolve_database_url(explicit: str | None = None, folder: Path | None = None) -> str:
    """``explicit``, else $CURRICULUM_DATABASE_URL, else a SQLite file in ``folder`` (default: cwd)."""
    if explicit:
        return explicit
    from_env = os.environ.get(DATABASE_ENV)
    if from_env:
        return from_env
    return sqlite_url((folder or Path.cwd()) / DEFAULT_DATABASE_FILE)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unreadable database URL>"


def create_db_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"'{safe_url(url)}' is not a database URL; use e.g. sqlite:///records.db or postgresql+psycopg://user@host/db") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("psycopg2", "psycopg2cffi"):
        raise DatabaseError("use the psycopg 3 driver: postgresql+psycopg://...")
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # A 64 MiB page cache and in-memory temporary tables: aggregates over
    # millions of attendance marks stay in memory instead of on disk.
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def schema_state(engine: Engine) -> SchemaState:
    head = ScriptDirectory.from_config(_alembic_config(str(engine.url))).get_current_head()
    assert head is not None
    try:
        with engine.connect() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as error:
        raise DatabaseError(f"cannot open the database {safe_url(str(engine.url))}: {error.orig}") from None
    return SchemaState(current=current, head=head)


def upgrade(engine: Engine) -> SchemaState:
    """Bring the schema to the newest migration (one transaction per migration run)."""
    config = _alembic_config(engine.url.render_as_string(hide_password=False))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as error:
        raise DatabaseError(f"could not upgrade the database {safe_url(str(engine.url))}: {getattr(error, 'orig', error)}") from None
    return schema_state(engine)


def open_database(url: str) -> Engine:
    """An engine whose schema is current: a new (empty) database is created on the spot."""
    engine = create_db_engine(url)
    state = schema_state(engine)
    if state.up_to_date:
        return engine
    if state.current is None:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        if tables:
            raise DatabaseError(
                f"the database {safe_url(url)} has tables ({', '.join(sorted(tables)[:5])}) but none of ours: "
                "point --db at an empty database or at one made by curriculum"
            )
        upgrade(engine)
        return engine
    raise DatabaseError(
        f"the database {safe_url(url)} is at schema version {state.current}, this program needs {state.head}: "
        "run 'curriculum db upgrade' (back it up first)"
    )
