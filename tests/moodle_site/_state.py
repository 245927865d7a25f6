"""What the fake site stores: plain records with Moodle's column names, and id counters.

Ids come from per-table counters that start where a fresh Moodle starts
(category 1 and course 1 exist, users 1 and 2 are guest and admin), so
tests see realistic ids and can inspect everything through `site.state`.
"""

from __future__ import annotations

import itertools
import pickle
from dataclasses import dataclass, field
from typing import Any, Iterator

# The clock the site reports; fixed so answers are reproducible.
NOW = 1_767_225_600  # 2026-01-01T00:00:00Z


@dataclass
class Category:
    id: int
    name: str
    idnumber: str = ""
    parent: int = 0
    description: str = ""
    descriptionformat: int = 1
    visible: int = 1
    sortorder: int = 10000
    timemodified: int = NOW
    path: str = ""  # "/1/4": the ids from the top category down, as Moodle stores it

    @property
    def depth(self) -> int:
        return self.path.count("/")


@dataclass
class Course:
    id: int
    fullname: str
    shortname: str
    categoryid: int
    idnumber: str = ""
    summary: str = ""
    summaryformat: int = 1
    format: str = "topics"
    startdate: int = 0
    enddate: int = 0
    lang: str = ""
    enablecompletion: int = 0
    visible: int = 1
    showgrades: int = 1
    newsitems: int = 5
    groupmode: int = 0
    groupmodeforce: int = 0
    timecreated: int = NOW
    timemodified: int = NOW


@dataclass
class Section:
    id: int
    course: int
    section: int
    name: str | None = None
    summary: str = ""
    summaryformat: int = 1
    visible: int = 1
    sequence: list[int] = field(default_factory=list)

    def display_name(self) -> str:
        if self.name:
            return self.name
        return "General" if self.section == 0 else "New section"


@dataclass
class CourseModule:
    id: int
    course: int
    modname: str
    instance: int
    name: str
    section: int  # course_sections.id
    visible: int = 1
    completion: int = 2  # 0 none, 1 manual, 2 automatic


@dataclass
class User:
    id: int
    username: str
    firstname: str
    lastname: str
    email: str
    idnumber: str = ""
    auth: str = "manual"
    lang: str = "en"
    password_set: bool = False
    suspended: int = 0
    city: str = ""
    country: str = ""
    timezone: str = "99"
    description: str = ""
    siteadmin: bool = False

    @property
    def fullname(self) -> str:
        return f"{self.firstname} {self.lastname}"


@dataclass
class Enrolment:
    userid: int
    courseid: int
    roleid: int
    timestart: int = 0
    timeend: int = 0
    suspend: int = 0


@dataclass
class Group:
    id: int
    courseid: int
    name: str
    description: str = ""
    descriptionformat: int = 1
    enrolmentkey: str = ""
    idnumber: str = ""
    visibility: int = 0
    participation: bool = True
    members: list[int] = field(default_factory=list)


@dataclass
class Cohort:
    id: int
    contextid: int
    name: str
    idnumber: str = ""
    description: str = ""
    descriptionformat: int = 1
    visible: bool = True
    theme: str = ""
    members: list[int] = field(default_factory=list)


@dataclass
class Sco:
    id: int
    identifier: str
    title: str


@dataclass
class Scorm:
    id: int
    course: int
    cmid: int
    name: str
    organization_scoid: int  # the manifest's organization: a row in scorm_scoes that is not a SCO
    scoes: list[Sco] = field(default_factory=list)  # launchable SCOs in manifest order
    maxgrade: int = 100
    # (userid, scoid) -> attempts; each attempt maps a SCORM element to its value.
    tracks: dict[tuple[int, int], list[dict[str, str]]] = field(default_factory=dict)

    def attempts_of(self, userid: int) -> int:
        return max((len(a) for (uid, _), a in self.tracks.items() if uid == userid), default=0)


@dataclass
class Quiz:
    id: int
    course: int
    cmid: int
    name: str


@dataclass
class AttendanceStatus:
    id: int
    attendanceid: int
    acronym: str
    description: str
    grade: float
    setnumber: int = 0
    visible: int = 1
    deleted: int = 0


@dataclass
class Attendance:
    id: int
    course: int
    cmid: int
    name: str
    intro: str = ""
    groupmode: int = 0
    statuses: list[AttendanceStatus] = field(default_factory=list)


