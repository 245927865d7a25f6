"""What every step of the main job gets and gives back (kept apart from the
steps so each capability's step module can import it without cycles)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..content.loader import LoadResult

Progress = Callable[[str, int, int], None]


@dataclass
class Output:
    label: str
    path: Path
    programme: str | None = None


@dataclass
class DemoContext:
    """What every step gets: where to write, the loaded content, the database."""

    out_dir: Path
    content_root: Path
    database_url: str
    loaded: list[LoadResult]
    progress: Progress
    version_ids: dict[str, int] = field(default_factory=dict)
    config_file: str | None = None  # the global --config: Moodle site, signing key

    @property
    def programmes(self) -> list[LoadResult]:
        """The programmes that loaded without problems: the ones outputs are made from."""
        return [item for item in self.loaded if item.ok]

    def folder_for(self, item: LoadResult) -> Path:
        folder = self.out_dir / item.folder.name
        folder.mkdir(parents=True, exist_ok=True)
        return folder


@dataclass
class DemoResult:
    out_dir: Path
    database_url: str
    outputs: list[Output] = field(default_factory=list)
    problems: dict[str, int] = field(default_factory=dict)
    new_versions: int = 0

    @property
    def ok(self) -> bool:
        return not any(self.problems.values())


Step = Callable[[DemoContext, DemoResult], list[Output]]
