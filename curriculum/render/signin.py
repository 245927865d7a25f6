"""The printable sign-in sheet of one session (PDF, landscape A4).

One row per expected participant (enrolled in the course or event and in
the session's group; for an event nobody enrolled in, everyone recorded at
its sessions) with a signature column, numbered empty rows for people who
come without being on the list, and a line for each trainer's signature. The XLSX attendance template is the other half: the
`ID` column on the sheet is the `ref` column there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.dates import format_date
from sqlalchemy import select

from ..model import Programme
from ..store import UnitOfWork
from ..store.orm import AttendanceRow, CourseGroupRow, ParticipantRow, SessionModuleRow, TrainingSessionRow
from .environment import template_environment
from .report import date_locale, page_numbers, programme_logos, render_pdf, report_language

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Sign-in sheet", "course": "Course", "event": "Event", "session": "Session", "group": "Group", "date": "Date", "time": "Time",
        "venue": "Venue", "online": "Online", "trainers": "Trainers", "modules": "Modules covered", "no": "No.", "ref": "ID",
        "name": "Name, surname", "organisation": "Organisation", "signature": "Signature", "trainer_signature": "Trainer's signature",
        "present": "Number present", "note": "By signing, participants confirm that they attended this session.",
        "minors": "Participants are minors: the guardian's consent is on file for everyone listed.", "page": "Page", "of": "of",
    },
    "lv": {
        "title": "Dalībnieku reģistrācijas lapa", "course": "Kurss", "event": "Pasākums", "session": "Nodarbība", "group": "Grupa", "date": "Datums",
        "time": "Laiks", "venue": "Vieta", "online": "Tiešsaistē", "trainers": "Treneri", "modules": "Nodarbības moduļi", "no": "Nr.", "ref": "ID",
        "name": "Vārds, uzvārds", "organisation": "Iestāde / organizācija", "signature": "Paraksts", "trainer_signature": "Trenera paraksts",
        "present": "Klātesošo skaits", "note": "Ar savu parakstu dalībnieks apliecina dalību šajā nodarbībā.",
        "minors": "Dalībnieki ir nepilngadīgi: par katru sarakstā iekļauto ir saņemta vecāku vai aizbildņa piekrišana.", "page": "Lapa", "of": "no",
    },
    "lt": {
        "title": "Dalyvių registracijos lapas", "course": "Kursas", "event": "Renginys", "session": "Užsiėmimas", "group": "Grupė", "date": "Data",
        "time": "Laikas", "venue": "Vieta", "online": "Nuotoliniu būdu", "trainers": "Lektoriai", "modules": "Užsiėmimo moduliai", "no": "Nr.", "ref": "ID",
        "name": "Vardas, pavardė", "organisation": "Įstaiga / organizacija", "signature": "Parašas", "trainer_signature": "Lektoriaus parašas",
        "present": "Dalyvavusiųjų skaičius", "note": "Pasirašydamas dalyvis patvirtina, kad dalyvavo šiame užsiėmime.",
        "minors": "Dalyviai yra nepilnamečiai: už kiekvieną sąraše esantį gautas tėvų ar globėjų sutikimas.", "page": "Puslapis", "of": "iš",
    },
    "ru": {
        "title": "Лист регистрации участников", "course": "Курс", "event": "Мероприятие", "session": "Занятие", "group": "Группа", "date": "Дата",
        "time": "Время", "venue": "Место", "online": "Онлайн", "trainers": "Тренеры", "modules": "Модули занятия", "no": "№", "ref": "ID",
        "name": "Имя, фамилия", "organisation": "Учреждение / организация", "signature": "Подпись", "trainer_signature": "Подпись тренера",
        "present": "Число присутствующих", "note": "Своей подписью участник подтверждает присутствие на этом занятии.",
        "minors": "Участники несовершеннолетние: на каждого из списка получено согласие родителя или опекуна.", "page": "Страница", "of": "из",
    },
}

BLANK_ROWS_WITH_LIST = 5
BLANK_ROWS_WITHOUT_LIST = 20


@dataclass(frozen=True)
class SheetPerson:
    ref: str
    name: str
    organisation: str
    is_minor: bool = False


@dataclass(frozen=True)
class SheetSession:
    """What the sheet shows about a session, read from the records."""

    code: str
    course_id: str | None
    event_id: str | None
    title: str | None
    group: str | None
    date: object
    start: object
    end: object
    venue: str | None
    online_url: str | None
    trainers: tuple[str, ...]
    modules: tuple[str, ...]


def sheet_session(uow: UnitOfWork, row: TrainingSessionRow) -> SheetSession:
    session = uow.session
    assert session is not None
    modules = tuple(session.scalars(select(SessionModuleRow.module_id).where(SessionModuleRow.session_id == row.id).order_by(SessionModuleRow.module_id)))
    group = session.get(CourseGroupRow, row.group_id) if row.group_id is not None else None
    return SheetSession(
        code=row.code, course_id=row.course_id, event_id=row.event_id, title=row.title, group=group.code if group else None,
        date=row.date, start=row.start_time, end=row.end_time, venue=row.venue, online_url=row.online_url,
        trainers=tuple(row.trainers or ()), modules=modules,
    )


def sheet_people(rows: list[ParticipantRow]) -> list[SheetPerson]:
    return [SheetPerson(row.external_ref or "", f"{row.first_name} {row.last_name}", row.organisation or "", bool(row.is_minor)) for row in rows]


def signin_sheet_pdf(uow: UnitOfWork, programme: Programme, session_code: str, language: str | None = None, folder: Path | None = None,
                     blank_rows: int | None = None) -> bytes:
    """The sign-in sheet of the session ``session_code``, from the records."""
    from ..services.attendance import sheet_rows

    found, people = sheet_rows(uow, programme, session_code)
    if not people and found.event_id is not None:
        people = recorded_at_event(uow, found)
    return render_signin_sheet(programme, sheet_session(uow, found), sheet_people(people), language, folder, blank_rows)


def recorded_at_event(uow: UnitOfWork, row: TrainingSessionRow) -> list[ParticipantRow]:
    """For an event nobody enrolled in (a camp's second day): the people recorded at its sessions, same group."""
    session = uow.session
    assert session is not None
    sessions = select(TrainingSessionRow.id).where(
        TrainingSessionRow.programme_id == row.programme_id, TrainingSessionRow.event_id == row.event_id,
        TrainingSessionRow.group_id.is_(None) if row.group_id is None else TrainingSessionRow.group_id == row.group_id,
    )
    people = select(AttendanceRow.participant_id).where(AttendanceRow.session_id.in_(sessions))
    return list(session.scalars(select(ParticipantRow).where(ParticipantRow.id.in_(people)).order_by(ParticipantRow.last_name, ParticipantRow.first_name)))


def render_signin_sheet(programme: Programme, info: SheetSession, people: list[SheetPerson], language: str | None = None, folder: Path | None = None,
                        blank_rows: int | None = None) -> bytes:
    lang = report_language(programme, language)
    label = LABELS.get(lang, LABELS["en"])
    text = lambda value: programme.text(value, lang)  # noqa: E731
    course = programme.course(info.course_id) if info.course_id else None
    event = programme.event(info.event_id) if info.event_id else None
    activity = text(course.title) if course else text(event.title) if event else (info.course_id or info.event_id or "")
    modules = [text(programme.modules[module].title) if module in programme.modules else module for module in info.modules]
    blanks = blank_rows if blank_rows is not None else (BLANK_ROWS_WITH_LIST if people else BLANK_ROWS_WITHOUT_LIST)
    minors = bool(event is not None and event.participants_are_minors) or any(person.is_minor for person in people)
    context = {
        "lang": lang,
        "label": label,
        "programme_title": text(programme.title),
        "organiser": text(programme.organiser.name),
        "acknowledgement": text(programme.funder.acknowledgement) if programme.funder and programme.funder.acknowledgement else None,
        "logos": programme_logos(programme, folder),
        "activity_label": label["course"] if course or info.course_id else label["event"],
        "activity": activity,
        "session_title": info.title,
        "code": info.code,
        "group": info.group,
        "date": format_date(info.date, "full", locale=date_locale(lang)),
        "time": f"{info.start:%H:%M}–{info.end:%H:%M}",
        "venue": info.venue,
        "online_url": info.online_url,
        "trainers": list(info.trainers),
        "modules": modules,
        "people": people,
        "blank_numbers": list(range(len(people) + 1, len(people) + blanks + 1)),
        "minors": minors,
    }
    html = template_environment().get_template("records/signin.html").render(**context)
    return render_pdf(html, "records/signin.css", folder, page_numbers(label["page"], label["of"]))
