"""Certificates rendered for real and read back: pypdf for text, metadata and the
attached record, pdftoppm + zbarimg for the QR code.

One set (Latvian, Lithuanian, Russian and English with long names, one with
many modules, one with markup in the name) is rendered once per module.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).parent))
from test_certificate_fields import LONG_NAMES, programme_view  # noqa: E402

from curriculum.render.certificates import (  # noqa: E402
    ATTACHMENT_NAME,
    CertificateRenderError,
    combine_certificates,
    printed_fields,
    render_certificates,
    write_certificate_set,
)
from curriculum.render.certificates.render import CHUNK, render_all  # noqa: E402

A4_LANDSCAPE = (841.89, 595.28)  # points
TITLES = {"lv": "Sertifikāts", "lt": "Pažymėjimas", "ru": "Сертификат", "en": "Certificate"}
SCRIPT_NAME = "<script>alert('x')</script> O'Brien & Ko"
MANY_MODULES = tuple(f"Modulis {number}: Dažādības vadība un diskriminācijas novēršana darba vidē" for number in range(1, 15))


def _views():
    views = [
        programme_view(language, name, f"LCC-2010-{index:04d}", code=f"K7QM-3XPA-{index:04d}")
        for index, (language, name) in enumerate(LONG_NAMES.items(), start=1)
    ]
    views.append(programme_view("lv", "Ilze Kalniņa", "LCC-2010-0005", modules=MANY_MODULES, code="K7QM-3XPA-0005"))
    views.append(programme_view("en", SCRIPT_NAME, "LCC-2010-0006", code="K7QM-3XPA-0006"))
    return views


@pytest.fixture(scope="module")
def views():
    return _views()


@pytest.fixture(scope="module")
def written(views, tmp_path_factory):
    return write_certificate_set(views, tmp_path_factory.mktemp("certificates"))


def _text(pdf: bytes | Path) -> str:
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return "\n".join(page.extract_text() for page in reader.pages)


def _lines(pdf: bytes | Path) -> list[str]:
    return [line.strip() for line in _text(pdf).splitlines()]


# -- text, fonts, layout -------------------------------------------------------------


@pytest.mark.parametrize("index", range(4), ids=list(LONG_NAMES))
def test_every_printed_field_reads_back_exactly(written, views, index):
    text = _text(written.pdfs[index])
    for key, value in printed_fields(views[index]).items():
        assert value in text, (key, value)
    assert LONG_NAMES[views[index].language] in _lines(written.pdfs[index])  # the name on a line of its own, diacritics intact


def test_fonts_are_embedded_subsets(written):
    reader = PdfReader(written.pdfs[2])
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(font.get_object()["/BaseFont"]) for font in fonts.values()]
    assert any(re.match(r"/[A-Z]{6}\+DejaVu-Serif", name) for name in names), names
    for font in fonts.values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] if "/DescendantFonts" in font else font["/FontDescriptor"]
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
        assert re.match(r"/[A-Z]{6}\+", str(font["/BaseFont"])), font["/BaseFont"]  # a subset, not the whole font


def test_each_certificate_is_one_a4_landscape_page(written):
    for path in written.pdfs:
        reader = PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_LANDSCAPE


def test_many_modules_still_fit_one_page_and_are_all_printed(written):
    text = _text(written.pdfs[4])
    for title in MANY_MODULES:
        assert " ".join(title.split()) in " ".join(text.split())


def test_markup_in_a_name_is_printed_literally(written):
    assert SCRIPT_NAME in _lines(written.pdfs[5])


# -- metadata and the attached record -------------------------------------------------


def test_metadata_title_author_language(written, views):
    for path, view in zip(written.pdfs, views, strict=True):
        reader = PdfReader(path)
        assert reader.metadata.title == f"{TITLES[view.language]} {view.serial} – {view.participant_name}"
        assert reader.metadata.author == view.organiser
        assert reader.trailer["/Root"]["/Lang"] == view.language


def test_the_signed_record_is_attached_byte_for_byte(written, views):
    for path, view in zip(written.pdfs, views, strict=True):
        attachments = PdfReader(path).attachments
        assert list(attachments) == [ATTACHMENT_NAME]
        assert attachments[ATTACHMENT_NAME] == [view.attachment]


# -- the QR code ---------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None, reason="needs zbar-tools and poppler-utils")
@pytest.mark.parametrize("index", range(6))
def test_the_qr_code_decodes_to_the_verification_address(written, views, index, tmp_path):
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(written.pdfs[index]), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True, check=True)
    assert decoded.stdout.strip() == views[index].verification_url


# -- the set on disk -------------------------------------------------------------------


def test_the_set_has_one_file_per_person_a_combined_pdf_and_a_zip(written, views):
    assert [path.name for path in written.pdfs] == [f"{view.serial}.pdf" for view in views]
    combined = PdfReader(written.combined)
    assert len(combined.pages) == len(views)
    assert [page.extract_text().count(view.serial) >= 1 for page, view in zip(combined.pages, views, strict=True)] == [True] * len(views)
    with zipfile.ZipFile(written.archive) as archive:
        assert sorted(archive.namelist()) == sorted(path.name for path in written.pdfs)
        for path in written.pdfs:
            assert archive.read(path.name) == path.read_bytes()
    assert not list(written.folder.glob("*.part"))


def test_writing_again_gives_the_same_bytes(written, views, tmp_path):
    again = write_certificate_set(views, tmp_path)
    for first, second in zip([*written.pdfs, written.combined, written.archive], [*again.pdfs, again.combined, again.archive], strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_render_certificates_gives_the_same_pdfs_as_the_set(written, views):
    assert render_certificates(views) == [path.read_bytes() for path in written.pdfs]


def test_combine_certificates_keeps_order_and_metadata(written, views):
    pdfs = [path.read_bytes() for path in written.pdfs[:3]]
    combined = PdfReader(io.BytesIO(combine_certificates(pdfs)))
    assert len(combined.pages) == 3
    assert [LONG_NAMES[view.language] in page.extract_text() for page, view in zip(combined.pages, views[:3], strict=True)] == [True] * 3
    assert combined.metadata.author == views[0].organiser
    assert combined.trailer["/Root"]["/Lang"] == views[0].language
    assert combined.attachments == {}  # each person's record stays in their own PDF


def test_two_processes_give_the_same_files_as_one(views):
    many = [replace(views[index % 4], serial=f"LCC-2010-{index:04d}") for index in range(CHUNK + 3)]
    seen = []
    one, one_combined = render_all(many, combined=True, workers=1)
    two, two_combined = render_all(many, progress=lambda done, total: seen.append((done, total)), combined=True, workers=2)
    assert one == two and len(one) == len(many)
    assert one_combined == two_combined and len(one_combined) == 2  # one combined PDF per chunk
    assert len(PdfReader(io.BytesIO(combine_certificates(one_combined))).pages) == len(many)
    assert seen[0] == (0, len(many)) and seen[-1] == (len(many), len(many))


# -- a programme's own template ----------------------------------------------------------


def test_a_programme_template_folder_overrides_template_and_stylesheet(views, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "certificate.html.j2").write_text(
        '<p class="motto">Mūsu devīze: cieņa visiem</p>\n{% include "original/certificate.html.j2" %}\n', encoding="utf-8"
    )
    (folder / "certificate.css").write_text("@page { size: A5 landscape; margin: 5mm; }\n.motto { font-size: 9pt; }\n", encoding="utf-8")
    pdf = render_certificates([replace(views[0], template_dir=folder)])[0]
    reader = PdfReader(io.BytesIO(pdf))
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A5 landscape: the programme's stylesheet replaced the package's
    text = _text(pdf)
    assert "Mūsu devīze: cieņa visiem" in text
    assert LONG_NAMES["lv"] in text
    assert reader.attachments[ATTACHMENT_NAME] == [views[0].attachment]


def test_a_broken_override_names_its_file_and_line_and_writes_nothing(views, tmp_path):
    (tmp_path / "certificate.html.j2").write_text("<p>\n{{ c.no_such_field }}</p>\n", encoding="utf-8")
    with pytest.raises(CertificateRenderError, match=r"certificate\.html\.j2:2"):
        render_certificates([replace(views[0], template_dir=tmp_path)])
    out = tmp_path / "out"
    with pytest.raises(CertificateRenderError, match=r"certificate\.html\.j2:2"):
        write_certificate_set([replace(view, template_dir=tmp_path) for view in views], out)
    assert list(out.iterdir()) == []


# -- bad input changes nothing ------------------------------------------------------------


def test_a_missing_logo_is_an_error_naming_it(views, tmp_path):
    view = replace(views[0], logos=(tmp_path / "nowhere.svg",))
    with pytest.raises(CertificateRenderError, match="nowhere.svg"):
        write_certificate_set([view], tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("serial", ["../escape", "A/B", ""])
def test_a_serial_that_is_no_file_name_writes_nothing(views, tmp_path, serial):
    with pytest.raises(CertificateRenderError, match="serial"):
        write_certificate_set([views[1], replace(views[0], serial=serial)], tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_two_certificates_with_one_serial_write_nothing(views, tmp_path):
    with pytest.raises(CertificateRenderError, match="LCC-2010-0001"):
        write_certificate_set([views[0], replace(views[1], serial="LCC-2010-0001")], tmp_path / "out")
    assert not (tmp_path / "out").exists()


# -- drawn in two layers, the same certificate as drawn whole ------------------------------


def _gray_pixels(pdf: bytes, folder: Path, name: str) -> tuple[int, int, bytes]:
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-singlefile", str(source), str(folder / name)], check=True)
    data = (folder / f"{name}.pgm").read_bytes()
    header = data.split(b"\n", 3)  # P5, width height, maxval, pixels
    width, height = (int(part) for part in header[1].split())
    return width, height, header[3]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_two_layers_look_and_read_like_the_certificate_drawn_whole(views, tmp_path):
    from curriculum.render.certificates.render import _render_layered, _render_whole

    layered, _ = _render_layered(views, False)
    whole, _ = _render_whole(views, False)
    for index, (two, one) in enumerate(zip(layered, whole, strict=True)):
        assert sorted(_lines(two)) == sorted(line for line in _lines(one)), index
        assert len(two) <= len(one), (index, len(two), len(one))  # no larger than drawn whole
        width, height, first = _gray_pixels(two, tmp_path, f"two-{index}")
        assert (width, height) == _gray_pixels(one, tmp_path, f"one-{index}")[:2]
        second = _gray_pixels(one, tmp_path, f"one-{index}")[2]
        # The QR code is drawn as rectangles on the two layers and as an SVG path when whole:
        # its edges are smoothed a little differently. Another name alone changes ~3% of the pixels.
        differing = sum(1 for a, b in zip(first, second, strict=True) if abs(a - b) > 40)
        assert differing < len(first) * 0.005, (index, differing)


def test_each_page_of_the_combined_pdf_reads_like_the_certificate_on_its_own(written):
    combined = PdfReader(written.combined)
    for page, path in zip(combined.pages, written.pdfs, strict=True):
        assert page.extract_text() == PdfReader(path).pages[0].extract_text(), path.name


def test_a_chunk_with_more_static_layers_than_the_cache_holds(views):
    """41 people with their own dates: one chunk of 40 needs 40 static layers, more than the process keeps."""
    import datetime as dt

    from curriculum.render.certificates.layers import STATIC_CACHE

    first = views[0]
    many = [replace(first, serial=f"LCC-2010-{index:04d}", period_start=dt.date(2010, 1, 1) + dt.timedelta(days=index),
                    period_end=dt.date(2010, 3, 1) + dt.timedelta(days=index)) for index in range(1, 42)]
    assert STATIC_CACHE < CHUNK < len(many)
    pdfs, _ = render_all(many, workers=1)
    assert len(pdfs) == 41
    for view, pdf in zip((many[0], many[35], many[40]), (pdfs[0], pdfs[35], pdfs[40]), strict=True):
        assert view.serial in _text(pdf)
