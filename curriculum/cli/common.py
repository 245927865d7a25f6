"""Consoles and small helpers shared by the commands."""

from __future__ import annotations

from rich.console import Console

console = Console(highlight=False)
console_err = Console(stderr=True, highlight=False)


def open_records(obj: dict):
    """The records database the global --db option (or the default) names, ready to use."""
    from ..store import open_database, resolve_database_url

    return open_database(resolve_database_url(obj.get("database_url")))


def settings(obj: dict):
    """The site settings (config file plus environment) the global --config option names."""
    from ..config import load_settings

    return load_settings(obj.get("config_file"))


def programme_argument(value: str):
    """Load PROGRAMME (a folder, a bundled folder name or a programme id); it must be valid."""
    from ..content import load_valid_programme

    return load_valid_programme(value)
