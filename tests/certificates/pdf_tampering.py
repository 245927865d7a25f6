"""Ways a forger edits a certificate PDF, done with pypdf as a forger would."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ContentStream, NameObject


def _writer(pdf: bytes) -> PdfWriter:
    return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _edit_operation(pdf: bytes, index: int, edit) -> bytes:
    writer = _writer(pdf)
    page = writer.pages[0]
    content = ContentStream(page.get_contents(), writer)
    edit(content.operations[index][0])
    page[NameObject("/Contents")] = writer._add_object(_stream(content))
    return _bytes(writer)


def _stream(content: ContentStream):
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(content.get_data())
    return stream


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _blank(operands) -> None:
    operands[0] = ArrayObject() if isinstance(operands[0], ArrayObject) else type(operands[0])(b"")


def _drop_last_glyph(operands) -> None:
    glyphs = operands[0]
    if isinstance(glyphs, ArrayObject):
        last = max(position for position, item in enumerate(glyphs) if isinstance(item, (str, bytes)) and len(item))
        del glyphs[last:]
    else:
        operands[0] = type(glyphs)(glyphs[:-1])


def drop_last_letter_of(pdf: bytes, printed: str) -> bytes:
    """Find the text-showing operation that draws ``printed`` and drop its last glyph
    (the page then reads e.g. 'Ģirts Ķēniņ'): an edit of the page content itself,
    written back as an uncompressed stream."""
    reader = PdfReader(io.BytesIO(pdf))
    content = ContentStream(reader.pages[0].get_contents(), reader)
    for index, (operands, operator) in enumerate(content.operations):
        if operator in (b"TJ", b"Tj") and printed not in _text(_edit_operation(pdf, index, _blank)):
            return _edit_operation(pdf, index, _drop_last_glyph)
    raise AssertionError(f"'{printed}' is not drawn by one text operation")


def replace_attachment(pdf: bytes, data: bytes) -> bytes:
    """Swap the embedded certificate.json for other bytes."""
    from pypdf.generic import NameObject

    writer = _writer(pdf)
    names = writer._root_object["/Names"]
    del names[NameObject("/EmbeddedFiles")]
    writer.add_attachment("certificate.json", data)
    return _bytes(writer)


def set_metadata(pdf: bytes, values: dict[str, str]) -> bytes:
    writer = _writer(pdf)
    writer.add_metadata(values)
    return _bytes(writer)
