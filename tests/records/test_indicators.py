"""Funder indicators from real records, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import event, select

from curriculum.content import load_valid_programme
from curriculum.errors import CurriculumError
from curriculum.model import AttendanceStatus
from curriculum.services.attendance import record_session
from curriculum.services.completion import record_check_scores
from curriculum.services.indicators import Reach, compute_indicators, period_of
from curriculum.services.participants import import_participants
from curriculum.services.sessions import EventDates, SessionPlan, expand_event_days, schedule_sessions
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import CertificateRow, ParticipantRow
from helpers import mini_programme, write_csv

PRESENT, LATE, EXCUSED, ABSENT = AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT


def _refs(uow: UnitOfWork) -> dict[str, str]:
    """{e-mail or last name: reference} of everyone in the database."""
    return {row.email or row.last_name: row.external_ref for row in uow.session.scalars(select(ParticipantRow))}


@pytest.fixture
def integration_centre(database_url, tmp_path: Path):
    """Programme 001 with two courses, round tables and a practical session, partly recorded.

    latvian-a1: 4 enrolled, sessions on 7 and 14 Sep (recorded) and 5 Oct (not recorded).
    working-in-latvia: Ģirts (again) and Olena, 4 sessions in November; Ģirts completes.
    round tables: 20 Oct (18 counted), 1 Dec (15 counted), 15 Dec (nothing recorded).
    parents-and-children: 5 Dec, Amina present without being enrolled.
    """
    loaded = load_valid_programme("integration-centre")
    programme = loaded.programme
    engine = open_database(database_url)
    a1 = write_csv(
        tmp_path / "a1.csv",
        "Vārds;Uzvārds;E-pasts;Iestāde\n"
        "Ģirts;Ķēniņš;girts@example.lv;Rīgas dome\n"
        "Jūratė;Žemaitytė;jurate@example.lt;Rīgas dome\n"
        "Ёлка;Щукина;jolka@example.org;\n"
        "Amina;Haddad;amina@example.org;Biedrība Patvērums\n",
    )
    work = write_csv(
        tmp_path / "work.csv",
        "first_name,last_name,email,organisation,target_group\n"
        "Ģirts,Ķēniņš,girts@example.lv,Rīgas dome,third-country-nationals\n"
        "Olena,Kovalenko,olena@example.org,Nodarbinātības valsts aģentūra,ngo-and-state-staff\n",
        bom=False,
    )
    evening = dict(course="latvian-a1", group="evening", start="18:00", end="21:00")
    day = dict(course="working-in-latvia", group="day", start="10:00", end="13:00")
    round_table = dict(event="round-tables", start="10:00", end="12:30")
    plans = [
        SessionPlan(code="a1-1", date=dt.date(2009, 9, 7), modules=["latvian-a1-first-contacts"], **evening),
        SessionPlan(code="a1-2", date=dt.date(2009, 9, 14), **evening),
        SessionPlan(code="a1-3", date=dt.date(2009, 10, 5), **evening),
        SessionPlan(code="w-1", date=dt.date(2009, 11, 2), modules=["labour-rights-and-contracts"], **day),
        SessionPlan(code="w-2", date=dt.date(2009, 11, 9), **day),
        SessionPlan(code="w-3", date=dt.date(2009, 11, 16), **day),
        SessionPlan(code="w-4", date=dt.date(2009, 11, 23), **day),
        SessionPlan(code="rt-1", date=dt.date(2009, 10, 20), headcount=18, **round_table),
        SessionPlan(code="rt-2", date=dt.date(2009, 12, 1), headcount=15, **round_table),
        SessionPlan(code="rt-3", date=dt.date(2009, 12, 15), **round_table),
        SessionPlan(code="pc-1", event="parents-and-children", date=dt.date(2009, 12, 5), start="10:00", end="12:00"),
    ]
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, a1, "latvian-a1", "evening")
        import_participants(uow, programme, work, "working-in-latvia", "day")
        schedule_sessions(uow, programme, plans)
        ref = _refs(uow)
        girts, jurate, jolka, amina, olena = (ref[f"{name}@example.{tld}"] for name, tld in
                                              (("girts", "lv"), ("jurate", "lt"), ("jolka", "org"), ("amina", "org"), ("olena", "org")))
        record_session(uow, programme, "a1-1", {girts: (PRESENT, None), jurate: (LATE, 100), jolka: (ABSENT, None), amina: (EXCUSED, None)})
        record_session(uow, programme, "a1-2", {girts: (PRESENT, None), jurate: (PRESENT, None)})
        for code in ("w-1", "w-2", "w-3", "w-4"):
            record_session(uow, programme, code, {girts: (PRESENT, None), olena: (ABSENT if code == "w-4" else PRESENT, None)})
        record_session(uow, programme, "pc-1", {amina: (PRESENT, None)})
        ids = {row.external_ref: row.id for row in uow.session.scalars(select(ParticipantRow))}
        record_check_scores(uow, programme, "working-in-latvia", {ids[girts]: 80, ids[olena]: 50}, "paper")
        uow.commit()
    return loaded, engine


def test_participants_reached_by_target_group_and_organisation(integration_centre):
    loaded, engine = integration_centre
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, loaded.programme)
    assert figures.participants_reached == 5  # Ёлка only enrolled, never came: still reached
    assert figures.participants_attended == 4
    assert figures.minors_reached == 0
    assert [(item.key, item.participants) for item in figures.by_target_group] == [
        ("ngo-and-state-staff", 1), ("parents-with-children", 0), ("third-country-nationals", 4),
    ]
    assert [(item.key, item.participants) for item in figures.by_organisation] == [
        ("Rīgas dome", 2), ("Biedrība Patvērums", 1), ("Nodarbinātības valsts aģentūra", 1), (None, 1),
    ]
    assert figures.organisations == 3


def test_sessions_hours_and_completion_per_course(integration_centre):
    loaded, engine = integration_centre
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, loaded.programme)
    a1, work = figures.course("latvian-a1"), figures.course("working-in-latvia")
    assert (a1.enrolled, a1.attended, a1.sessions_held, a1.sessions_scheduled, a1.contact_hours) == (4, 2, 2, 3, 6.0)
    assert a1.participant_hours == round((180 + 100 + 180 + 180) / 60, 2)
    assert (a1.completed, a1.completion_rate, a1.planned_contact_hours) == (0, 0.0, 36.0)
    assert (work.enrolled, work.attended, work.sessions_held, work.contact_hours, work.participant_hours) == (2, 2, 4, 12.0, 21.0)
    assert (work.completed, work.completion_rate) == (1, 50.0)  # Olena: 75 % of the hours but 50 % in the check
    assert (figures.enrolments, figures.completed, figures.completion_rate) == (6, 1, 16.7)
    assert (figures.sessions_held, figures.sessions_scheduled) == (9, 11)
    assert figures.contact_hours == 6 + 2.5 + 12 + 4.5
    assert (figures.first_session, figures.last_session) == (dt.date(2009, 9, 7), dt.date(2009, 12, 15))


def test_events_held_by_kind_count_each_held_session_with_headcounts(integration_centre):
    loaded, engine = integration_centre
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, loaded.programme)
    tables = figures.event("round-tables")
    assert (tables.kind, tables.planned, tables.held, tables.sessions_scheduled, tables.contact_hours, tables.headcount, tables.participants) == (
        "round_table", 3, 2, 3, 5.0, 33, 0,
    )
    practical = figures.kind("practical_session")
    assert (practical.events, practical.planned, practical.held, practical.participants, practical.contact_hours) == (4, 4, 1, 1, 2.0)
    assert figures.kind("consultation").held == 0
    assert figures.headcount == 33
    assert {item.event_id for item in figures.events} == {event.id for event in loaded.programme.events}


def test_per_month_and_per_quarter(integration_centre):
    loaded, engine = integration_centre
    with UnitOfWork(engine) as uow:
        months = compute_indicators(uow, loaded.programme)
        quarters = compute_indicators(uow, loaded.programme, "quarter")
        with pytest.raises(CurriculumError, match="month or quarter"):
            compute_indicators(uow, loaded.programme, "week")
    assert months.period_kind == "month"  # a five-month programme
    assert [(p.key, p.sessions_held, p.contact_hours, p.participants, p.headcount) for p in months.periods] == [
        ("2009-08", 0, 0.0, 0, 0),
        ("2009-09", 2, 6.0, 2, 0),
        ("2009-10", 1, 2.5, 0, 18),
        ("2009-11", 4, 12.0, 2, 0),
        ("2009-12", 2, 4.5, 1, 15),
    ]
    assert [(p.key, p.start, p.end, p.sessions_held, p.course_sessions, p.event_sessions, p.participants) for p in quarters.periods] == [
        ("2009-Q3", dt.date(2009, 7, 1), dt.date(2009, 9, 30), 2, 2, 0, 2),
        ("2009-Q4", dt.date(2009, 10, 1), dt.date(2009, 12, 31), 7, 4, 3, 3),
    ]
    assert period_of(dt.date(2024, 2, 29), "month") == ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29))


def test_certificates_issued_count_and_revoked_ones_do_not(integration_centre):
    loaded, engine = integration_centre
    with UnitOfWork(engine) as uow:
        ids = [row.id for row in uow.session.scalars(select(ParticipantRow).order_by(ParticipantRow.id))]
        uow.session.add_all([
            CertificateRow(serial="NIC-2009-0001", verification_code="a1", programme_id="integration-centre", course_id="working-in-latvia",
                           participant_id=ids[0], language="lv", issued_on=dt.date(2009, 11, 30)),
            CertificateRow(serial="NIC-2009-0002", verification_code="b2", programme_id="integration-centre", course_id="working-in-latvia",
                           participant_id=ids[-1], language="lv", issued_on=dt.date(2009, 11, 30),
                           revoked_at=dt.datetime(2009, 12, 2, tzinfo=dt.timezone.utc), revocation_reason="issued by mistake"),
        ])
        uow.commit()
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, loaded.programme)
    assert (figures.certificates_issued, figures.certificates_revoked, figures.course("working-in-latvia").certificates) == (1, 1, 1)


def test_a_camp_is_one_event_over_its_days_and_counts_minors(database_url, tmp_path: Path):
    loaded = load_valid_programme("roma-incubator")
    programme = loaded.programme
    engine = open_database(database_url)
    children = write_csv(
        tmp_path / "nometne.csv",
        "Vārds;Uzvārds;Mērķa grupa;Nepilngadīgs;Aizbildnis;Piekrišana\n"
        "Žanete;Kalēja;roma-children-youth;jā;Ilze Kalēja;01.07.2015\n"
        "Mārtiņš;Bērziņš;roma-children-youth;jā;Jānis Bērziņš;02.07.2015\n"
        "Oļegs;Čaikovskis;roma-children-youth;jā;Ņina Čaikovska;2015-07-03\n",
    )
    plans = expand_event_days(programme, EventDates(event="holiday-academy", first_day=dt.date(2015, 7, 6), group="summer", venue="Daugavpils"))
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, children)
        schedule_sessions(uow, programme, plans)
        refs = list(_refs(uow).values())
        record_session(uow, programme, plans[0].code, {ref: (PRESENT, None) for ref in refs})
        record_session(uow, programme, plans[1].code, {refs[0]: (PRESENT, None), refs[1]: (PRESENT, None), refs[2]: (ABSENT, None)})
        record_session(uow, programme, plans[2].code, {ref: (PRESENT, None) for ref in refs})
        uow.commit()
    with UnitOfWork(engine) as uow:
        figures = compute_indicators(uow, programme)
    camp = figures.event("holiday-academy")
    assert (camp.kind, camp.held, camp.sessions_held, camp.participants) == ("camp", 1, 3, 3)
    assert figures.kind("camp").held == 1
    assert (figures.participants_reached, figures.minors_reached) == (3, 3)
    assert figures.target_group("roma-children-youth") == Reach("roma-children-youth", participants=3, minors=3)
    assert figures.period_kind == "quarter"  # a 21-month programme
    assert [(p.key, p.sessions_held, p.participants) for p in figures.periods if p.sessions_held] == [("2015-Q3", 3, 3)]


def _statements(engine, work) -> int:  # type: ignore[no-untyped-def]
    count = 0

    def counter(*_args) -> None:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1

    event.listen(engine, "before_cursor_execute", counter)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    return count


def test_the_number_of_queries_does_not_grow_with_participants(database_url, tmp_path: Path):
    programme = mini_programme()
    engine = open_database(database_url)
    with UnitOfWork(engine) as uow:
        schedule_sessions(uow, programme, [SessionPlan(code="s1", course="desk-basics", group="g1", date=dt.date(2026, 2, 2), start="10:00", end="11:00")])
        uow.commit()

    def add_people(first: int, count: int) -> None:
        rows = "".join(f"Name{index};Person{index};p{index}@example.org;Org {index % 4}\n" for index in range(first, first + count))
        file = write_csv(tmp_path / f"people-{first}.csv", "first_name;last_name;email;organisation\n" + rows)
        with UnitOfWork(engine) as uow:
            import_participants(uow, programme, file, "desk-basics", "g1")
            record_session(uow, programme, "s1", {ref: (PRESENT, None) for ref in _refs(uow).values()})
            uow.commit()

    def statements_for(expected_people: int) -> int:
        def work() -> None:
            with UnitOfWork(engine) as uow:
                figures = compute_indicators(uow, programme)
            assert figures.participants_reached == figures.course("desk-basics").completed == expected_people

        return _statements(engine, work)

    add_people(0, 3)
    few = statements_for(3)
    add_people(3, 97)
    assert statements_for(100) == few
    assert few < 20