@dataclass
class AttendanceLog:
    id: int
    sessionid: int
    studentid: int
    statusid: int
    takenby: int
    timetaken: int = NOW
    remarks: str = ""


@dataclass
class AttendanceSession:
    id: int
    attendanceid: int
    sessdate: int
    duration: int
    description: str = ""
    groupid: int = 0
    lasttaken: int = 0
    lasttakenby: int = 0
    statusset: int = 0
    calendarevent: int = 1
    log: list[AttendanceLog] = field(default_factory=list)


@dataclass
class Completion:
    state: int
    timecompleted: int = 0


@dataclass
class DraftFile:
    itemid: int
    filename: str
    filepath: str
    filesize: int
    content: bytes
    userid: int


class SiteState:
    """Every table the fake site keeps, with Moodle's starting ids."""

    def __init__(self) -> None:
        self._counters: dict[str, Iterator[int]] = {}
        self.categories: dict[int, Category] = {}
        self.courses: dict[int, Course] = {}
        self.sections: dict[int, Section] = {}
        self.modules: dict[int, CourseModule] = {}
        self.users: dict[int, User] = {}
        self.enrolments: list[Enrolment] = []
        self.groups: dict[int, Group] = {}
        self.cohorts: dict[int, Cohort] = {}
        self.scorms: dict[int, Scorm] = {}
        self.quizzes: dict[int, Quiz] = {}
        self.attendances: dict[int, Attendance] = {}
        self.attendance_sessions: dict[int, AttendanceSession] = {}
        self.activity_completion: dict[tuple[int, int], Completion] = {}  # (cmid, userid)
        self.course_completion: dict[tuple[int, int], int] = {}  # (courseid, userid) -> timecompleted
        self.draft_files: list[DraftFile] = []
        self.categories[1] = Category(id=self.next_id("course_categories"), name="Category 1", path="/1")
        self.courses[1] = Course(id=self.next_id("course"), fullname="Moodle", shortname="moodle", categoryid=0)
        self.users[1] = User(self.next_id("user"), "guest", "Guest user", " ", "root@localhost", auth="manual")
        self.users[2] = User(self.next_id("user"), "admin", "Admin", "User", "admin@example.com", siteadmin=True)
        for _ in range(4):  # mod_attendance's default status set (attendanceid 0) takes the first ids
            self.next_id("attendance_statuses")
        for number in (0, 1):  # the front page has sections 0 and 1
            section = Section(id=self.next_id("course_sections"), course=1, section=number)
            self.sections[section.id] = section

    def next_id(self, table: str) -> int:
        if table not in self._counters:
            self._counters[table] = itertools.count(1)
        return next(self._counters[table])

    def snapshot(self) -> bytes:
        """A copy of every table (not the id counters: like database sequences, they never go back).

        Pickled rather than deep-copied: several times faster with hundreds of users.
        """
        return pickle.dumps({key: item for key, item in self.__dict__.items() if key != "_counters"},
                            protocol=pickle.HIGHEST_PROTOCOL)

    def restore(self, saved: bytes) -> None:
        self.__dict__.update(pickle.loads(saved))

    def new_scorm(self, courseid: int, cmid: int, name: str, sco_titles: list[tuple[str, str]]) -> Scorm:
        """A SCORM instance with its organization and SCO rows, as restoring a package creates them."""
        scorm = Scorm(self.next_id("scorm"), courseid, cmid, name, self.next_id("scorm_scoes"))
        scorm.scoes = [Sco(self.next_id("scorm_scoes"), identifier, title) for identifier, title in sco_titles]
        self.scorms[scorm.id] = scorm
        return scorm

    # Lookups used by several areas -------------------------------------------------

    def course_sections(self, courseid: int) -> list[Section]:
        return sorted((s for s in self.sections.values() if s.course == courseid), key=lambda s: s.section)

    def course_modules(self, courseid: int) -> list[CourseModule]:
        return [m for m in self.modules.values() if m.course == courseid]

    def enrolled(self, courseid: int) -> list[Enrolment]:
        return [e for e in self.enrolments if e.courseid == courseid]

    def user_roles(self, courseid: int, userid: int) -> list[int]:
        return [e.roleid for e in self.enrolments if e.courseid == courseid and e.userid == userid]

    def users_by(self, field_name: str, value: Any) -> list[User]:
        return [u for u in self.users.values() if getattr(u, field_name) == value]
