"""db: the records database's schema."""

from __future__ import annotations

import click

from ..store import create_db_engine, resolve_database_url, safe_url, schema_state, upgrade
from .common import console


@click.group()
def db() -> None:
    """Look after the records database (SQLite file or PostgreSQL).

    The database is chosen by the global --db option, else
    CURRICULUM_DATABASE_URL, else curriculum.db in the working folder. A new
    database is set up automatically on first use.
    """


@db.command("upgrade")
@click.pass_obj
def db_upgrade(obj: dict) -> None:
    """Bring the database schema to this version of curriculum (back it up first)."""
    url = resolve_database_url(obj.get("database_url"))
    engine = create_db_engine(url)
    before = schema_state(engine)
    if before.up_to_date:
        console.print(f"{safe_url(url)} is up to date (schema {before.head}).")
        return
    after = upgrade(engine)
    console.print(f"{safe_url(url)}: schema {before.current or 'empty'} → {after.current}.")


@db.command("current")
@click.pass_obj
def db_current(obj: dict) -> None:
    """Show which schema version the database is at."""
    url = resolve_database_url(obj.get("database_url"))
    state = schema_state(create_db_engine(url))
    status = "up to date" if state.up_to_date else f"behind: run 'curriculum db upgrade' to reach {state.head}"
    console.print(f"{safe_url(url)}: schema {state.current or 'none (new database)'}, {status}.")
