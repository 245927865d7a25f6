"""One `with` block is one transaction: leave it without commit() and nothing changed.

That is what makes an import all-or-nothing.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .repositories import ContentVersions


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._factory = sessionmaker(bind=engine, expire_on_commit=False)
        self.session: Session | None = None

    def __enter__(self) -> "UnitOfWork":
        self.session = self._factory()
        self.content_versions = ContentVersions(self.session)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        assert self.session is not None
        # close() rolls back whatever was not committed and detaches the
        # objects with the state they had, so results stay readable.
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None, "commit() outside 'with'"
        self.session.commit()
