"""Two layers per certificate, joined while WeasyPrint writes the PDF.

Everything the certificates of one course, language and date share (frame,
logos, title, course, hours, modules, signatures, acknowledgement) is drawn
by WeasyPrint once per batch: the "static" layer. Per certificate WeasyPrint
lays out and draws only the name, the numbers and the QR code: the
"variable" layer, a few boxes instead of a few hundred. While WeasyPrint
writes a certificate's PDF, a finisher puts the static page's operators
first into the page's content stream and its fonts, images and graphics
states into the page's resources (copied as they are: font files stay
compressed, never decoded). WeasyPrint's own writer then writes the file
(compressed object streams), so it is no larger than one drawn whole.

The layers use different fonts (see certificate.css), so each font is
embedded once; the page looks the same, and reads the same to pypdf or
pdftotext, as one drawn whole (tests/render/test_certificate_pdf.py
compares both, pixel by pixel).
"""

from __future__ import annotations

import io
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from typing import TYPE_CHECKING

from .view import CertificateView

if TYPE_CHECKING:
    import pydyf

# pypdf and pydyf are imported when the first certificate is drawn, not when
# the command starts.

# The parts of a certificate that differ between participants.
VARIABLE_FIELDS = frozenset({"serial", "verification_code", "verification_url", "participant_name", "attachment"})
STATIC_CACHE = 32


def static_key(view: CertificateView) -> tuple:
    """Certificates with the same key share their static layer."""
    return tuple(getattr(view, field.name) for field in fields(view) if field.name not in VARIABLE_FIELDS)


@dataclass(frozen=True)
class StaticLayer:
    """The static page of a group of certificates, parsed once, copied into each PDF."""

    key: tuple
    page: Any  # a pypdf PageObject
    content: bytes  # the page's operators, decoded

    @classmethod
    def from_pdf(cls, key: tuple, pdf: bytes) -> "StaticLayer":
        from pypdf import PdfReader
        from pypdf.generic import ArrayObject

        page = PdfReader(io.BytesIO(pdf)).pages[0]
        contents = page["/Contents"].get_object()
        parts = list(contents) if isinstance(contents, ArrayObject) else [contents]
        return cls(key, page, b"\n".join(part.get_object().get_data() for part in parts))


class StaticLayers:
    """This process's static layers, the most recently used kept."""

    def __init__(self, size: int = STATIC_CACHE) -> None:
        self._layers: OrderedDict[tuple, StaticLayer] = OrderedDict()
        self.size = size

    def get(self, key: tuple) -> StaticLayer | None:
        layer = self._layers.get(key)
        if layer is not None:
            self._layers.move_to_end(key)
        return layer

    def put(self, layer: StaticLayer) -> None:
        self._layers[layer.key] = layer
        while len(self._layers) > self.size:
            self._layers.popitem(last=False)


# Dictionaries and arrays of the static layers without references inside
# (the widths of a font, a colour space) written once: the same bytes in
# every certificate. Keyed by the object's id, the object kept alive with it.
_SERIALISED: dict[int, tuple[Any, bytes]] = {}
_SERIALISED_LIMIT = 200_000


class _Copier:
    """Copies pypdf objects into a pydyf PDF, each indirect object once."""

    def __init__(self, pdf: "pydyf.PDF") -> None:
        import pydyf
        from pypdf import generic

        self.pydyf, self.generic = pydyf, generic
        self.pdf = pdf
        self.done: dict[tuple[int, int, int], bytes] = {}  # (source file, number, generation) -> reference
        self.references = 0  # references written so far: tells whether a container held any

    def __call__(self, value: Any) -> Any:
        pydyf, generic = self.pydyf, self.generic
        if isinstance(value, generic.IndirectObject):
            self.references += 1
            key = (id(value.pdf), value.idnum, value.generation)
            if key not in self.done:
                target = value.get_object()
                copied = self.stream(target) if isinstance(target, generic.StreamObject) else self(target)
                if isinstance(copied, pydyf.Object):
                    self.pdf.add_object(copied)
                    self.done[key] = copied.reference
                else:  # an indirect number or name: the same written in place
                    self.done[key] = copied
            return self.done[key]
        if isinstance(value, generic.StreamObject):
            self.references += 1
            stream = self.stream(value)
            self.pdf.add_object(stream)
            return stream.reference
        if isinstance(value, (generic.DictionaryObject, generic.ArrayObject)):
            cached = _SERIALISED.get(id(value))
            if cached is not None and cached[0] is value:
                return cached[1]
            before = self.references
            if isinstance(value, generic.DictionaryObject):
                converted = pydyf.Dictionary({key[1:]: self(item) for key, item in value.items()})
            else:
                converted = pydyf.Array([self(item) for item in value])
            if self.references != before:
                return converted
            if len(_SERIALISED) > _SERIALISED_LIMIT:
                _SERIALISED.clear()
            _SERIALISED[id(value)] = (value, converted.data)
            return converted.data
        out = io.BytesIO()
        value.write_to_stream(out)
        return out.getvalue()

    def stream(self, value: Any, **extra: Any) -> "pydyf.Stream":
        """The stream's bytes exactly as stored (compressed data stays compressed)."""
        entries = {key[1:]: self(item) for key, item in value.items() if key != "/Length"}
        entries.update(extra)
        return self.pydyf.Stream([value._data], entries, compress=False)


