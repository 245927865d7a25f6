"""The zip itself: reproducible to the byte, safe to unpack, complete for offline play."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import lxml.html
import pytest

from curriculum.content import bundled_content_root, load_programme
from curriculum.errors import CurriculumError
from lms_adapters.scorm import (
    ScormExportError,
    UnknownCourseError,
    UnsupportedLanguageError,
    UnsupportedVersionError,
    build_scorm_package,
    module_folders,
    package_filename,
    write_scorm_package,
)
from lms_adapters.scorm._zip import check_member_name, reproducible_zip
from scorm_programmes import load_bundled


@pytest.fixture(scope="module")
def different_client():
    return load_bundled()["000-different-client"]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_the_same_course_gives_the_same_bytes(different_client, version):
    programme = different_client.programme
    first = build_scorm_package(programme, "medical-workers-course", "ru", version)
    again = build_scorm_package(programme, "medical-workers-course", "ru", version)
    reloaded = load_programme(bundled_content_root() / "000-different-client").programme
    from_disk = build_scorm_package(reloaded, "medical-workers-course", "ru", version, module_folders=module_folders(different_client))
    assert first == again == from_disk


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_entries_are_safe_ordered_and_timeless(different_client, version):
    package = build_scorm_package(different_client.programme, "social-workers-course", "lv", version)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names[0] == "imsmanifest.xml", "the manifest is the first entry, at the root"
    assert names[1:] == sorted(names[1:])
    assert len(set(names)) == len(names)
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert (info.external_attr >> 16) & 0o777 == 0o644
        assert not info.is_dir()
        assert "\\" not in info.filename and not info.filename.startswith("/")
        assert ".." not in info.filename.split("/") and "" not in info.filename.split("/")
    assert {"shared/sco.js", "shared/sco.css", "knowledge-check.html"} <= set(names)
    assert len(package) < 300_000


@pytest.mark.parametrize("name", ["../evil.html", "/etc/passwd", "a\\b.html", "a/../../b", "", "a//b", "./a", "C:/x", "a\x00b"])
def test_unsafe_member_names_are_refused(name):
    with pytest.raises(ScormExportError):
        check_member_name(name)
    with pytest.raises(ScormExportError):
        reproducible_zip({"imsmanifest.xml": b"<manifest/>", name: b"x"})


def test_a_package_needs_a_manifest():
    with pytest.raises(ScormExportError, match="imsmanifest.xml"):
        reproducible_zip({"index.html": b""})


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_nothing_is_loaded_from_outside_the_package(different_client, version):
    package = build_scorm_package(different_client.programme, "state-administration-course", "en", version)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = set(archive.namelist())
        pages = {name: archive.read(name).decode("utf-8") for name in names if name.endswith(".html")}
    for name, html in pages.items():
        document = lxml.html.fromstring(html)
        for element, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for node in document.iter(element):
                target = node.get(attribute)
                if target:
                    assert target in names, f"{name}: <{element} {attribute}={target!r}> is not a file in the package"
    css = archive_text(package, "shared/sco.css")
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def archive_text(package: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return archive.read(name).decode("utf-8")


def test_write_scorm_package_writes_the_same_bytes(tmp_path: Path, different_client):
    programme = different_client.programme
    out = tmp_path / "nested" / "folder" / package_filename(programme, "municipal-staff-course", "lv", "2004")
    written = write_scorm_package(programme, "municipal-staff-course", "lv", "2004", out=out)
    assert written == out
    assert out.name == "different-client-municipal-staff-course-lv-scorm2004.zip"
    assert out.read_bytes() == build_scorm_package(programme, "municipal-staff-course", "lv", "2004")
    write_scorm_package(programme, "municipal-staff-course", "lv", "2004", out=out)
    assert [path.name for path in out.parent.iterdir()] == [out.name], "no temporary file is left behind"


def test_wrong_requests_are_errors_of_the_curriculum_family(different_client):
    programme = different_client.programme
    with pytest.raises(UnknownCourseError, match="social-workers-course"):
        build_scorm_package(programme, "no-such-course", "lv")
    with pytest.raises(UnsupportedLanguageError, match="lv, en, ru"):
        build_scorm_package(programme, "social-workers-course", "lt")
    with pytest.raises(UnsupportedVersionError):
        build_scorm_package(programme, "social-workers-course", "lv", "1.3")
    with pytest.raises(ScormExportError, match="between 0 and 100"):
        build_scorm_package(programme, "social-workers-course", "lv", pass_mark_percent=120)
    assert issubclass(ScormExportError, CurriculumError)


def test_the_default_version_is_scorm_12(different_client):
    package = build_scorm_package(different_client.programme, "social-workers-course", "en")
    assert "<schemaversion>1.2</schemaversion>" in archive_text(package, "imsmanifest.xml")
