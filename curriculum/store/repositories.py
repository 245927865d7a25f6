"""Repositories: get and add records without callers touching SQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .orm import ContentVersionRow


class ContentVersions:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, programme_id: str, content_hash: str) -> ContentVersionRow | None:
        return self._session.scalars(
            select(ContentVersionRow).where(ContentVersionRow.programme_id == programme_id, ContentVersionRow.content_hash == content_hash)
        ).one_or_none()

    def add(self, programme_id: str, content_hash: str, title: str, summary: dict[str, Any]) -> ContentVersionRow:
        row = ContentVersionRow(programme_id=programme_id, content_hash=content_hash, title=title, summary=summary)
        self._session.add(row)
        self._session.flush()
        return row

    def for_programme(self, programme_id: str) -> list[ContentVersionRow]:
        return list(
            self._session.scalars(select(ContentVersionRow).where(ContentVersionRow.programme_id == programme_id).order_by(ContentVersionRow.id))
        )

    def count(self) -> int:
        return len(list(self._session.scalars(select(ContentVersionRow.id))))
