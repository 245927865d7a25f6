"""What a publish wants Moodle to hold: plain values, built by the caller from the
content and the records (this adapter never reads the database).

Everything carries the stable idnumber that finds it again on the next
publish (see ``identifiers.py``), so a second publish updates instead of
duplicating.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .._common import EDITING_TEACHER_ROLE, STUDENT_ROLE  # noqa: F401  (the roles a request enrols with)


@dataclass(frozen=True)
class DesiredUser:
    """A person; matched in Moodle by idnumber, then e-mail, then username, never duplicated."""

    idnumber: str
    username: str
    firstname: str
    lastname: str
    email: str
    lang: str | None = None
    create: bool = True  # False for teachers named only by e-mail: matched, never created


@dataclass(frozen=True)
class DesiredGroup:
    idnumber: str
    name: str
    members: tuple[str, ...] = ()  # user idnumbers


@dataclass(frozen=True)
class DesiredSession:
    """A scheduled session as a mod_attendance session; ``code`` is how it is found again."""

    code: str
    start: int  # Unix time
    duration: int  # seconds
    description: str
    group_idnumber: str | None = None


@dataclass(frozen=True)
class DesiredCourse:
    course_id: str
    language: str
    idnumber: str
    shortname: str
    fullname: str
    summary: str
    startdate: int
    enddate: int
    section_names: tuple[str, ...]
    students: tuple[str, ...] = ()  # user idnumbers
    teachers: tuple[str, ...] = ()
    groups: tuple[DesiredGroup, ...] = ()
    sessions: tuple[DesiredSession, ...] = ()
    attendance_name: str = "Attendance"
    template_course_id: int | None = None


@dataclass(frozen=True)
class DesiredCohort:
    idnumber: str
    name: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishRequest:
    programme_id: str
    category_idnumber: str
    category_name: str
    category_description: str
    courses: tuple[DesiredCourse, ...]
    users: tuple[DesiredUser, ...] = ()
    cohorts: tuple[DesiredCohort, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what was left out and why, for the user

    def user(self, idnumber: str) -> DesiredUser | None:
        return self._users.get(idnumber)

    @cached_property
    def _users(self) -> dict[str, DesiredUser]:
        return {user.idnumber: user for user in self.users}
