"""The demo step: every Moodle file for every course and language, and the users CSV
from the pilot's records, byte-identical on a second run."""

from __future__ import annotations

from pathlib import Path

from curriculum.services.demo import STEPS, DemoContext, DemoResult, record_content_versions
from curriculum.services.demo_moodle_files import write_moodle_files
from curriculum.services.demo_pilot import run_pilots
from curriculum.store import sqlite_url
from moodle_files_support import bundled


def test_the_demo_writes_every_file_and_the_same_bytes_twice(tmp_path: Path):
    assert any(step is write_moodle_files for _, step in STEPS)
    item = bundled()["004-municipal-competence"]
    url = sqlite_url(tmp_path / "records.db")
    context = DemoContext(out_dir=tmp_path, content_root=item.folder.parent, database_url=url, loaded=[item], progress=lambda *args: None)
    result = DemoResult(out_dir=tmp_path, database_url=url)
    record_content_versions(context, result)
    run_pilots(context, result)
    outputs = write_moodle_files(context, result)
    folder = tmp_path / "004-municipal-competence" / "moodle"
    programme = item.programme
    expected = {
        f"{programme.id}-{course.id}-{language}{suffix}"
        for course in programme.courses
        for language in programme.course_languages(course)
        for suffix in (".mbz", ".imscc", "-questions.xml", "-questions.gift.txt")
    } | {f"{programme.id}-moodle-upload-users.csv"}
    assert {output.path.name for output in outputs} == expected == {path.name for path in folder.iterdir()}
    assert all(output.programme == "004-municipal-competence" and output.path.parent == folder for output in outputs)
    users = (folder / f"{programme.id}-moodle-upload-users.csv").read_text(encoding="utf-8").splitlines()
    assert users[0].startswith("username,firstname,lastname,email,emailstop,idnumber,lang,course1,role1,group1") and len(users) > 1
    first = {path.name: path.read_bytes() for path in folder.iterdir()}
    write_moodle_files(context, result)
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == first
