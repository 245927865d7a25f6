"""The Upload users CSV from real records (SQLite and PostgreSQL): stable, valid
usernames, enrolments in the course of the right language, minors without e-mail."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from cli_runner import run_cli
from curriculum.services.moodle_files import upload_users
from curriculum.services.participants import import_participants
from curriculum.store import UnitOfWork, open_database
from lms_adapters.moodle.backup import MoodleExportError
from lms_adapters.moodle.identifiers import cohort_idnumber, course_shortname, user_idnumber
from lms_adapters.moodle.users_csv import UploadEnrolment, UploadUser, ascii_name, upload_users_csv, username_for, users_csv_file_name
from moodle_files_support import bundled

MOODLE_USERNAME = re.compile(r"^[a-z0-9_.@-]{1,100}$")

PEOPLE = """first name,last name,email,organisation,language,group,minor,guardian,guardian consent
Jānis,Bērziņš,janis@example.lv,Rīgas dome,lv,riga-1,no,,
Эдуард,Щукин,,Dienests,ru,riga-1,yes,Мария Щукина,2026-01-10
Šarūnas,Žemaitis,sarunas@example.lt,,en,riga-2,no,,
"""


@pytest.fixture
def programme():
    return bundled()["000-different-client"].programme


def read(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_records_become_upload_rows(database_url: str, tmp_path: Path, programme):
    source = tmp_path / "people.csv"
    source.write_text(PEOPLE, encoding="utf-8")
    engine = open_database(database_url)
    try:
        with UnitOfWork(engine) as uow:
            import_participants(uow, programme, source, course_id="social-workers-course")
            import_participants(uow, programme, source, course_id="medical-workers-course", group="m-1")
            uow.commit()
        with UnitOfWork(engine) as uow:
            users = upload_users(uow, programme)
    finally:
        engine.dispose()
    rows = read(upload_users_csv(programme, users))
    assert list(rows[0])[:7] == ["username", "firstname", "lastname", "email", "emailstop", "idnumber", "lang"]
    assert list(rows[0])[7:] == ["course1", "role1", "group1", "course2", "role2", "group2", "cohort1"]
    by_name = {row["lastname"]: row for row in rows}
    janis, eduard, sarunas = by_name["Bērziņš"], by_name["Щукин"], by_name["Žemaitis"]
    assert janis["username"].startswith("janis.berzins.p-") and eduard["username"].startswith("eduard.shchukin.p-")
    assert sarunas["username"].startswith("sarunas.zemaitis.p-")
    assert all(MOODLE_USERNAME.match(row["username"]) for row in rows)
    assert janis["firstname"] == "Jānis" and eduard["firstname"] == "Эдуард"  # names stay as written
    assert janis["email"] == "janis@example.lv" and janis["emailstop"] == "0"
    assert eduard["email"] == f"{eduard['username']}@users.invalid" and eduard["emailstop"] == "1"
    ref = eduard["idnumber"].removeprefix("curriculum:")
    assert eduard["idnumber"] == user_idnumber(ref) and eduard["username"].endswith(ref.lower())
    # Courses sorted by id: medical-workers-course, then social-workers-course, each in the person's language.
    # The file's group column wins over --group (participants import), so both are riga-1.
    assert (eduard["course1"], eduard["group1"]) == (course_shortname(programme.id, "medical-workers-course", "ru"), "riga-1")
    assert (eduard["course2"], eduard["role2"], eduard["group2"]) == (course_shortname(programme.id, "social-workers-course", "ru"), "student", "riga-1")
    assert sarunas["course2"] == course_shortname(programme.id, "social-workers-course", "en")
    target = programme.course("social-workers-course").target_groups[0]
    assert janis["cohort1"] == cohort_idnumber(programme.id, target)


def test_usernames_are_stable_and_survive_any_alphabet():
    user = UploadUser("P-000042", "Ņina-Žanna", "O'Brien Ščepanska", None, "lv", None, ())
    assert username_for(user) == "nina-zanna.o-brien-scepanska.p-000042"
    assert username_for(user) == username_for(UploadUser("P-000042", "Ņina-Žanna", "O'Brien Ščepanska", "x@y.lv", "ru", "g", ()))
    assert ascii_name("Юлия Ёлкина") == "iuliia-elkina"
    assert username_for(UploadUser("P-000007", "李", "王", None, None, None, ())) == "p-000007"
    long_name = UploadUser("P-000001", "A" * 80, "B" * 80, None, None, None, ())
    assert len(username_for(long_name)) <= 100 and username_for(long_name).endswith(".p-000001")


def test_a_language_the_course_lacks_falls_back_to_its_first(programme):
    course = programme.courses[0]
    user = UploadUser("P-000003", "Ona", "Kazlauskienė", "ona@example.lt", "lt", None, (UploadEnrolment(course.id, None),))
    [row] = read(upload_users_csv(programme, [user]))
    assert row["course1"] == course_shortname(programme.id, course.id, programme.course_languages(course)[0])
    assert row["lang"] == programme.main_language and row["group1"] == "" and row["cohort1"] == ""


def test_an_enrolment_in_a_course_the_programme_lacks_is_refused(programme):
    user = UploadUser("P-000003", "Ona", "K", None, None, None, (UploadEnrolment("gone-course", None),))
    with pytest.raises(MoodleExportError, match="names the course 'gone-course'"):
        upload_users_csv(programme, [user])


def test_the_command_writes_the_csv_from_the_records(tmp_path: Path, programme):
    source = tmp_path / "people.csv"
    source.write_text(PEOPLE, encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'records.db'}"
    imported = run_cli("--db", database, "participants", "import", "000-different-client", str(source), "--course", "social-workers-course")
    assert imported.returncode == 0, imported.stderr
    completed = run_cli("--db", database, "export", "moodle-users", "000-different-client", "--out", str(tmp_path / "out"))
    assert completed.returncode == 0, completed.stderr
    assert "3 participant(s) with 3 enrolment(s)" in completed.stdout
    rows = read((tmp_path / "out" / users_csv_file_name(programme)).read_bytes())
    assert sorted(row["lastname"] for row in rows) == ["Bērziņš", "Žemaitis", "Щукин"]
