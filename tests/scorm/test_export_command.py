"""`curriculum export scorm` as a user runs it, and the demo step that writes every package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from cli_runner import run_cli
from curriculum.services.demo import STEPS, DemoContext, DemoResult
from curriculum.services.demo_scorm import write_scorm_packages
from lms_adapters.scorm import build_scorm_package, module_folders
from scorm_programmes import hostile_programme, load_bundled


@pytest.mark.parametrize("command", [["export"], ["export", "scorm"]], ids=["export", "export scorm"])
def test_help_explains_itself_with_examples(command):
    completed = run_cli(*command, "--help")
    assert completed.returncode == 0
    assert "Examples:" in completed.stdout and "curriculum export scorm 000-different-client" in completed.stdout


def test_export_by_bundled_name_writes_the_library_package(tmp_path: Path):
    out = tmp_path / "course.zip"
    completed = run_cli("export", "scorm", "000-different-client", "--course", "medical-workers-course", "--lang", "ru", "--version", "2004", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    assert "SCORM 2004" in completed.stdout and "medical" not in completed.stderr
    result = load_bundled()["000-different-client"]
    assert out.read_bytes() == build_scorm_package(result.programme, "medical-workers-course", "ru", "2004", module_folders=module_folders(result))


def test_export_by_folder_defaults_to_scorm_12_the_first_language_and_a_file_name(tmp_path: Path):
    folder = load_bundled()["004-municipal-competence"].folder
    completed = run_cli("export", "scorm", str(folder), "--course", "strategic-integration-planning", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    written = tmp_path / "municipal-competence-strategic-integration-planning-lt-scorm12.zip"
    with zipfile.ZipFile(written) as archive:
        manifest = archive.read("imsmanifest.xml").decode("utf-8")
    assert "<schemaversion>1.2</schemaversion>" in manifest and 'xml:lang="lt"' in manifest


def test_a_pass_mark_can_be_given(tmp_path: Path):
    out = tmp_path / "p.zip"
    completed = run_cli("export", "scorm", "003-roma-incubator", "--course", "working-with-roma-community", "--pass-mark", "65", "--out", str(out))
    assert completed.returncode == 0, completed.stderr
    assert "pass mark 65 %" in completed.stdout
    with zipfile.ZipFile(out) as archive:
        assert "<adlcp:masteryscore>65</adlcp:masteryscore>" in archive.read("imsmanifest.xml").decode("utf-8")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["000-different-client", "--course", "no-such-course"], "has no course 'no-such-course'"),
        (["000-different-client", "--course", "social-workers-course", "--lang", "lt"], "has no language 'lt'"),
        (["no-such-programme", "--course", "x"], "neither a programme folder"),
    ],
)
def test_wrong_requests_are_plain_errors(tmp_path: Path, arguments, message):
    completed = run_cli("export", "scorm", *arguments, "--out", str(tmp_path / "x.zip"))
    assert completed.returncode == 2
    assert message in " ".join(completed.stderr.split())
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "x.zip").exists()


def test_a_version_other_than_12_or_2004_is_refused():
    completed = run_cli("export", "scorm", "000-different-client", "--course", "social-workers-course", "--version", "1.3")
    assert completed.returncode == 2 and "1.3" in completed.stderr


def test_a_programme_with_problems_is_not_exported(tmp_path: Path):
    folder = hostile_programme(tmp_path / "hostile")
    completed = run_cli("export", "scorm", str(folder), "--course", "test-course", "--out", str(tmp_path / "x.zip"))
    assert completed.returncode == 2
    assert "raw HTML" in completed.stderr and "curriculum validate" in completed.stderr
    assert not (tmp_path / "x.zip").exists()


def test_the_demo_writes_a_package_per_course_language_and_version(tmp_path: Path):
    assert ("building SCORM packages", write_scorm_packages) in STEPS
    item = load_bundled()["003-roma-incubator"]
    context = DemoContext(out_dir=tmp_path, content_root=item.folder.parent, database_url="", loaded=[item], progress=lambda *args: None)
    outputs = write_scorm_packages(context, DemoResult(out_dir=tmp_path, database_url=""))
    programme = item.programme
    expected = {(course.id, language, version) for course in programme.courses for language in programme.course_languages(course) for version in ("1.2", "2004")}
    assert len(outputs) == len(expected) == 4
    for output in outputs:
        assert output.path.parent == tmp_path / "003-roma-incubator" / "scorm"
        assert output.programme == "003-roma-incubator" and output.label.startswith("SCORM ")
        with zipfile.ZipFile(io.BytesIO(output.path.read_bytes())) as archive:
            assert archive.namelist()[0] == "imsmanifest.xml"
