"""Sections laid out once and printed in many documents.

Every guide of a programme prints the programme's guide chapters, and the
courses often share their knowledge check: the same HTML with the same
stylesheets, so the same pages, laid out again for every course. Laying out
text is most of the cost of a PDF, so a section the templates mark with
``data-shared-layout`` is laid out once, in a document of its own, and kept.

The document around it is then laid out with a stand-in for the section: the
same opening tag (so its id, classes and page break), its heading (which sets
the footer's chapter title and the bookmark) and empty page breaks, one page
for each page of the section. WeasyPrint fills in everything that depends on
the whole document as usual: the contents' page numbers, the running header
and footer, "page x of y". Last, each stand-in page's body is swapped for the
section's own laid-out page; the header and footer stay.

What this needs, checked before a section is reused (otherwise the document
is laid out whole, as before):

* the section does not print page numbers of other sections
  (``target-counter``: the templates' cross-references, class ``xref``);
* its pages do not depend on where they fall: no ``:first``, ``:left``,
  ``:right``, ``:blank`` or ``:nth()`` page rules in the stylesheets;
* the stand-in comes out with exactly one page per page of the section,
  and nothing follows it on its last page (what comes next starts a page).
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

MARK = "data-shared-layout"
STAND_IN = "data-shared-stand-in"

_OPEN = re.compile(r"<section\b[^>]*\b" + MARK + r"\b[^>]*>")
_SECTION_TAG = re.compile(r"<(/?)section\b[^>]*>", re.IGNORECASE)
_HEADER = re.compile(r"<header\b.*?</header>", re.DOTALL | re.IGNORECASE)
_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_PLACED_PAGES = re.compile(r":(first|left|right|blank|nth)\b", re.IGNORECASE)

# Margin boxes of a section laid out alone are never shown: the document's own are kept.
_MARGIN_BOXES = (
    *(f"{edge}-{place}" for edge in ("top", "bottom") for place in ("left-corner", "left", "center", "right", "right-corner")),
    *(f"{edge}-{place}" for edge in ("left", "right") for place in ("top", "middle", "bottom")),
)
NO_MARGIN_BOXES = "@page {" + "".join(f" @{box} {{ content: none; }}" for box in _MARGIN_BOXES) + " }"


@dataclass(frozen=True)
class Shared:
    """A marked section of a document's HTML."""

    start: int
    end: int
    open_tag: str
    html: str
    header: str


def shared_sections(html: str) -> list[Shared]:
    """The marked sections that can be laid out alone (see the module's docstring)."""
    found = []
    position = 0
    while match := _OPEN.search(html, position):
        depth, end = 0, None
        for tag in _SECTION_TAG.finditer(html, match.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.end()
                break
        if end is None:
            break
        section = html[match.start() : end]
        header = _HEADER.search(section)
        if header is not None and 'class="xref"' not in section:
            found.append(Shared(match.start(), end, match.group(0), section, header.group(0)))
        position = end
    return found


def reusable_with(stylesheets: Sequence[str]) -> bool:
    """Whether pages laid out alone look the same in the document with these stylesheets."""
    for source in stylesheets:
        for rule in re.finditer(r"@page\b([^{]*)\{", source):
            if _PLACED_PAGES.search(rule.group(1)):
                return False
    return True


def alone(html: str, section: Shared) -> str:
    """The section alone, inside the document's own html and body tags (language, classes), no head:
    the head names the course, and the section's pages must not depend on it."""
    root, body = _HTML.search(html), _BODY.search(html)
    assert body is not None
    opening = root.group(0) if root is not None else "<html>"
    return f'<!DOCTYPE html>\n{opening}<head><meta charset="utf-8"></head>{body.group(0)}{section.html}</body></html>'


def with_stand_ins(html: str, sections: Sequence[Shared], pages: Sequence[int]) -> str:
    """``html`` with each section replaced by a stand-in of ``pages[n]`` pages, marked for ``swap``."""
    parts, position = [], 0
    for number, (section, count) in enumerate(zip(sections, pages)):
        opening = section.open_tag[:-1] + f' {STAND_IN}="{number}">'
        breaks = "".join(f'<div id="{_anchor(number, page)}" style="break-before: page"></div>' for page in range(1, count))
        parts += [html[position : section.start], opening, f'<div id="{_anchor(number, 0)}"></div>', section.header, breaks, "</section>"]
        position = section.end
    parts.append(html[position:])
    return "".join(parts)


def _anchor(number: int, page: int) -> str:
    return f"shared-stand-in-{number}-{page}"


def swap(pages: Sequence[Any], laid_out: Sequence[Sequence[Any]], page_class: Callable[[Any], Any]) -> list[Any] | None:
    """The document's pages with each stand-in's body replaced by the section's pages.

    ``pages`` are WeasyPrint pages of the document with stand-ins,
    ``laid_out[n]`` the root boxes of section n's pages, ``page_class``
    WeasyPrint's Page. None if a stand-in did not come out page for page.
    """
    where = {name: index for index, page in enumerate(pages) for name in page.anchors}
    replace: dict[int, tuple[int, Any]] = {}
    for number, roots in enumerate(laid_out):
        first = where.get(_anchor(number, 0))
        for offset in range(len(roots)):
            if first is None or where.get(_anchor(number, offset)) != first + offset or first + offset in replace:
                return None
            replace[first + offset] = (number, roots[offset])
    result = []
    for index, page in enumerate(pages):
        if index not in replace:
            result.append(page)
            continue
        number, root = replace[index]
        page_box = page._page_box
        own_root, *rest = page_box.children
        if not _remove_stand_in(own_root, str(number)):
            return None
        page_box.children = (own_root, root, *rest)
        result.append(page_class(page_box))
    return result


def _remove_stand_in(box: Any, number: str) -> bool:
    """Take the stand-in's boxes out of the page (what comes before it, a part's bookmark, stays).

    False if it is not there, or if anything follows it on the page: that
    would sit on top of the section's own page.
    """
    children = getattr(box, "children", None)
    if not isinstance(children, list | tuple):
        return False
    for position, child in enumerate(children):
        if _is_stand_in(child, number):
            if position != len(children) - 1:
                return False
            box.children = children[:position]
            return True
        if _remove_stand_in(child, number):
            return position == len(children) - 1
    return False


def _is_stand_in(box: Any, number: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and getattr(element, "get", None) is not None and element.get(STAND_IN) == number and "::" not in box.element_tag


class SectionCache:
    """Laid-out pages of shared sections, most recently used kept (they hold a lot of memory)."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._pages: OrderedDict[str, list[Any]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(document: str, stylesheets: Sequence[str], base_url: str) -> str:
        digest = hashlib.sha256()
        for part in (document, base_url, *stylesheets):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()

    def get(self, key: str) -> list[Any] | None:
        pages = self._pages.get(key)
        if pages is not None:
            self._pages.move_to_end(key)
            self.hits += 1
        return pages

    def put(self, key: str, roots: list[Any]) -> None:
        self.misses += 1
        self._pages[key] = roots
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)

    def clear(self) -> None:
        self._pages.clear()
