"""A pilot run of a programme: sample people, sessions, attendance, results.

The main job runs one for every bundled programme so that every records
output (calendars, sign-in sheets, completion, the funder report) has
something real to show. The people are fictitious (e-mail addresses on the
reserved example.* domains) but carry the letters of the programme's
languages. Where a seed gives figures, the pilot mirrors them. Everything is
deterministic and idempotent: a second run finds the same people, sessions
and marks and changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..model import AttendanceStatus, Course, Event, EventKind, Programme
from ..store import UnitOfWork
from .attendance import AttendanceEntry, upsert_attendance
from .completion import record_check_scores
from .participants import import_participants
from .plans import create_plan
from .sessions import EventDates, SessionPlan, expand_event_days, schedule_sessions

# Figures from the seeds: 10 in the language course, 12 in the qualification
# course, a camp of 25 children. Other sizes are ordinary group sizes.
COURSE_SIZES = {("integration-centre", "latvian-a1"): 10, ("integration-centre", "working-in-latvia"): 12}
CAMP_SIZE = 25
DEFAULT_COURSE_SIZE = 14

# First names and surnames alternate female / male, so a name keeps the
# gender of its surname (Latvian, Lithuanian and Russian surnames have one).
NAMES = {
    "lv": (["Anna", "Jānis", "Līga", "Ģirts", "Ilze", "Kārlis", "Dace", "Mārtiņš", "Inese", "Edgars", "Zane", "Raivis", "Sanita", "Oskars"],
           ["Bērziņa", "Kalniņš", "Ozoliņa", "Ķēniņš", "Liepiņa", "Zariņš", "Jansone", "Krūmiņš", "Siliņa", "Ločmelis", "Žagare", "Šteins", "Pētersone", "Dūmiņš"]),
    "lt": (["Jūratė", "Tomas", "Rūta", "Mindaugas", "Eglė", "Darius", "Ieva", "Žygimantas", "Aušra", "Šarūnas", "Gintarė", "Vytautas", "Dalia", "Česlovas"],
           ["Žemaitytė", "Kazlauskas", "Petrauskaitė", "Jankauskas", "Balčiūnienė", "Vasiliauskas", "Šimkutė", "Urbonas", "Stankevičienė", "Čepulis", "Grigaitė", "Mažeika", "Ūsienė", "Žukauskas"]),
    "ru": (["Ёлка", "Дмитрий", "Ольга", "Сергей", "Татьяна", "Андрей", "Юлия", "Игорь", "Наталья", "Фёдор", "Ирина", "Эдуард", "Жанна", "Юрий"],
           ["Щукина", "Иванов", "Кузнецова", "Смирнов", "Соловьёва", "Фёдоров", "Жукова", "Ершов", "Васильева", "Чернов", "Яковлева", "Шевчук", "Зайцева", "Юдин"]),
    "en": (["Amir", "Leyla", "Samuel", "Fatima", "Oleksandr", "Mariam", "Kwame", "Nadia", "Hassan", "Aylin", "Rustam", "Zainab", "Tigran", "Aisha"],
           ["Haddad", "Karimova", "Mensah", "Rahimi", "Petrenko", "Yusuf", "Asante", "Nazarova", "Saleh", "Demir", "Aliev", "Bakr", "Sargsyan", "Osei"]),
}
DOMAINS = {"lv": "example.lv", "lt": "example.lt", "ru": "example.org", "en": "example.com"}
ORGANISATIONS = {
    "state-administration": "Piemēru valsts aģentūra",
    "municipal-staff": "Piemēru novada pašvaldība",
    "social-workers": "Piemēru sociālais dienests",
    "medical-workers": "Piemēru reģionālā slimnīca",
    "teachers": "Piemēru pamatskola",
    "roma-mediators": "Piemēru romu biedrība",
}
LT_MUNICIPALITIES = ["Vilniaus", "Kauno", "Klaipėdos", "Šiaulių", "Akmenės", "Jonavos"]
# Fictitious trainers, so sign-in sheets and calendars show who leads a session.
TRAINERS = {"LV": ("Ilze Paraudziņa", "Mārtiņš Piemērs"), "LT": ("Rūta Pavyzdytė", "Tomas Pavyzdys")}
HEADCOUNTS = {EventKind.ROUND_TABLE: 18, EventKind.DISCUSSION: 22, EventKind.SEMINAR: 26, EventKind.CONSULTATION: 9, EventKind.WORKSHOP: 14,
              EventKind.PRACTICAL_SESSION: 12, EventKind.NEEDS_ASSESSMENT: 11, EventKind.MONITORING: 7, EventKind.CONFERENCE: 60}


@dataclass
class PilotResult:
    programme_id: str
    files: list[tuple[str, Path]] = field(default_factory=list)
    participants: int = 0
    sessions: int = 0
    marks: int = 0


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _add_weekdays(day: dt.date, count: int) -> dt.date:
    for _ in range(count):
        day = _weekday_on_or_after(day + dt.timedelta(days=1))
    return day


def _names(language: str, count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """``count`` different (first name, surname, a first name for a relative of the same surname)."""
    firsts, lasts = NAMES[language]
    pairs = [(first, last) for first in range(len(firsts)) for last in range(len(lasts)) if first % 2 == last % 2]
    rng.shuffle(pairs)
    return [(firsts[first], lasts[last], firsts[(last + 2 * (number % 3 + 1)) % len(firsts)]) for number, (first, last) in enumerate(pairs[:count])]


def _people(programme: Programme, course: Course, size: int, rng: random.Random) -> list[dict[str, str]]:
    languages = list(programme.course_languages(course))
    group_name = course.target_groups[0]
    rows = []
    newcomers = group_name in ("third-country-nationals", "asylum-seekers-refugees")
    local = "lt" if programme.organiser.country == "LT" else "lv"
    name_languages = []
    for index in range(size):
        language = languages[index % len(languages)]
        if newcomers:
            name_languages.append("ru" if index % 3 == 2 else "en")
        else:
            name_languages.append(language if language in ("lv", "lt", "ru") else local)
    pools = {code: iter(_names(code, size, rng)) for code in sorted(set(name_languages))}
    for index in range(size):
        language = languages[index % len(languages)]
        first, last, _ = next(pools[name_languages[index]])
        if programme.organiser.country == "LT":
            municipality = LT_MUNICIPALITIES[index % len(LT_MUNICIPALITIES)]
            organisation, group = f"{municipality} savivaldybės administracija (pavyzdys)", municipality.lower().replace("ė", "e").replace("ų", "u").replace("š", "s")
        else:
            organisation, group = ("" if newcomers else ORGANISATIONS.get(group_name, "Piemēru organizācija")), "pilot-1"
        rows.append({
            "first_name": first, "last_name": last,
            "email": f"{course.id}.{index + 1:02d}@{DOMAINS.get(language, 'example.org')}",
            "organisation": organisation, "target_group": group_name, "language": language, "group": group,
        })
    return rows


def _write_csv(file: Path, rows: list[dict[str, str]]) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def _course_sessions(programme: Programme, course: Course, groups: list[str], first_day: dt.date) -> list[SessionPlan]:
    plans = []
    for group_index, group in enumerate(groups):
        day = _weekday_on_or_after(first_day + dt.timedelta(days=7 * group_index))
        for index, (ref, module) in enumerate(programme.course_modules(course)):
            if course.mode_of(ref).value != "contact":
                continue
            start = dt.datetime.combine(day, dt.time(10, 0))
            end = start + dt.timedelta(minutes=module.minutes)
            plans.append(SessionPlan(
                code=f"{course.id}/{group}/{index + 1:02d}", course=course.id, group=group, date=day,
                start=start.time(), end=end.time(), modules=[module.id], venue=programme.organiser.city,
                title=programme.text(module.title, programme.main_language),
                trainers=TRAINERS.get(programme.organiser.country or "", TRAINERS["LV"])[: 1 + index % 2],
            ))
            day = _add_weekdays(day, 1)
    return plans


def _event_sessions(programme: Programme, event: Event, first_day: dt.date, last_day: dt.date) -> list[SessionPlan]:
    if event.days:
        start = first_day
        if event.kind is EventKind.CAMP:  # a holiday camp: the first summer in the period
            summers = [dt.date(year, 7, 1) for year in range(first_day.year, last_day.year + 1) if first_day <= dt.date(year, 7, 1) <= last_day]
            start = summers[0] if summers else first_day
        return expand_event_days(programme, EventDates(event=event.id, first_day=_weekday_on_or_after(start), venue=programme.organiser.city))
    span = max(1, (last_day - first_day).days)
    minutes = event.minutes or 120
    plans = []
    for occurrence in range(event.occurrences):
        day = _weekday_on_or_after(first_day + dt.timedelta(days=span * (occurrence + 1) // (event.occurrences + 1)))
        start = dt.datetime.combine(day, dt.time(14, 0))
        plans.append(SessionPlan(
            code=f"{event.id}/{occurrence + 1:02d}", event=event.id, date=day, start=start.time(),
            end=(start + dt.timedelta(minutes=minutes)).time(), modules=list(event.modules), venue=programme.organiser.city,
            headcount=HEADCOUNTS.get(event.kind, 15),
            title=programme.text(event.title, programme.main_language),
        ))
    return plans


def _marks_for(session_ids: list[tuple[int, int]], participant_ids: list[int], rng: random.Random) -> list[AttendanceEntry]:
    """Most people come to everything; some are late once, some miss a session, a few drop out."""
    entries = []
    for position, person in enumerate(participant_ids):
        profile = rng.random()
        for number, (session_id, minutes) in enumerate(session_ids):
            status, attended = AttendanceStatus.PRESENT, minutes
            if profile > 0.9 and number >= len(session_ids) // 2:
                status, attended = AttendanceStatus.ABSENT, 0
            elif profile > 0.75 and number == (position % len(session_ids)):
                status, attended = AttendanceStatus.EXCUSED, 0
            elif profile > 0.6 and number == 0:
                status, attended = AttendanceStatus.LATE, max(0, minutes - 30)
            entries.append(AttendanceEntry(session_id, person, status, attended))
    return entries


def run_pilot(uow: UnitOfWork, programme: Programme, out_dir: Path, content_version_id: int | None = None) -> PilotResult:
    result = PilotResult(programme.id)
    rng = random.Random(f"pilot/{programme.id}")
    period = programme.period
    first_day = period.start + dt.timedelta(days=14)
    last_day = period.end - dt.timedelta(days=7)
    from sqlalchemy import select

    from ..store.orm import TrainingSessionRow

    for course_index, course in enumerate(programme.courses):
        size = COURSE_SIZES.get((programme.id, course.id), DEFAULT_COURSE_SIZE)
        people = _people(programme, course, size, rng)
        file = out_dir / f"participants-{course.id}.csv"
        _write_csv(file, people)
        result.files.append((f"pilot participants of {course.id} (CSV, the import format)", file))
        summary = import_participants(uow, programme, file, course.id)
        result.participants += summary.created
        groups = list(dict.fromkeys(row["group"] for row in people))
        plans = _course_sessions(programme, course, groups, first_day + dt.timedelta(days=10 * course_index))
        schedule_sessions(uow, programme, plans, content_version_id, source=f"pilot {course.id}")
        result.sessions += len(plans)
        ids = summary.participant_ids
        by_group: dict[str, list[int]] = {}
        for person, row in zip(ids, people):
            by_group.setdefault(row["group"], []).append(person)
        codes = [plan.code for plan in plans]
        rows = {row.code: row for row in uow.session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.code.in_(codes)))}
        for group, members in by_group.items():
            group_sessions = [(rows[plan.code].id, plan.minutes) for plan in plans if plan.group == group]
            result.marks += upsert_attendance(uow, _marks_for(group_sessions, members, rng))
        if course.completion.pass_mark_percent is not None:
            record_check_scores(uow, programme, course.id, {person: float(rng.choice([55, 62, 70, 78, 85, 92, 100])) for person in ids}, source="paper")
        if programme.plan_templates and course.target_groups[0] in ("asylum-seekers-refugees", "third-country-nationals"):
            for number, person in enumerate(ids):
                template = programme.plan_templates[number % len(programme.plan_templates)]
                create_plan(uow, programme, f"P-{person:06d}", template.id)
    for event in programme.events:
        plans = _event_sessions(programme, event, first_day, last_day)
        if not plans:
            continue
        schedule_sessions(uow, programme, plans, content_version_id, source=f"pilot {event.id}")
        result.sessions += len(plans)
        if event.participants_are_minors and event.kind is EventKind.CAMP:
            result.participants += _camp(uow, programme, event, plans, out_dir, rng, result)
    return result


def _camp(uow: UnitOfWork, programme: Programme, event: Event, plans: list[SessionPlan], out_dir: Path, rng: random.Random, result: PilotResult) -> int:
    """A day camp of children: guardian consent recorded, no e-mail, attendance each day."""
    from sqlalchemy import select

    from ..store.orm import TrainingSessionRow

    language = programme.main_language if programme.main_language in NAMES else "lv"
    consent = plans[0].date - dt.timedelta(days=14)
    children = []
    for first, last, guardian_first in _names(language, event.capacity or CAMP_SIZE, rng):
        children.append({
            "first_name": first, "last_name": last, "is_minor": "yes",
            "guardian_name": f"{guardian_first} {last}", "guardian_consent_on": consent.isoformat(),
            "organisation": "Brīvdienu akadēmija (pilots)",
            "target_group": event.target_groups[0] if event.target_groups else "",
        })
    file = out_dir / f"participants-{event.id}.csv"
    _write_csv(file, children)
    result.files.append((f"pilot participants of {event.id} (minors, guardian consent)", file))
    summary = import_participants(uow, programme, file)
    rows = {row.code: row for row in uow.session.scalars(select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.event_id == event.id))}
    entries = []
    for person in summary.participant_ids:
        for plan in plans:
            present = rng.random() > 0.08
            entries.append(AttendanceEntry(rows[plan.code].id, person, AttendanceStatus.PRESENT if present else AttendanceStatus.ABSENT, plan.minutes if present else 0))
    result.marks += upsert_attendance(uow, entries)
    return summary.created
