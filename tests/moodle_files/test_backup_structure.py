"""The course backup read back file by file, as Moodle's restore reads it: every file
it opens is there, and the ids tie together across files."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from lms_adapters.moodle.backup import MoodleExportError, backup_file_name, build_course_backup, write_course_backup
from lms_adapters.moodle.identifiers import course_idnumber, course_shortname
from lms_adapters.scorm import build_scorm_package, module_folders
from moodle_files_support import Case, every_case, gzip_mtime, texts, unpack_mbz, xml

ROOT_FILES = {
    "moodle_backup.xml", "files.xml", "roles.xml", "gradebook.xml", "questions.xml", "groups.xml", "outcomes.xml",
    "scales.xml", "completion.xml", "badges.xml", "grade_history.xml", "users.xml",
}
COURSE_FILES = {
    "course.xml", "enrolments.xml", "inforef.xml", "roles.xml", "completiondefaults.xml", "calendar.xml", "comments.xml",
    "competencies.xml", "contentbank.xml", "filters.xml", "logs.xml", "logstores.xml", "loglastaccess.xml",
}
ACTIVITY_FILES = {
    "module.xml", "inforef.xml", "grades.xml", "grade_history.xml", "roles.xml", "filters.xml", "comments.xml",
    "calendar.xml", "competencies.xml", "completion.xml", "logs.xml", "logstores.xml",
}
CASES = every_case()
_built: dict[str, bytes] = {}


def backup_of(case: Case) -> bytes:
    if case.id not in _built:
        _built[case.id] = build_course_backup(case.programme, case.course_id, case.language, module_folders=module_folders(case.result))
    return _built[case.id]


@pytest.fixture(params=CASES, ids=[case.id for case in CASES])
def unpacked(request) -> tuple[Case, dict[str, bytes]]:
    case = request.param
    return case, unpack_mbz(backup_of(case))[1]


def test_every_file_restore_reads_is_there_and_well_formed(unpacked):
    case, files = unpacked
    assert ROOT_FILES <= set(files)
    assert {f"course/{name}" for name in COURSE_FILES} <= set(files)
    info = xml(files, "moodle_backup.xml").find("information")
    for section in info.iterfind("contents/sections/section"):
        folder = section.findtext("directory")
        assert {f"{folder}/section.xml", f"{folder}/inforef.xml"} <= set(files)
    for activity in info.iterfind("contents/activities/activity"):
        folder, modname = activity.findtext("directory"), activity.findtext("modulename")
        assert {f"{folder}/{name}" for name in ACTIVITY_FILES | {f"{modname}.xml"}} <= set(files)
    for path, data in files.items():
        if path.endswith(".xml") and not path.startswith("files/"):
            assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n'), path
            etree.fromstring(data)  # raises on anything malformed


def test_the_backup_says_what_it_is(unpacked):
    case, files = unpacked
    info = xml(files, "moodle_backup.xml").find("information")
    assert info.findtext("backup_release") == "4.5" and info.findtext("backup_version") == "2024100700"
    detail = info.find("details/detail")
    assert [detail.findtext(name) for name in ("type", "format", "mode")] == ["course", "moodle2", "10"]
    assert info.findtext("name") == backup_file_name(case.programme, case.course_id, case.language)
    settings = {setting.findtext("name"): setting.findtext("value") for setting in info.iterfind("settings/setting")}
    assert settings["users"] == "0" and settings["activities"] == "1" and settings["files"] == "1"
    for section in info.iterfind("contents/sections/section"):
        assert settings[f"section_{section.findtext('sectionid')}_included"] == "1"
        name = xml(files, f"{section.findtext('directory')}/section.xml").findtext("name")
        assert section.findtext("title") == (name if name != "$@NULL@$" else "0")
    for activity in info.iterfind("contents/activities/activity"):
        assert settings[f"{activity.findtext('directory').split('/')[1]}_included"] == "1"


def test_module_ids_agree_across_every_file(unpacked):
    case, files = unpacked
    info = xml(files, "moodle_backup.xml").find("information")
    activities = list(info.iterfind("contents/activities/activity"))
    assert activities
    for listed in activities:
        moduleid, modname, folder = listed.findtext("moduleid"), listed.findtext("modulename"), listed.findtext("directory")
        assert folder == f"activities/{modname}_{moduleid}"
        module = xml(files, f"{folder}/module.xml")
        assert module.get("id") == moduleid and module.findtext("modulename") == modname
        assert module.findtext("sectionid") == listed.findtext("sectionid")
        activity = xml(files, f"{folder}/{modname}.xml")
        assert activity.get("moduleid") == moduleid and activity.get("modulename") == modname
        body = activity.find(modname)
        assert body.get("id") == activity.get("id") and body.findtext("name") == listed.findtext("title")
    ids = [listed.findtext("moduleid") for listed in activities]
    assert len(ids) == len(set(ids))


def test_sections_list_their_modules_in_order_and_carry_the_module_titles(unpacked):
    case, files = unpacked
    programme = case.programme
    course = programme.course(case.course_id)
    info = xml(files, "moodle_backup.xml").find("information")
    by_section: dict[str, list[str]] = {}
    for listed in info.iterfind("contents/activities/activity"):
        by_section.setdefault(listed.findtext("sectionid"), []).append(listed.findtext("moduleid"))
    sections = [xml(files, f"{listed.findtext('directory')}/section.xml") for listed in info.iterfind("contents/sections/section")]
    assert [section.findtext("number") for section in sections] == [str(n) for n in range(len(sections))]
    sequenced = []
    for section in sections:
        sequence = [item for item in (section.findtext("sequence") or "").split(",") if item]
        assert sequence == by_section.get(section.get("id"), [])
        for moduleid in sequence:
            module = next(xml(files, path) for path in files if path.endswith(f"_{moduleid}/module.xml"))
            assert module.findtext("sectionnumber") == section.findtext("number")
        sequenced += sequence
    assert sorted(sequenced) == sorted(listed.findtext("moduleid") for listed in info.iterfind("contents/activities/activity"))
    modules = programme.course_modules(course)
    assert [section.findtext("name") for section in sections[1:]] == [programme.text(module.title, case.language) for _, module in modules]
    assert sections[0].findtext("name") == "$@NULL@$" and sections[0].findtext("summary").startswith("<p>")


def test_learner_pages_are_visible_and_trainer_notes_hidden(unpacked):
    case, files = unpacked
    programme = case.programme
    for number, (_, module) in enumerate(programme.course_modules(programme.course(case.course_id)), start=1):
        section = next(xml(files, path) for path in files if path.endswith("section.xml") and xml(files, path).findtext("number") == str(number))
        pages = [xml(files, path) for path in files if path.endswith("/module.xml") and xml(files, path).findtext("sectionid") == section.get("id")]
        visible = [page.findtext("visible") for page in pages]
        assert visible[0] == "1" and pages[0].findtext("completion") == "2" and pages[0].findtext("completionview") == "1"
        if module.trainer_notes:
            assert visible[1:] == ["0"]
        first = xml(files, f"activities/page_{pages[0].get('id')}/page.xml").find("page")
        assert first.findtext("contentformat") == "1" and "<" in first.findtext("content")


def test_course_identity_comes_from_the_shared_identifiers(unpacked):
    case, files = unpacked
    course = xml(files, "course/course.xml")
    assert course.findtext("idnumber") == course_idnumber(case.programme.id, case.course_id, case.language)
    assert course.findtext("shortname") == course_shortname(case.programme.id, case.course_id, case.language)
    assert course.findtext("lang") == case.language and course.findtext("enablecompletion") == "1" and course.findtext("format") == "topics"
    assert course.findtext("fullname") == case.programme.text(case.programme.course(case.course_id).title, case.language)


def test_files_xml_matches_the_stored_files_and_every_reference(unpacked):
    case, files = unpacked
    listed = {row.get("id"): row for row in xml(files, "files.xml").iterfind("file")}
    assert listed
    for row in listed.values():
        content = files[f"files/{row.findtext('contenthash')[:2]}/{row.findtext('contenthash')}"]
        assert hashlib.sha1(content).hexdigest() == row.findtext("contenthash")
        assert len(content) == int(row.findtext("filesize"))
    stored = {path for path in files if path.startswith("files/")}
    assert stored == {f"files/{row.findtext('contenthash')[:2]}/{row.findtext('contenthash')}" for row in listed.values()}
    referenced = {ref for path in files if path.endswith("inforef.xml") for ref in texts(xml(files, path), "fileref/file/id")}
    assert referenced == set(listed)


def test_the_scorm_activity_carries_its_package_unpacked_and_its_scos(unpacked):
    case, files = unpacked
    [folder] = {path.rsplit("/", 1)[0] for path in files if path.startswith("activities/scorm_")}
    activity = xml(files, f"{folder}/scorm.xml")
    scorm = activity.find("scorm")
    package = build_scorm_package(case.programme, case.course_id, case.language, "1.2", module_folders=module_folders(case.result))
    assert scorm.findtext("sha1hash") == hashlib.sha1(package).hexdigest() and scorm.findtext("version") == "SCORM_1.2"
    rows = [row for row in xml(files, "files.xml").iterfind("file") if row.findtext("contextid") == activity.get("contextid")]
    [package_row] = [row for row in rows if row.findtext("filearea") == "package"]
    assert package_row.findtext("filename") == scorm.findtext("reference") and package_row.findtext("component") == "mod_scorm"
    content = {row.findtext("filepath").lstrip("/") + row.findtext("filename"): row for row in rows if row.findtext("filearea") == "content"}
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert set(content) == set(archive.namelist())
    scoes = list(scorm.iterfind("scoes/sco"))
    launches = [sco.findtext("launch") for sco in scoes if sco.findtext("launch")]
    modules = case.programme.course_modules(case.programme.course(case.course_id))
    assert len(launches) == len(modules) + (1 if case.programme.knowledge_check(case.programme.course(case.course_id)) else 0)
    assert all(launch.split("?")[0] in content for launch in launches)
    launch = next(sco for sco in scoes if sco.get("id") == scorm.findtext("launch"))
    assert launch.findtext("launch") == launches[0]
    module = xml(files, f"{folder}/module.xml")
    assert module.findtext("completion") == "2" and scorm.findtext("completionstatusrequired") == "6"
    grade = xml(files, f"{folder}/grades.xml").find("grade_items/grade_item")
    assert grade.findtext("itemmodule") == "scorm" and grade.findtext("iteminstance") == scorm.get("id")
    assert xml(files, "gradebook.xml").find("grade_categories/grade_category").get("id") == grade.findtext("categoryid")


def test_the_archive_is_a_reproducible_tar_gz_with_the_description_first():
    case = CASES[0]
    data = backup_of(case)
    again = build_course_backup(case.programme, case.course_id, case.language, module_folders=module_folders(case.result))
    assert data == again
    assert gzip_mtime(data) == 0
    members, _ = unpack_mbz(data)
    assert members[0].name == "moodle_backup.xml"
    names = [member.name + ("/" if member.isdir() else "") for member in members[1:]]
    assert names == sorted(names)
    assert all(member.mtime == 0 and member.uid == 0 and not member.name.startswith("/") and ".." not in member.name for member in members)


def test_write_puts_the_file_under_its_name_whole(tmp_path: Path):
    case = CASES[0]
    path = write_course_backup(case.programme, case.course_id, case.language, tmp_path, module_folders=module_folders(case.result))
    assert path == tmp_path / backup_file_name(case.programme, case.course_id, case.language)
    assert path.read_bytes() == backup_of(case)
    assert [item.name for item in tmp_path.iterdir()] == [path.name]


def test_scorm_2004_inside_a_backup_is_named_as_moodle_names_it():
    case = CASES[0]
    _, files = unpack_mbz(build_course_backup(case.programme, case.course_id, case.language, scorm_version="2004"))
    [path] = [path for path in files if re.fullmatch(r"activities/scorm_\d+/scorm.xml", path)]
    assert xml(files, path).find("scorm").findtext("version") == "SCORM_1.3"


@pytest.mark.parametrize(
    ("course_id", "language", "message"),
    [("no-such-course", "lv", "has no course 'no-such-course'; its courses: "), ("social-workers-course", "lt", "has no language 'lt'; its languages: lv, en, ru")],
)
def test_an_unknown_course_or_language_is_refused_and_nothing_written(tmp_path: Path, course_id, language, message):
    programme = next(case for case in CASES if case.folder == "000-different-client").programme
    with pytest.raises(MoodleExportError, match=re.escape(message)):
        write_course_backup(programme, course_id, language, tmp_path)
    assert list(tmp_path.iterdir()) == []
