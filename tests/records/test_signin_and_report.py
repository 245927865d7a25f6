"""The sign-in sheet PDF and the funder report (XLSX and PDF), read back as a user would."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from cli_runner import run_cli
from curriculum.content import bundled_content_root, load_valid_programme
from curriculum.model import AttendanceStatus
from curriculum.render.report import report_pdf, report_workbook
from curriculum.render.signin import signin_sheet_pdf
from curriculum.services.attendance import record_session
from curriculum.services.demo import DemoContext, DemoResult
from curriculum.services.demo_reports import sessions_to_print, sheet_file_name, write_reports
from curriculum.services.indicators import compute_indicators
from curriculum.services.participants import import_participants
from curriculum.services.sessions import EventDates, SessionPlan, expand_event_days, schedule_sessions
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import ParticipantRow
from helpers import write_csv

A4 = (595, 842)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def pdf_fonts(data: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(data))
    return {str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}


def page_size(data: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.fixture
def recorded(database_url, tmp_path: Path):
    """Programme 001: three people in the Latvian course, one recorded session, one round table."""
    loaded = load_valid_programme("integration-centre")
    engine = open_database(database_url)
    people = write_csv(
        tmp_path / "a1.csv",
        "Vārds;Uzvārds;E-pasts;Iestāde\n"
        "Ģirts;Ķēniņš;girts@example.lv;Rīgas domes Labklājības departaments\n"
        "Jūratė;Žemaitytė;jurate@example.lt;Vilniaus universitetas\n"
        "Ёлка;Щукина;jolka@example.org;\n",
    )
    plans = [
        SessionPlan(code="latvian-a1/evening/01", course="latvian-a1", group="evening", date=dt.date(2009, 9, 7), start="18:00", end="21:00",
                    venue="Rīga, Lāčplēša iela 1", trainers=["Anna Bērziņa", "Ludmila Ščukina"], modules=["latvian-a1-first-contacts"]),
        SessionPlan(code="round-tables/1", event="round-tables", date=dt.date(2009, 10, 20), start="10:00", end="12:30", headcount=18),
    ]
    with UnitOfWork(engine) as uow:
        import_participants(uow, loaded.programme, people, "latvian-a1", "evening")
        schedule_sessions(uow, loaded.programme, plans)
        refs = list(uow.session.scalars(select(ParticipantRow.external_ref).order_by(ParticipantRow.id)))
        record_session(uow, loaded.programme, "latvian-a1/evening/01", {refs[0]: (AttendanceStatus.PRESENT, None), refs[1]: (AttendanceStatus.LATE, 120)})
        uow.commit()
    return loaded, engine


def test_the_sign_in_sheet_lists_everyone_expected_with_every_letter(recorded):
    loaded, engine = recorded
    with UnitOfWork(engine) as uow:
        data = signin_sheet_pdf(uow, loaded.programme, "latvian-a1/evening/01", folder=loaded.folder)
    assert page_size(data) == (A4[1], A4[0])  # landscape
    text = pdf_text(data)
    for expected in (
        "Nacionālā integrācijas centra izveide", "Dalībnieku reģistrācijas lapa", "Latviešu valoda iesācējiem, A1: ikdiena un darbs",
        "pirmdiena, 2009. gada 7. septembris", "18:00–21:00", "Rīga, Lāčplēša iela 1", "Anna Bērziņa, Ludmila Ščukina",
        "Pirmie kontakti", "Ģirts Ķēniņš", "Jūratė Žemaitytė", "Ёлка Щукина", "Rīgas domes Labklājības departaments", "Paraksts",
        "Trenera paraksts (Ludmila Ščukina)", "Grupa: evening", "75% apmērā finansē",
    ):
        assert expected in text, expected
    numbers = [line.split()[0] for line in text.splitlines() if line.split() and line.split()[0].isdigit() and len(line.split()[0]) == 1]
    assert numbers == [str(number) for number in range(1, 9)]  # 3 people and 5 rows for walk-ins
    assert text.index("Ģirts Ķēniņš") < text.index("Jūratė Žemaitytė") < text.index("Ёлка Щукина")  # sorted by surname: Ķ < Ž < Щ
    assert pdf_fonts(data) and all("DejaVu" in font for font in pdf_fonts(data))


def test_a_sheet_in_russian_and_one_for_an_event_nobody_enrolled_in(recorded):
    loaded, engine = recorded
    with UnitOfWork(engine) as uow:
        russian = pdf_text(signin_sheet_pdf(uow, loaded.programme, "latvian-a1/evening/01", "ru", loaded.folder))
        event = signin_sheet_pdf(uow, loaded.programme, "round-tables/1", "en", loaded.folder)
    for expected in ("Лист регистрации участников", "Латышский язык для начинающих", "понедельник, 7 сентября 2009", "Подпись тренера", "Ёлка Щукина"):
        assert expected in russian, expected
    text = pdf_text(event)
    assert "Sign-in sheet" in text and "Round-table discussions on the integration of third-country nationals" in text
    assert "Tuesday, 20 October 2009" in text
    assert "\n20\n" in text and "\n21\n" not in text  # 20 empty rows when nobody is on the list


def test_the_report_workbook_is_one_tidy_table_per_sheet(recorded):
    loaded, engine = recorded
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, loaded.programme)
    workbook = load_workbook(io.BytesIO(report_workbook(loaded.programme, figures, "en")))
    assert workbook.sheetnames == ["Summary", "Participants by target group", "Participants by organisation", "Courses", "Events", "Events by kind", "By month"]
    summary = {row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Participants reached (enrolled or attended)"] == 3
    assert summary["Sessions held"] == 2
    assert summary["Contact hours delivered"] == 5.5
    assert summary["Round tables: held"] == 1
    assert summary["Headcount at events"] == 18
    courses = workbook["Courses"]
    headers = [cell.value for cell in courses[1]]
    assert headers[:4] == ["Course id", "Course", "Enrolled", "Attended"]
    rows = {row[0]: dict(zip(headers, row)) for row in courses.iter_rows(min_row=2, values_only=True)}
    assert rows["latvian-a1"]["Enrolled"] == 3 and rows["latvian-a1"]["Attended"] == 2 and rows["latvian-a1"]["Contact hours delivered"] == 3
    groups = {row[0]: row[2] for row in workbook["Participants by target group"].iter_rows(min_row=2, values_only=True)}
    assert groups == {"ngo-and-state-staff": 0, "parents-with-children": 0, "third-country-nationals": 3}
    months = list(workbook["By month"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in months] == ["2009-08", "2009-09", "2009-10", "2009-11", "2009-12"]
    assert months[1][1] == "September 2009" and months[1][2] == dt.datetime(2009, 9, 1) and months[1][4] == 1
    for sheet in workbook.worksheets:  # headers in row 1, nothing above or beside the table
        assert all(cell.value not in (None, "") for cell in sheet[1])


def test_the_report_pdf_names_organiser_and_funder_with_logos_and_acknowledgement(recorded):
    loaded, engine = recorded
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, loaded.programme)
    data = report_pdf(loaded.programme, figures, folder=loaded.folder, prepared_on=dt.date(2010, 1, 15))
    assert page_size(data) == A4
    text = " ".join(pdf_text(data).split())
    for expected in (
        "Pārskats finansētājam: rādītāji".upper(), "Nacionālā integrācijas centra izveide", "Nacionālais integrācijas centrs",
        "Eiropas Trešo valstu valstspiederīgo integrācijas fonds", "75% apmērā finansē", "2007/1.2./7",
        "2009. gada 1. augusts – 2009. gada 31. decembris", "2010. gada 15. janvāris", "Dalībnieki pa mērķa grupām",
        "Apaļā galda diskusijas: notikuši", "Trešo valstu valstspiederīgie", "Rīgas domes Labklājības departaments", "Septembris 2009",
    ):
        assert expected in text, expected
    assert "National Integration Centre" in text  # only the organiser's logo says it in English
    assert "European Fund for the Integration of Third-Country Nationals" in text  # and the funder's
    assert all("DejaVu" in font for font in pdf_fonts(data))


def test_report_labels_in_lithuanian_and_russian(recorded):
    loaded, engine = recorded
    lithuanian = load_valid_programme("municipal-competence")
    with UnitOfWork(engine) as uow:
        empty = compute_indicators(uow, lithuanian.programme)
        figures = compute_indicators(uow, loaded.programme)
    text = " ".join(pdf_text(report_pdf(lithuanian.programme, empty, folder=lithuanian.folder)).split())
    for expected in ("Rodiklių ataskaita finansuotojui".upper(), "Kol kas nieko neužregistruota.", "Pagal ketvirčius", "Socialinių paslaugų priežiūros departamentas",
                     "Dalyviai pagal tikslines grupes", "2020 m. sausio 1 d."):
        assert expected in text, expected
    russian = " ".join(pdf_text(report_pdf(loaded.programme, figures, "ru", loaded.folder)).split())
    for expected in ("Охвачено участников", "Круглые столы: проведено", "Создание Национального центра интеграции", "на 75% финансируется", "Сентябрь 2009"):
        assert expected in russian, expected


def test_the_report_and_sheet_commands(recorded, database_url, tmp_path: Path):
    completed = run_cli("--db", database_url, "report", "001-integration-centre", "--out", str(tmp_path / "out"), "--lang", "en")
    assert completed.returncode == 0, completed.stderr
    assert "3 participants reached" in completed.stdout
    assert load_workbook(tmp_path / "out" / "report.xlsx").sheetnames[0] == "Summary"
    assert "Funder indicators report".upper() in pdf_text((tmp_path / "out" / "report.pdf").read_bytes())
    sheet = tmp_path / "sheets" / "a1.pdf"
    completed = run_cli("--db", database_url, "attendance-sheet", "integration-centre", "latvian-a1/evening/01", "--out", str(sheet), "--blank-rows", "2")
    assert completed.returncode == 0, completed.stderr
    assert "Jūratė Žemaitytė" in pdf_text(sheet.read_bytes())
    completed = run_cli("--db", database_url, "attendance-sheet", "integration-centre", "no-such-session", "--out", str(sheet))
    assert completed.returncode == 2
    assert "unknown session 'no-such-session'" in completed.stderr and "latvian-a1/evening/01" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("command", [["report"], ["attendance-sheet"], ["personal-data"], ["personal-data", "export"], ["personal-data", "erase"]])
def test_every_new_help_explains_itself_with_an_example(command):
    completed = subprocess.run([sys.executable, "-m", "curriculum", *command, "--help"], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0
    description = completed.stdout.split("Options:")[0]
    assert len(description.split()) > 30, completed.stdout
    assert "curriculum " in description


def test_the_demo_step_writes_reports_and_sheets(recorded, database_url, tmp_path: Path):
    loaded, engine = recorded
    many = [SessionPlan(code=f"latvian-a1/evening/{index:02d}", course="latvian-a1", group="evening", date=dt.date(2009, 9, 7) + dt.timedelta(days=index),
                        start="18:00", end="21:00") for index in range(2, 34)]
    with UnitOfWork(engine) as uow:
        schedule_sessions(uow, loaded.programme, many)
        uow.commit()
        assert sessions_to_print(uow, "integration-centre") == ["latvian-a1/evening/01", "latvian-a1/evening/02", "latvian-a1/evening/03", "round-tables/1"]
    context = DemoContext(out_dir=tmp_path, content_root=bundled_content_root(), database_url=database_url, loaded=[loaded], progress=lambda *_: None)
    outputs = write_reports(context, DemoResult(out_dir=tmp_path, database_url=database_url))
    folder = tmp_path / "001-integration-centre" / "records"
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["report.xlsx", "report.pdf"] + [sheet_file_name(code) for code in ("latvian-a1/evening/01", "latvian-a1/evening/02", "latvian-a1/evening/03", "round-tables/1")]
    )
    assert sheet_file_name("latvian-a1/evening/01") == "sign-in-latvian-a1_evening_01.pdf"
    assert {output.programme for output in outputs} == {"001-integration-centre"}
    assert all(output.path.is_file() and output.path.stat().st_size > 1000 for output in outputs)
    snapshot = {path.name: path.read_bytes() for path in folder.iterdir()}
    write_reports(context, DemoResult(out_dir=tmp_path, database_url=database_url))
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == snapshot  # a second demo run changes nothing


def test_the_camp_sheet_lists_the_children_recorded_on_earlier_days(database_url, tmp_path: Path):
    loaded = load_valid_programme("roma-incubator")
    programme = loaded.programme
    engine = open_database(database_url)
    children = write_csv(
        tmp_path / "nometne.csv",
        "Vārds;Uzvārds;Mērķa grupa;Nepilngadīgs;Aizbildnis;Piekrišana\n"
        "Žanete;Kalēja;roma-children-youth;jā;Ilze Kalēja;01.07.2015\n"
        "Oļegs;Čaikovskis;roma-children-youth;jā;Ņina Čaikovska;2015-07-03\n",
    )
    plans = expand_event_days(programme, EventDates(event="holiday-academy", first_day=dt.date(2015, 7, 6), venue="Daugavpils"))
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, children)
        schedule_sessions(uow, programme, plans)
        refs = list(uow.session.scalars(select(ParticipantRow.external_ref)))
        record_session(uow, programme, plans[0].code, {ref: (AttendanceStatus.PRESENT, None) for ref in refs})
        uow.commit()
    with UnitOfWork(engine) as uow:
        text = " ".join(pdf_text(signin_sheet_pdf(uow, programme, plans[1].code, folder=loaded.folder)).split())
    for expected in ("„Brīvdienas akadēmija”", "otrdiena, 2015. gada 7. jūlijs", "Daugavpils", "Oļegs Čaikovskis", "Žanete Kalēja",
                     "Dalībnieki ir nepilngadīgi", "Izglītības iniciatīvu centrs"):
        assert expected in text, expected
