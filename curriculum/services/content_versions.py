"""Recording which content version a run used, once per version."""

from __future__ import annotations

from ..model import Programme
from ..store import UnitOfWork


def register_content_version(uow: UnitOfWork, programme: Programme, content_hash: str) -> tuple[int, bool]:
    """The id of the version row for this content, and whether it was new.

    Registering the same content again returns the existing row: re-running
    the demo or an export never duplicates records.
    """
    existing = uow.content_versions.get(programme.id, content_hash)
    if existing is not None:
        return existing.id, False
    summary = {
        "courses": [course.id for course in programme.courses],
        "events": [event.id for event in programme.events],
        "languages": list(programme.languages),
        "modules": sorted(programme.modules),
    }
    row = uow.content_versions.add(programme.id, content_hash, programme.text(programme.title, programme.main_language), summary)
    return row.id, True
