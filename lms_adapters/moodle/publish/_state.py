"""Reading what Moodle holds now, in a fixed number of batched calls.

Lookups take arrays (``values[]``, ``groupids[]``, ``cohortids[]``) so the
number of calls depends on the number of courses, never on the number of
participants. Courses created in this run are not read back for enrolments
or groups: they have none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..webservice import MoodleClient, RecordNotFoundError, SiteInfo
from ._request import PublishRequest

ATTENDANCE_MODULE = "attendance"


@dataclass(frozen=True)
class TemplateState:
    """A template course as read before duplicating it: its section names and whether it holds an attendance.

    A duplicate (Moodle's backup and restore) carries the same section names, so a copy of a template
    whose sections are already named needs no call to read or rename its own."""

    id: int
    section_names: dict[int, str]  # section number -> name
    has_attendance: bool

    def names_match(self, wanted: tuple[str, ...]) -> bool:
        return all(self.section_names.get(number) == title for number, title in enumerate(wanted, start=1))


@dataclass
class CourseState:
    id: int
    record: dict[str, Any]
    sections: dict[int, tuple[int, str]] = field(default_factory=dict)  # number -> (course_sections.id, name)
    modules: list[dict[str, Any]] = field(default_factory=list)  # cmid, modname, instance, name, section number
    enrolled: dict[int, set[int]] = field(default_factory=dict)  # userid -> roleids
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)  # idnumber -> group
    group_members: dict[int, set[int]] = field(default_factory=dict)
    attendance_id: int | None = None
    attendance_sessions: dict[str, dict[str, Any]] = field(default_factory=dict)  # our session code -> session
    contents_read: bool = False
    template: TemplateState | None = None  # the template this course was duplicated from in this run


@dataclass
class MoodleState:
    site: SiteInfo
    category: dict[str, Any] | None = None
    courses: dict[str, CourseState] = field(default_factory=dict)  # course idnumber -> state
    users: dict[str, dict[str, Any]] = field(default_factory=dict)  # our user idnumber -> Moodle user
    cohorts: dict[str, dict[str, Any]] = field(default_factory=dict)  # idnumber -> cohort
    cohort_members: dict[int, set[int]] = field(default_factory=dict)
    templates: dict[int, TemplateState] = field(default_factory=dict)  # template courses new courses are duplicated from

    def user_id(self, idnumber: str) -> int | None:
        user = self.users.get(idnumber)
        return int(user["id"]) if user else None


def session_code_of(description: str) -> str | None:
    """Our sessions carry their code in the description's first line: ``[code] ...``."""
    text = description.strip()
    if text.startswith("[") and "]" in text:
        return text[1 : text.index("]")]
    # Moodle may wrap the description in a paragraph.
    for marker in ("<p>[", "<div>["):
        if text.startswith(marker):
            inner = text[len(marker) - 1 :]
            return inner[1 : inner.index("]")] if "]" in inner else None
    return None


def read_state(client: MoodleClient, request: PublishRequest) -> MoodleState:
    """Everything the plan compares against, read in batches."""
    state = MoodleState(site=client.site_info())
    state.category = find_category(client, request.category_idnumber)
    if state.category is not None:
        records = courses_in_category(client, int(state.category["id"]))
        for record in records:
            if record.get("idnumber"):
                state.courses[record["idnumber"]] = CourseState(id=int(record["id"]), record=record)
        # A copy of a template whose publish stopped before it got its idnumber: ours by its short name.
        by_shortname = {course.shortname: course.idnumber for course in request.courses if course.idnumber not in state.courses}
        for record in records:
            idnumber = by_shortname.get(str(record.get("shortname") or ""))
            if not record.get("idnumber") and idnumber and idnumber not in state.courses:
                state.courses[idnumber] = CourseState(id=int(record["id"]), record=record)
    wanted = {course.idnumber for course in request.courses}
    for idnumber, course in state.courses.items():
        if idnumber in wanted:
            read_course_details(client, course, with_attendance=state.site.has_attendance)
    read_group_members(client, [course for key, course in state.courses.items() if key in wanted])
    templates = sorted({course.template_course_id for course in request.courses if course.template_course_id and course.idnumber not in state.courses})
    state.templates = {template_id: read_template(client, template_id) for template_id in templates}
    state.users = find_users(client, request.users)
    if request.cohorts:
        state.cohorts = find_cohorts(client, [cohort.idnumber for cohort in request.cohorts])
        if state.cohorts:
            state.cohort_members = read_cohort_members(client, [int(c["id"]) for c in state.cohorts.values()])
    return state


def find_category(client: MoodleClient, idnumber: str) -> dict[str, Any] | None:
    found = client.call("core_course_get_categories", {"criteria": [{"key": "idnumber", "value": idnumber}], "addsubcategories": 0}) or []
    return next((item for item in found if item.get("idnumber") == idnumber), None)


def courses_in_category(client: MoodleClient, category_id: int) -> list[dict[str, Any]]:
    answer = client.call("core_course_get_courses_by_field", {"field": "category", "value": category_id}) or {}
    return list(answer.get("courses") or [])


def find_course(client: MoodleClient, idnumber: str) -> dict[str, Any] | None:
    answer = client.call("core_course_get_courses_by_field", {"field": "idnumber", "value": idnumber}) or {}
    return next((item for item in answer.get("courses") or [] if item.get("idnumber") == idnumber), None)


def read_contents(client: MoodleClient, course: CourseState, with_attendance: bool) -> None:
    """Sections (ids and names) and the activities in them, from one call."""
    sections = client.call("core_course_get_contents", {"courseid": course.id}) or []
    course.sections = {int(item["section"]): (int(item["id"]), str(item.get("name") or "")) for item in sections}
    course.modules = [
        {"cmid": int(module["id"]), "modname": module.get("modname"), "instance": int(module.get("instance") or 0),
         "name": module.get("name", ""), "section": int(item["section"])}
        for item in sections
        for module in item.get("modules") or []
    ]
    course.contents_read = True
    if with_attendance:
        instance = next((module for module in course.modules if module["modname"] == ATTENDANCE_MODULE), None)
        course.attendance_id = instance["instance"] if instance else None


def read_template(client: MoodleClient, course_id: int) -> TemplateState:
    """One read per template, before anything is written: a wrong --template-course stops the publish here."""
    try:
        sections = client.call("core_course_get_contents", {"courseid": course_id}) or []
    except RecordNotFoundError as error:
        raise RecordNotFoundError(
            f"there is no course {course_id} in Moodle to use as a template (--template-course): give the id of the course "
            "an admin restored from our backup (it is in the course page's address, course/view.php?id=...). Nothing was changed in Moodle",
            function=error.function, errorcode=error.errorcode,
        ) from None
    return TemplateState(
        id=course_id,
        section_names={int(item["section"]): str(item.get("name") or "") for item in sections},
        has_attendance=any(module.get("modname") == ATTENDANCE_MODULE for item in sections for module in item.get("modules") or []),
    )


def read_attendance_sessions(client: MoodleClient, course: CourseState) -> None:
    """Sessions of the course's attendance, by our session code (a duplicated attendance keeps its sessions)."""
    sessions = client.call("mod_attendance_get_sessions", {"attendanceid": course.attendance_id}) or []
    for item in sessions:
        code = session_code_of(str(item.get("description") or ""))
        if code:
            course.attendance_sessions[code] = item


def read_course_details(client: MoodleClient, course: CourseState, with_attendance: bool) -> None:
    read_contents(client, course, with_attendance)
    enrolled = client.call("core_enrol_get_enrolled_users", {"courseid": course.id}) or []
    course.enrolled = {int(user["id"]): {int(role["roleid"]) for role in user.get("roles") or []} for user in enrolled}
    groups = client.call("core_group_get_course_groups", {"courseid": course.id}) or []
    course.groups = {group["idnumber"]: group for group in groups if group.get("idnumber")}
    if with_attendance and course.attendance_id:
        read_attendance_sessions(client, course)


def read_group_members(client: MoodleClient, courses: Iterable[CourseState]) -> None:
    """Members of every group of every course, in one call."""
    by_group = {int(group["id"]): course for course in courses for group in course.groups.values()}
    if not by_group:
        return
    answer = client.call("core_group_get_group_members", {"groupids": sorted(by_group)}) or []
    for item in answer:
        group_id = int(item["groupid"])
        by_group[group_id].group_members[group_id] = {int(user) for user in item.get("userids") or []}


def find_users(client: MoodleClient, users: Iterable[Any]) -> dict[str, dict[str, Any]]:
    """Match each wanted user by idnumber, then e-mail, then username: at most three calls."""
    wanted = list(users)
    found: dict[str, dict[str, Any]] = {}
    for field_name, key in (("idnumber", "idnumber"), ("email", "email"), ("username", "username")):
        missing = [user for user in wanted if user.idnumber not in found and getattr(user, key)]
        if not missing:
            break
        values = sorted({getattr(user, key) for user in missing})
        answer = client.call("core_user_get_users_by_field", {"field": field_name, "values": values}) or []
        by_value: dict[str, dict[str, Any]] = {}
        for record in answer:
            value = str(record.get(field_name) or "")
            by_value.setdefault(value.lower() if field_name != "idnumber" else value, record)
        for user in missing:
            value = getattr(user, key)
            record = by_value.get(value.lower() if field_name != "idnumber" else value)
            if record is not None:
                found[user.idnumber] = record
    return found


def find_cohorts(client: MoodleClient, idnumbers: list[str]) -> dict[str, dict[str, Any]]:
    """Our cohorts by idnumber: one search for their shared prefix."""
    prefix = _common_prefix(idnumbers)
    answer = client.call(
        "core_cohort_search_cohorts",
        {"query": prefix, "context": {"contextlevel": "system", "instanceid": 0}, "includes": "all", "limitfrom": 0, "limitnum": 1000},
    ) or {}
    wanted = set(idnumbers)
    return {item["idnumber"]: item for item in answer.get("cohorts") or [] if item.get("idnumber") in wanted}


def read_cohort_members(client: MoodleClient, cohort_ids: list[int]) -> dict[int, set[int]]:
    answer = client.call("core_cohort_get_cohort_members", {"cohortids": sorted(cohort_ids)}) or []
    return {int(item["cohortid"]): {int(user) for user in item.get("userids") or []} for item in answer}


def _common_prefix(values: list[str]) -> str:
    if not values:
        return ""
    first, last = min(values), max(values)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]
