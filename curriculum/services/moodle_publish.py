"""Use case: what a programme's publish to Moodle should create, gathered from
the content and the records (participants, enrolments, groups, sessions).

The Moodle adapter gets plain values and never touches the database. Each
participant goes to the course in their preferred language when the course
has it, else in the course's first language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from sqlalchemy import select

from lms_adapters.moodle.users_csv import UploadUser, username_for
from lms_adapters.moodle.identifiers import category_idnumber, cohort_idnumber, course_idnumber, course_shortname, group_idnumber, user_idnumber
from lms_adapters.moodle.publish import DesiredCohort, DesiredCourse, DesiredGroup, DesiredSession, DesiredUser, PublishRequest

from ..errors import CurriculumError
from ..model import Programme
from ..render.markdown import render_markdown
from ..store import UnitOfWork
from ..store.orm import CourseGroupRow, EnrolmentRow, ParticipantRow, TrainingSessionRow
from .participants import participant_ref
from .sessions import TIMEZONES

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def programme_timezone(programme: Programme) -> ZoneInfo:
    return ZoneInfo(TIMEZONES.get(programme.organiser.country or "", "Europe/Riga"))


def build_publish_request(
    uow: UnitOfWork,
    programme: Programme,
    languages: tuple[str, ...] = (),
    teachers: tuple[str, ...] = (),
    templates: dict[str, int] | None = None,
) -> PublishRequest:
    """The courses (per course and language), people, groups, cohorts and sessions to publish.

    ``templates`` maps "course-id:ll", "course-id" or "*" to a Moodle course to
    duplicate for a new course (the most specific key wins).
    """
    session = uow.session
    assert session is not None
    unknown = [language for language in languages if language not in programme.languages]
    if unknown:
        raise CurriculumError(f"{programme.id} has no language {', '.join(unknown)} (its languages: {', '.join(programme.languages)})")
    bad_teachers = [email for email in teachers if not EMAIL.match(email)]
    if bad_teachers:
        raise CurriculumError(f"a teacher is given by the e-mail of their Moodle account, not '{bad_teachers[0]}'")
    templates = templates or {}
    course_ids = {course.id for course in programme.courses}
    unknown_templates = [key for key in templates if key != "*" and key.split(":")[0] not in course_ids]
    if unknown_templates:
        raise CurriculumError(f"--template-course names a course {programme.id} does not have: {unknown_templates[0]} (courses: {', '.join(sorted(course_ids))})")
    zone = programme_timezone(programme)
    notes: list[str] = []
    rows = session.execute(
        select(EnrolmentRow.course_id, ParticipantRow, CourseGroupRow.code)
        .join(ParticipantRow, ParticipantRow.id == EnrolmentRow.participant_id)
        .outerjoin(CourseGroupRow, CourseGroupRow.id == EnrolmentRow.group_id)
        .where(EnrolmentRow.programme_id == programme.id, ParticipantRow.anonymised_at.is_(None))
        .order_by(ParticipantRow.id)
    ).all()
    sessions = list(session.scalars(
        select(TrainingSessionRow).where(TrainingSessionRow.programme_id == programme.id, TrainingSessionRow.course_id.is_not(None)).order_by(TrainingSessionRow.date, TrainingSessionRow.start_time, TrainingSessionRow.code)
    ))
    group_codes = dict(session.execute(select(CourseGroupRow.id, CourseGroupRow.code).where(CourseGroupRow.programme_id == programme.id)).all())

    users: dict[str, DesiredUser] = {}
    without_email: set[int] = set()
    placed: dict[tuple[str, str], list[tuple[str, str | None]]] = defaultdict(list)  # (course, language) -> (user idnumber, group code)
    target_groups: dict[str, list[str]] = defaultdict(list)
    for course_id, person, group_code in rows:
        course = programme.course(course_id)
        if course is None:
            continue
        if not person.email or not EMAIL.match(person.email):
            without_email.add(person.id)
            continue
        course_languages = programme.course_languages(course)
        language = person.preferred_language if person.preferred_language in course_languages else course_languages[0]
        if languages and language not in languages:
            continue
        user = users.get(str(person.id)) or _user(person)
        users[str(person.id)] = user
        placed[(course.id, language)].append((user.idnumber, group_code))
        if person.target_group and user.idnumber not in target_groups[person.target_group]:
            target_groups[person.target_group].append(user.idnumber)
    if without_email:
        notes.append(f"{len(without_email)} participant(s) have no e-mail address, which Moodle needs for an account: they were left out")

    # A trainer teaches (and sees the participants of) only the courses whose sessions they lead; --teacher gives all.
    teacher_emails = list(dict.fromkeys([*teachers, *(name for row in sessions for name in _trainer_emails(row))]))
    teacher_users = [DesiredUser(idnumber=f"teacher:{email.lower()}", username=email.lower(), firstname="", lastname="", email=email, create=False)
                     for email in teacher_emails]
    teacher_users = [user for user in teacher_users if not any(existing.email.lower() == user.email.lower() for existing in users.values())]
    teacher_by_email = {user.email.lower(): user.idnumber for user in teacher_users}

    courses = []
    for course in programme.courses:
        course_languages = [language for language in programme.course_languages(course) if not languages or language in languages]
        course_sessions = [row for row in sessions if row.course_id == course.id]
        start, end = _dates(programme, course_sessions, zone)
        for language in course_languages:
            people = placed.get((course.id, language), [])
            members: dict[str, list[str]] = defaultdict(list)
            for idnumber, code in people:
                if code:
                    members[code].append(idnumber)
            groups = tuple(
                DesiredGroup(group_idnumber(programme.id, course.id, language, code), code, tuple(ids)) for code, ids in sorted(members.items())
            )
            wanted_sessions, trainers = [], []
            for row in course_sessions:
                code = group_codes.get(row.group_id) if row.group_id else None
                if code and code not in members:
                    continue  # that group has nobody in this language's course
                wanted_sessions.append(_session(row, zone, group_idnumber(programme.id, course.id, language, code) if code else None))
                trainers += _trainer_emails(row)
            course_teachers = [teacher_by_email[email.lower()] for email in [*teachers, *trainers] if email.lower() in teacher_by_email]
            courses.append(DesiredCourse(
                course_id=course.id,
                language=language,
                idnumber=course_idnumber(programme.id, course.id, language),
                shortname=course_shortname(programme.id, course.id, language),
                fullname=programme.text(course.title, language),
                summary=render_markdown(programme.text(course.summary, language)) if course.summary.root else "",
                startdate=start,
                enddate=end,
                section_names=tuple(programme.text(module.title, language) for _, module in programme.course_modules(course)),
                students=tuple(dict.fromkeys(idnumber for idnumber, _ in people)),
                teachers=tuple(dict.fromkeys(course_teachers)),
                groups=groups,
                sessions=tuple(wanted_sessions),
                attendance_name=_attendance_name(language),
                template_course_id=templates.get(f"{course.id}:{language}", templates.get(course.id, templates.get("*"))),
            ))
    if not courses:
        raise CurriculumError(f"nothing to publish: {programme.id} has no course in {', '.join(languages) or 'any language'}")
    names = programme.all_target_groups()
    main = languages[0] if languages else programme.main_language
    cohorts = tuple(
        DesiredCohort(cohort_idnumber(programme.id, group), f"{programme.code}: {programme.text(names[group].name, main) if group in names else group}", tuple(ids))
        for group, ids in sorted(target_groups.items())
    )
    return PublishRequest(
        programme_id=programme.id,
        category_idnumber=category_idnumber(programme.id),
        category_name=programme.text(programme.title, main),
        category_description=render_markdown(programme.text(programme.summary, main)) if programme.summary.root else "",
        courses=tuple(courses),
        users=tuple(users.values()) + tuple(teacher_users),
        cohorts=cohorts,
        notes=tuple(notes),
    )


def _trainer_emails(row: TrainingSessionRow) -> list[str]:
    """The session's trainers given by e-mail (the only way to find their Moodle accounts)."""
    return [str(name) for name in row.trainers or [] if EMAIL.match(str(name))]


