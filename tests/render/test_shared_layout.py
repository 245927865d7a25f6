"""Sections laid out once and reused (render/documents/reuse.py) print exactly as when laid out whole.

Rendered for real: both Lithuanian guides of 004, whose four guide chapters
are the same in both courses, with and without reuse, read back with pypdf.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from curriculum.content import load_programme
from curriculum.render.documents import DocumentBuilder, views
from curriculum.render.documents.reuse import MARK, reusable_with, shared_sections

MUNICIPAL = "004-municipal-competence"
COURSES = ("serving-third-country-nationals", "strategic-integration-planning")


def _builder(content_root: Path, share: bool) -> DocumentBuilder:
    builder = DocumentBuilder(load_programme(content_root / MUNICIPAL))
    builder.pdf_writer.share_sections = share
    return builder


@pytest.fixture(scope="module")
def guides(content_root, tmp_path_factory) -> dict[tuple[str, bool], Path]:
    """{(course, shared): PDF}: each course's Lithuanian guide laid out whole and with shared sections."""
    out = tmp_path_factory.mktemp("shared")
    files = {}
    for share in (False, True):
        builder = _builder(content_root, share)
        for course in COURSES:
            target = out / f"{course}-{share}.pdf"
            builder.write_pdf(builder.course(course), "lt", "guide", target)
            files[(course, share)] = target
        if share:  # the second guide took the four chapters from the first
            assert builder.pdf_writer.sections.hits >= 4
    return files


def _outline(pdf: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page) of every bookmark."""
    items: list[tuple[int, str, int]] = []

    def walk(entries, depth) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                items.append((depth, entry.title, pdf.get_destination_page_number(entry)))

    walk(pdf.outline, 0)
    return items


def test_reused_sections_print_page_for_page_as_the_whole_layout(guides):
    for course in COURSES:
        whole, shared = PdfReader(guides[(course, False)]), PdfReader(guides[(course, True)])
        assert len(shared.pages) == len(whole.pages)
        # every page's text: body, running header with the course title, chapter in the footer, page x of y,
        # and the contents' page numbers
        for number, (one, other) in enumerate(zip(whole.pages, shared.pages), start=1):
            assert other.extract_text() == one.extract_text(), (course, number)
        assert _outline(shared) == _outline(whole)
        assert set(shared.named_destinations) == set(whole.named_destinations)
        assert not any(name.startswith("shared-stand-in") for name in shared.named_destinations)
        root = shared.trailer["/Root"]
        assert "/StructTreeRoot" in root and root["/Lang"] == "lt"


def test_the_same_bytes_whether_a_section_was_laid_out_here_or_taken_from_the_cache(guides, content_root, tmp_path):
    builder = _builder(content_root, True)
    alone = tmp_path / "alone.pdf"  # a fresh writer: every section laid out for this document
    builder.write_pdf(builder.course(COURSES[1]), "lt", "guide", alone)
    assert builder.pdf_writer.sections.hits == 0
    assert alone.read_bytes() == guides[(COURSES[1], True)].read_bytes()


def test_sections_that_print_other_page_numbers_are_not_reused():
    html = (
        '<html lang="en"><body class="print">'
        f'<section class="chapter" id="a" {MARK}><header class="chapter-head"><h1>A</h1></header><p>text</p></section>'
        f'<section class="chapter" id="b" {MARK}><header class="chapter-head"><h1>B</h1></header>'
        '<p>see <a class="xref" href="#a">A</a></p><section><p>nested</p></section></section>'
        f'<section class="chapter" id="c" {MARK}><p>no heading to set the footer</p></section>'
        '<section class="chapter" id="d"><header class="chapter-head"><h1>D</h1></header></section>'
        "</body></html>"
    )
    sections = shared_sections(html)
    assert [section.open_tag for section in sections] == [f'<section class="chapter" id="a" {MARK}>']
    assert sections[0].html.endswith("</section>") and html[sections[0].start : sections[0].end] == sections[0].html


def test_page_rules_that_depend_on_the_page_position_turn_reuse_off():
    assert reusable_with(["@page { size: A4; @top-left { content: 'x' } } @page cover { margin: 0 }"])
    for rule in ("@page :first { margin-top: 40mm }", "@page:left { margin-left: 30mm }", "@page chapter:nth(1) { }", "@page :blank { }"):
        assert not reusable_with(["p { color: red }", rule]), rule



def test_markdown_rendered_once_still_copies_its_images_into_every_site(content_root, tmp_path):
    """A chapter's Markdown is rendered once for every course and output; each site still gets its image."""
    folder = tmp_path / MUNICIPAL
    shutil.copytree(content_root / MUNICIPAL, folder)
    shutil.copytree(content_root / "_library", tmp_path / "_library")
    chapter = folder / "guide" / "aims-and-municipal-situation.lt.md"
    shutil.copy(folder / "assets" / "organiser-logo.svg", folder / "guide" / "map.svg")
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\n![Savivaldybių žemėlapis](map.svg)\n", encoding="utf-8")
    builder = DocumentBuilder(load_programme(folder))
    printed = builder.print_html(builder.course(COURSES[0]), "lt", "guide")  # the PDF's rendering comes first
    for course in COURSES:
        index = builder.write_site(builder.course(course), "lt", "guide", tmp_path / "site" / course)
        page = (index.parent / "chapter-aims-and-municipal-situation.html").read_text(encoding="utf-8")
        images = re.findall(r'<img[^>]+src="(media/[^"]+)"', page)
        assert images, course
        assert all((index.parent / image).read_bytes() == (folder / "guide" / "map.svg").read_bytes() for image in images), course
    views._markdown_cache.clear()
    assert builder.print_html(builder.course(COURSES[0]), "lt", "guide") == printed


