"""The one family of errors the library raises, so callers catch at the level they need."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .content.problems import Problem


class CurriculumError(Exception):
    """Base of every error this project raises on purpose."""


class ContentError(CurriculumError):
    """A content folder has problems; ``problems`` lists each with file, line and field."""

    def __init__(self, folder: Path, problems: "list[Problem]") -> None:
        self.folder = folder
        self.problems = problems
        super().__init__(f"{folder}: {len(problems)} problem(s) in the content")


class NotAProgrammeError(CurriculumError):
    """The path given is not a programme folder, the library, or a content root."""


class DatabaseError(CurriculumError):
    """The database cannot be reached or brought up to date."""
