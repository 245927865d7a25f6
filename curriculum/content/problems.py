"""A problem found in content: where it is (file, line, field) and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """('courses', 0, 'hours') -> 'courses[0].hours'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass(frozen=True, order=True)
class Problem:
    file: Path
    line: int | None
    field: str
    message: str

    def describe(self, relative_to: Path | None = None) -> str:
        location = str(self.file)
        if relative_to is not None:
            try:
                location = str(self.file.relative_to(relative_to))
            except ValueError:
                pass
        if self.line:
            location += f":{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{location}:{field} {self.message}"