def test_a_marked_section_with_content_after_it_on_its_last_page_is_laid_out_whole(content_root, tmp_path):
    """Text after a marked section that does not start a new page: the stand-in cannot be swapped, the page stays right."""
    builder = DocumentBuilder(load_programme(content_root / MUNICIPAL))
    writer, base = builder.pdf_writer, builder.folder.as_uri() + "/"
    stylesheets = builder.stylesheets("lt", "handbook")
    html = (
        '<!DOCTYPE html><html lang="lt"><head><title>t</title></head><body class="print doc-handbook">'
        f'<section class="chapter" id="a" {MARK}><header class="chapter-head"><h1 class="chapter-title">Pirmas</h1></header>'
        "<p>Skyriaus tekstas.</p></section><p>Tekstas po skyriaus, tame pačiame puslapyje.</p></body></html>"
    )
    shared, whole = tmp_path / "shared.pdf", tmp_path / "whole.pdf"
    writer.write(html, shared, stylesheets, base)
    writer.share_sections = False
    writer.write(html, whole, stylesheets, base)
    texts = [page.extract_text() for page in PdfReader(shared).pages]
    assert texts == [page.extract_text() for page in PdfReader(whole).pages]
    assert "Skyriaus tekstas." in texts[0] and "Tekstas po skyriaus" in texts[0]


CLIENT = "000-different-client"  # one cycle of six modules, adapted for four target groups


def test_a_module_taught_in_several_courses_prints_its_pages_once_laid_out_for_all(content_root, tmp_path):
    """000's courses share their modules' texts: the second handbook takes them from the first, page for page."""
    shared_builder = DocumentBuilder(load_programme(content_root / CLIENT))
    first, second = (course.id for course in shared_builder.programme.courses[:2])
    shared_builder.write_pdf(shared_builder.course(first), "en", "handbook", tmp_path / "first.pdf")
    hits = shared_builder.pdf_writer.sections.hits
    shared_builder.write_pdf(shared_builder.course(second), "en", "handbook", tmp_path / "second.pdf")
    modules = shared_builder.programme.course_modules(shared_builder.course(second))
    assert shared_builder.pdf_writer.sections.hits - hits >= len(modules)  # every module's text, plus the check
    whole_builder = DocumentBuilder(load_programme(content_root / CLIENT))
    whole_builder.pdf_writer.share_sections = False
    whole_builder.write_pdf(whole_builder.course(second), "en", "handbook", tmp_path / "whole.pdf")
    shared, whole = PdfReader(tmp_path / "second.pdf"), PdfReader(tmp_path / "whole.pdf")
    texts = [page.extract_text() for page in shared.pages]
    assert texts == [page.extract_text() for page in whole.pages]
    assert _outline(shared) == _outline(whole)
    # this course's own case study starts a page of its own, after the module's shared pages
    case = shared_builder.programme.text(modules[0][1].case_studies[0].title, "en")
    starts = [number for number, text in enumerate(texts) if case in text]
    assert starts and texts[starts[0]].lstrip().split("\n")[0].strip() in {"Case study", "Case studies"}


def test_only_modules_taught_in_several_courses_are_split_for_reuse(content_root):
    client = DocumentBuilder(load_programme(content_root / CLIENT))
    html = client.print_html(client.programme.courses[0], "en", "guide")
    module_ids = [module.id for _, module in client.programme.course_modules(client.programme.courses[0])]
    for module_id in module_ids:
        assert f'id="module-{module_id}" {MARK}>' in html
    assert html.count('class="module module-group"') == len(module_ids)
    municipal = DocumentBuilder(load_programme(content_root / MUNICIPAL))  # two courses, no module in common
    html = municipal.print_html(municipal.course(COURSES[0]), "lt", "guide")
    assert 'class="chapter module in-part"' in html
    assert not re.search(r'id="module-[^"]+" ' + MARK, html) and "module-group" not in html