def _user(person: ParticipantRow) -> DesiredUser:
    ref = participant_ref(person)
    email = (person.email or "").strip()
    # The same username the Upload users CSV gives, so both routes meet on one account.
    username = username_for(UploadUser(ref, person.first_name, person.last_name, email or None, person.preferred_language, None, ()))
    return DesiredUser(idnumber=user_idnumber(ref), username=username, firstname=person.first_name, lastname=person.last_name,
                       email=email, lang=person.preferred_language)


def _dates(programme: Programme, sessions: list[TrainingSessionRow], zone: ZoneInfo) -> tuple[int, int]:
    first = min((row.date for row in sessions), default=programme.period.start)
    last = max((row.date for row in sessions), default=programme.period.end)
    start = dt.datetime.combine(first, dt.time(0, 0), zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0, 0), zone)
    return int(start.timestamp()), int(end.timestamp())


def _session(row: TrainingSessionRow, zone: ZoneInfo, group: str | None) -> DesiredSession:
    start = dt.datetime.combine(row.date, row.start_time, zone)
    end = dt.datetime.combine(row.date, row.end_time, zone)
    where = ", ".join(part for part in (row.title, row.venue) if part)
    return DesiredSession(code=row.code, start=int(start.timestamp()), duration=int((end - start).total_seconds()),
                          description=f"[{row.code}] {where}".strip(), group_idnumber=group)


ATTENDANCE_NAMES = {"lv": "Apmeklējums", "lt": "Lankomumas", "ru": "Посещаемость", "en": "Attendance"}


def _attendance_name(language: str) -> str:
    return ATTENDANCE_NAMES.get(language, "Attendance")
