"""pydyf deflates at zlib's default level and keeps its page references (render/pydyf_tuning.py)."""

from __future__ import annotations

import re
import zlib

import pydyf
from pypdf import PdfReader

from curriculum.render.documents.pdf import PdfWriter
from curriculum.render.pydyf_tuning import LEVEL, tune_pydyf

HTML = """<html lang="lv"><head><title>Ceļvedis</title></head><body>
<h1>Ceļvedis apmācītājiem</h1>
{}
</body></html>"""


def _streams(pdf: bytes) -> list[bytes]:
    """The deflated streams of a PDF, raw as they are in the file."""
    found = []
    for match in re.finditer(rb"/Filter /FlateDecode.*?/Length (\d+)[^>]*>>\s*stream\n", pdf, re.DOTALL):
        length = int(match.group(1))
        found.append(pdf[match.end() : match.end() + length])
    return found


def test_every_stream_of_a_document_is_deflated_at_level_6(tmp_path):
    writer = PdfWriter([tmp_path])
    paragraphs = "".join(f"<p>Rindkopa {number}: dažādība, vienlīdzība, cieņa.</p>" for number in range(200))
    pages = writer.write(HTML.format(paragraphs), tmp_path / "guide.pdf", ("@page { size: A5 }",), tmp_path.as_uri() + "/")
    pdf = (tmp_path / "guide.pdf").read_bytes()

    streams = _streams(pdf)
    assert len(streams) >= pages  # every page's content, the fonts, the object stream
    for stream in streams:
        raw = zlib.decompress(stream)
        packer = zlib.compressobj(LEVEL)
        assert packer.compress(raw) + packer.flush() == stream
    assert pages > 3 and "dažādība, vienlīdzība" in PdfReader(tmp_path / "guide.pdf").pages[-1].extract_text()


def test_page_references_follow_the_pages_added():
    tune_pydyf()
    document = pydyf.PDF()
    for _ in range(3):
        document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = document.page_references
    assert first is document.page_references  # kept while no page is added
    document.add_page(pydyf.Dictionary({"Type": "/Page"}))
    references = document.page_references
    assert len(first) == 3 and len(references) == 4 and references[:3] == first
    assert references == tuple(f"{number} 0 R".encode("ascii") for number in document.pages["Kids"][::3])


def test_tuning_twice_changes_nothing_more():
    tune_pydyf()
    module, references = pydyf.zlib, pydyf.PDF.page_references
    tune_pydyf()
    assert pydyf.zlib is module and pydyf.PDF.page_references is references
    assert pydyf.zlib.decompress is zlib.decompress  # the rest is the real zlib
