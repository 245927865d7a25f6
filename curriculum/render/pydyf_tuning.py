"""Two costs of pydyf, which writes WeasyPrint's PDFs, cut for our documents.

* **Deflate level.** pydyf deflates every stream (page content, fonts, the
  object stream) at zlib's level 9. On the bundled guides that is 7% of all
  the time spent making them, for files 4% smaller than at zlib's default
  level 6: the English 000 guides' streams took 0.85 s at level 9 and 0.18 s
  at level 6, and came to 1.46 MB and 1.52 MB. pydyf has no setting for it,
  so its module is given a zlib whose ``compressobj`` uses level 6;
  everything else is the real zlib. Any reader inflates both the same way.
* **Page references.** ``PDF.page_references`` builds the tuple of every
  page's reference each time it is read, and WeasyPrint reads it once per
  tagged element (PDF/UA): pages times elements, 1–2% of the time. Here it is
  built again only when a page has been added since.

Both are set once per process, before its first PDF (``tune_pydyf``), and
leave a pydyf whose insides have changed as it is.
"""

from __future__ import annotations

import zlib
from types import ModuleType
from typing import Any

LEVEL = 6


class _DefaultLevelZlib(ModuleType):
    """The zlib module, but ``compressobj`` at ``LEVEL`` whatever level is asked for."""

    def __init__(self) -> None:
        super().__init__("zlib")

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = LEVEL, *args: Any, **kwargs: Any) -> Any:  # noqa: ARG004 (the level asked for is the one replaced)
        return zlib.compressobj(LEVEL, *args, **kwargs)


_ZLIB = _DefaultLevelZlib()


def _page_references(pdf: Any) -> tuple[bytes, ...]:
    """pydyf's ``PDF.page_references``, kept until the list of pages changes."""
    kids = pdf.pages["Kids"]
    key = (id(kids), len(kids))
    cached = pdf.__dict__.get("_page_references_cache")
    if cached is None or cached[0] != key:
        cached = (key, tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_page_references_cache"] = cached
    return cached[1]


def tune_pydyf() -> None:
    """Deflate at level 6 and keep page references, in this process (idempotent)."""
    import pydyf

    if getattr(pydyf, "zlib", None) is zlib:
        pydyf.zlib = _ZLIB
    current = getattr(pydyf.PDF, "page_references", None)
    if isinstance(current, property) and current.fget is not None and current.fget.__name__ == "page_references":
        pydyf.PDF.page_references = property(_page_references, doc=current.__doc__)