def _lookup(pdf: pydyf.PDF, value: Any) -> Any:
    """The object a pydyf reference (b'12 0 R') points to, or the value itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _same(pdf: pydyf.PDF, left: Any, right: Any) -> bool:
    return _serialised(pdf, left) == _serialised(pdf, right)


def _serialised(pdf: pydyf.PDF, value: Any) -> bytes:
    import pydyf

    value = _lookup(pdf, value)
    return value.data if isinstance(value, pydyf.Object) else pydyf._to_bytes(value)


def _merge_resources(copy: _Copier, pdf: pydyf.PDF, resources: pydyf.Dictionary, static: StaticLayer) -> bool:
    """Add the static page's resources to ``resources``; False if a name means two different things."""
    import pydyf
    from pypdf.generic import DictionaryObject, IndirectObject

    additions: list[tuple[pydyf.Dictionary, str, Any]] = []
    categories = static.page["/Resources"].get_object()
    for category, entries in categories.items():
        # Whatever else (a logo's own resources) points at the static page's
        # font or colour space list gets the merged list of the page.
        if isinstance(entries, IndirectObject) and isinstance(resources.get(category[1:]), bytes):
            copy.done[(id(entries.pdf), entries.idnum, entries.generation)] = resources[category[1:]]
    for category, entries in categories.items():
        entries = entries.get_object()
        if not isinstance(entries, DictionaryObject):
            return False
        target = _lookup(pdf, resources.get(category[1:]))
        if target is None:
            target = pydyf.Dictionary()
            resources[category[1:]] = target
        for name, value in entries.items():
            copied = copy(value)
            if name[1:] in target:
                if not _same(pdf, target[name[1:]], copied):
                    return False
                continue
            additions.append((target, name[1:], copied))
    for target, name, value in additions:
        target[name] = value
    return True


class LayersClash(Exception):
    """A resource name means different things on the two layers: draw these certificates whole instead."""


PX = 0.75  # PDF points per CSS pixel
FORM_PREFIX = "CertificatePage"


@dataclass(frozen=True)
class QrPlace:
    """Where a page's QR code goes (CSS pixels from the page's top left) and its modules."""

    x: float
    y: float
    size: float
    matrix: tuple[bytes, ...]  # rows of 0/1, without the quiet zone
    border: int


def qr_operators(place: QrPlace, page_height: float) -> bytes:
    """The QR code as filled rectangles, one per run of dark modules: vector, and far cheaper
    for WeasyPrint than parsing and drawing the same code as an SVG path per certificate."""
    modules = len(place.matrix) + 2 * place.border
    step = place.size / modules * PX
    left, top = place.x * PX, page_height - place.y * PX
    rects = []
    for row, line in enumerate(place.matrix):
        y = top - (row + place.border + 1) * step
        column = 0
        while column < len(line):
            if line[column]:
                end = column
                while end < len(line) and line[end]:
                    end += 1
                x = left + (column + place.border) * step
                rects.append(f"{x:.3f} {y:.3f} {(end - column) * step:.3f} {step:.3f} re")
                column = end
            else:
                column += 1
    return ("q 0 0 0 rg\n" + "\n".join(rects) + "\nf Q").encode("ascii")


def _form(copy: _Copier, static: StaticLayer) -> "pydyf.Stream":
    """The static page as a Form XObject with resources of its own (its content copied still compressed)."""
    import pydyf
    from pypdf.generic import ArrayObject

    page = static.page
    contents = page["/Contents"].get_object()
    if isinstance(contents, ArrayObject):
        form = pydyf.Stream([static.content], {}, compress=True)
    else:
        form = copy.stream(contents)
    form.extra.update({"Type": "/XObject", "Subtype": "/Form", "BBox": copy(page.mediabox), "Resources": copy(page["/Resources"])})
    return form


def underlay(
    statics: Sequence[StaticLayer], qr_codes: Sequence[bytes | None] = (), as_forms: bool = False
) -> Callable[[Any, pydyf.PDF], None]:
    """A WeasyPrint finisher drawing ``statics[i]`` under page i of the PDF being written
    (and the QR code ``qr_codes[i]``, operators from ``qr_operators``, if given).

    For one certificate the static operators go first into the page's own
    content stream (one stream compresses better than two, and the file is
    no larger than one drawn whole); its fonts, images and graphics states
    join the page's resources. Raises ``LayersClash`` if a name is taken by
    something else. ``as_forms`` (many certificates in one PDF, where the
    static layers of different courses or languages would use the same font
    names for different subsets): each static layer becomes one Form XObject
    with resources of its own, drawn on every page of its group.
    """

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        import pydyf

        copy = _Copier(pdf)
        pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]
        merged: set[tuple[int, tuple]] = set()
        forms: dict[tuple, str] = {}
        codes = list(qr_codes) or [None] * len(pages)
        for page, static, code in zip(pages, statics, codes, strict=True):
            resources = _lookup(pdf, page["Resources"])
            if as_forms:
                if static.key not in forms:
                    form = _form(copy, static)
                    pdf.add_object(form)
                    forms[static.key] = f"{FORM_PREFIX}{len(forms) + 1}"
                    xobjects = _lookup(pdf, resources.get("XObject"))
                    if xobjects is None:
                        xobjects = pydyf.Dictionary()
                        resources["XObject"] = xobjects
                    xobjects[forms[static.key]] = form.reference
                first = [f"q /{forms[static.key]} Do Q".encode("ascii")]
            else:
                key = (id(resources), static.key)
                if key not in merged:
                    if not _merge_resources(copy, pdf, resources, static):
                        raise LayersClash(static.key)
                    merged.add(key)
                first = [b"q", static.content, b"Q"]
            if code is not None:
                first.append(code)
            _lookup(pdf, page["Contents"]).stream[0:0] = first

    return finish
