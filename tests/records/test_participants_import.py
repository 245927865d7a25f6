"""Importing participants: the files trainers really get, all rows or none."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from curriculum.services.participants import ImportRowsError, import_participants
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import EnrolmentRow, ParticipantRow
from helpers import mini_programme, write_csv


def _count(engine, model) -> int:
    with UnitOfWork(engine) as uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_a_latvian_excel_export_with_bom_and_semicolons_is_imported_and_enrolled(database_url, tmp_path: Path):
    file = write_csv(
        tmp_path / "darbinieki.csv",
        "Vārds;Uzvārds;E-pasts;Iestāde;Amats;Valoda\n"
        "Ģirts;Ķēniņš;girts.kenins@example.lv;Rīgas domes Labklājības departaments;sociālais darbinieks;en\n"
        "Līga;Ozoliņa-Žūriņa;;Jūrmalas slimnīca;reģistratore;en\n",
    )
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        summary = import_participants(uow, mini_programme(), file, "desk-basics", "riga-1")
        uow.commit()
    assert (summary.created, summary.enrolled) == (2, 2)
    with UnitOfWork(engine) as uow:
        people = uow.session.scalars(select(ParticipantRow).order_by(ParticipantRow.id)).all()
        assert [(p.first_name, p.last_name, p.organisation) for p in people] == [
            ("Ģirts", "Ķēniņš", "Rīgas domes Labklājības departaments"),
            ("Līga", "Ozoliņa-Žūriņa", "Jūrmalas slimnīca"),
        ]
        assert people[0].external_ref == f"P-{people[0].id:06d}"
        assert people[0].target_group == "desk-staff"  # the course's group when the file has none


def test_an_xlsx_with_lithuanian_and_cyrillic_names_and_commas_elsewhere(database_url, tmp_path: Path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Vardas", "Pavardė", "El. paštas", "Įstaiga"])
    sheet.append(["Jūratė", "Žemaitytė", "jurate@example.lt", "Vilniaus miesto savivaldybės administracija"])
    sheet.append(["Ёлка", "Щукина", "jolka@example.org", "Kauno miesto savivaldybė, socialinių paslaugų skyrius"])
    file = tmp_path / "dalyviai.xlsx"
    workbook.save(file)
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        import_participants(uow, mini_programme(), file, "desk-basics")
        uow.commit()
    with UnitOfWork(engine) as uow:
        names = uow.session.scalars(select(ParticipantRow.last_name).order_by(ParticipantRow.id)).all()
    assert names == ["Žemaitytė", "Щукина"]


def test_the_same_people_again_are_matched_not_duplicated(database_url, tmp_path: Path):
    file = write_csv(tmp_path / "a.csv", "first_name,last_name,email\nAnna,Bērziņa,anna@example.lv\nPēteris,Kalniņš,\n", bom=False)
    again = write_csv(tmp_path / "b.csv", "first_name,last_name,email\nANNA,Bērziņa,Anna@Example.lv\nPēteris,Kalniņš,\n", bom=False)
    engine = open_database(database_url)
    for path in (file, again):
        with UnitOfWork(engine) as uow:
            summary = import_participants(uow, mini_programme(), path, "desk-basics")
            uow.commit()
    assert (summary.created, summary.matched, summary.enrolled, summary.already_enrolled) == (0, 2, 0, 2)
    assert _count(engine, ParticipantRow) == 2
    assert _count(engine, EnrolmentRow) == 2


def test_every_bad_row_is_reported_at_once_and_nothing_is_stored(database_url, tmp_path: Path):
    file = write_csv(
        tmp_path / "bad.csv",
        "first_name;last_name;email;target_group;language;is_minor\n"
        "Anna;Bērziņa;anna@example.lv;desk-staff;en;no\n"
        ";Kalniņš;not-an-email;desk-staff;en;no\n"
        "Inese;Liepa;inese@example.lv;nurses;xx;no\n"
        "Anna;Bērziņa;anna@example.lv;desk-staff;en;no\n"
        "Roberts;Zariņš;;desk-staff;en;maybe\n"
        "Maija;Kļaviņa;;desk-staff;en;yes\n",
    )
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        with pytest.raises(ImportRowsError) as raised:
            import_participants(uow, mini_programme(), file, "desk-basics")
    found = {(error.row, error.column) for error in raised.value.errors}
    assert found == {
        (3, "first_name"), (3, "email"),
        (4, "target_group"), (4, "language"),
        (5, "email"),
        (6, "is_minor"),
        (7, "guardian_consent_on"), (7, "guardian_name"),
    }
    assert "row 5, column 'email': the same person as row 2" in str(raised.value)
    assert _count(engine, ParticipantRow) == 0


def test_a_broken_import_leaves_the_database_file_byte_for_byte_unchanged(tmp_path: Path):
    database = tmp_path / "records.db"
    engine = open_database(f"sqlite:///{database}")
    good = write_csv(tmp_path / "good.csv", "first_name;last_name\nAnna;Bērziņa\n")
    with UnitOfWork(engine) as uow:
        import_participants(uow, mini_programme(), good, "desk-basics")
        uow.commit()
    engine.dispose()
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    bad = write_csv(tmp_path / "bad.csv", "first_name;last_name\nJānis;Ozols\n;Liepa\n")
    engine = open_database(f"sqlite:///{database}")
    with UnitOfWork(engine) as uow:
        with pytest.raises(ImportRowsError):
            import_participants(uow, mini_programme(), bad, "desk-basics")
    engine.dispose()
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before


def test_a_minor_needs_a_guardians_consent_but_no_email(database_url, tmp_path: Path):
    file = write_csv(tmp_path / "camp.csv", "first_name;last_name;is_minor;guardian_name;guardian_consent_on\nDženifera;Kaļiņina;jā;Olga Kaļiņina;01.07.2015\n")
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        import_participants(uow, mini_programme(), file)
        uow.commit()
    with UnitOfWork(engine) as uow:
        child = uow.session.scalars(select(ParticipantRow)).one()
    assert child.is_minor and child.email is None
    assert str(child.guardian_consent_on) == "2015-07-01"


def test_the_command_lists_bad_rows_and_exits_2(tmp_path: Path):
    from cli_runner import run_cli
    from helpers import MINI

    file = write_csv(tmp_path / "bad.csv", "Vārds;Uzvārds;E-pasts\n;Ozols;x\n")
    completed = run_cli("--db", f"sqlite:///{tmp_path / 'r.db'}", "participants", "import", str(MINI), str(file), "--course", "desk-basics")
    assert completed.returncode == 2
    assert "row 2, column 'first_name'" in completed.stderr
    assert "row 2, column 'email'" in completed.stderr
    assert "nothing was imported" in completed.stderr
    assert "Traceback" not in completed.stderr
