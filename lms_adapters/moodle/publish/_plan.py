"""The plan: for every object, create / update / unchanged, computed from what
Moodle holds now. Pure: the dry run prints it, apply carries it out."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ._request import EDITING_TEACHER_ROLE, STUDENT_ROLE, DesiredCourse, PublishRequest
from ._state import CourseState, MoodleState, TemplateState

CREATE, UPDATE, UNCHANGED, SKIPPED = "create", "update", "unchanged", "skipped"
COMPARED_FIELDS = ("fullname", "shortname", "idnumber", "summary", "startdate", "enddate", "lang", "enablecompletion")


@dataclass(frozen=True)
class PlanItem:
    kind: str  # category, course, section, user, enrolment, group, group member, cohort, cohort member, attendance, attendance session
    name: str
    action: str
    detail: str = ""
    course: str | None = None  # the course idnumber it belongs to


@dataclass
class Plan:
    items: list[PlanItem] = field(default_factory=list)

    def add(self, kind: str, name: str, action: str, detail: str = "", course: str | None = None) -> None:
        self.items.append(PlanItem(kind, name, action, detail, course))

    @property
    def writes_needed(self) -> bool:
        return any(item.action in (CREATE, UPDATE) for item in self.items)

    def counts(self) -> dict[str, Counter]:
        """{kind: Counter(action)} in the order kinds first appear."""
        result: dict[str, Counter] = {}
        for item in self.items:
            result.setdefault(item.kind, Counter())[item.action] += 1
        return result

    def of_kind(self, kind: str) -> list[PlanItem]:
        return [item for item in self.items if item.kind == kind]


def course_fields(course: DesiredCourse) -> dict[str, Any]:
    """The course as core_course_create_courses / update_courses take it (without ids)."""
    return {
        "fullname": course.fullname,
        "shortname": course.shortname,
        "idnumber": course.idnumber,
        "summary": course.summary,
        "summaryformat": 1,
        "startdate": course.startdate,
        "enddate": course.enddate,
        "lang": course.language,
        "enablecompletion": 1,
    }


def changed_fields(course: DesiredCourse, record: dict[str, Any]) -> list[str]:
    wanted = course_fields(course)
    changed = []
    for name in COMPARED_FIELDS:
        have = record.get(name)
        if name in ("startdate", "enddate", "enablecompletion"):
            if int(have or 0) != int(wanted[name]):
                changed.append(name)
        elif _as_shown(have) != _as_shown(wanted[name]):
            changed.append(name)
    return changed


def _as_shown(value: Any) -> str:
    """Moodle answers titles and summaries formatted for display (``&`` as ``&amp;``, its own line breaks):
    compared raw, a title with "&" would be updated on every publish."""
    return " ".join(html.unescape(str(value or "")).split())


def section_changes(course: DesiredCourse, state: CourseState | None, template: TemplateState | None = None) -> list[tuple[int, str, str]]:
    """(section number, action, title) for sections 1..n; a course still to be duplicated is compared with its template."""
    changes = []
    for number, title in enumerate(course.section_names, start=1):
        if state is None and template is not None:
            name = template.section_names.get(number)
            changes.append((number, SKIPPED if name is None else UNCHANGED if name == title else UPDATE, title))
        elif state is None or not state.contents_read:
            changes.append((number, CREATE, title))
        elif number not in state.sections:
            changes.append((number, SKIPPED, title))
        elif state.sections[number][1] != title:
            changes.append((number, UPDATE, title))
        else:
            changes.append((number, UNCHANGED, title))
    return changes


def missing_enrolments(course: DesiredCourse, state: CourseState | None, moodle: MoodleState) -> list[tuple[str, int]]:
    """(user idnumber, role id) not yet enrolled with that role."""
    wanted = [(idnumber, STUDENT_ROLE) for idnumber in course.students] + [(idnumber, EDITING_TEACHER_ROLE) for idnumber in course.teachers]
    missing = []
    for idnumber, role in wanted:
        user_id = moodle.user_id(idnumber)
        if state is None or user_id is None or role not in state.enrolled.get(user_id, set()):
            missing.append((idnumber, role))
    return missing


def missing_group_members(course: DesiredCourse, state: CourseState | None, moodle: MoodleState) -> list[tuple[str, str]]:
    """(group idnumber, user idnumber) not yet in the group."""
    missing = []
    for group in course.groups:
        existing = state.groups.get(group.idnumber) if state else None
        have = state.group_members.get(int(existing["id"]), set()) if existing and state else set()
        for member in group.members:
            user_id = moodle.user_id(member)
            if user_id is None or user_id not in have:
                missing.append((group.idnumber, member))
    return missing


def missing_cohort_members(request: PublishRequest, moodle: MoodleState) -> list[tuple[str, str]]:
    missing = []
    for cohort in request.cohorts:
        existing = moodle.cohorts.get(cohort.idnumber)
        have = moodle.cohort_members.get(int(existing["id"]), set()) if existing else set()
        for member in cohort.members:
            user_id = moodle.user_id(member)
            if user_id is None or user_id not in have:
                missing.append((cohort.idnumber, member))
    return missing


def make_plan(request: PublishRequest, moodle: MoodleState) -> Plan:
    plan = Plan()
    plan.add("category", request.category_name, UNCHANGED if moodle.category else CREATE, request.category_idnumber)
    for course in request.courses:
        state = moodle.courses.get(course.idnumber)
        if state is None:
            how = f"from template course {course.template_course_id}" if course.template_course_id else f"{len(course.section_names)} sections"
            plan.add("course", course.shortname, CREATE, how, course.idnumber)
        else:
            changed = changed_fields(course, state.record)
            plan.add("course", course.shortname, UPDATE if changed else UNCHANGED, ", ".join(changed), course.idnumber)
        template = moodle.templates.get(course.template_course_id) if state is None and course.template_course_id else None
        for number, action, title in section_changes(course, state, template):
            detail = "missing in Moodle: add it there" if action == SKIPPED else ""
            if template is not None:
                detail = {SKIPPED: f"template course {template.id} has no such section: add it there",
                          UNCHANGED: f"named so in template course {template.id}", UPDATE: "renamed after duplicating the template"}[action]
            plan.add("section", f"{course.shortname} {number}. {title}", action, detail, course.idnumber)
        if moodle.site.has_attendance and course.sessions:
            plan.add("attendance", f"{course.shortname} {course.attendance_name}", CREATE if not (state and state.attendance_id) else UNCHANGED, "", course.idnumber)
            for session in course.sessions:
                known = state is not None and session.code in state.attendance_sessions
                plan.add("attendance session", f"{course.shortname} {session.code}", UNCHANGED if known else CREATE, "", course.idnumber)
    for user in request.users:
        if user.idnumber in moodle.users:
            plan.add("user", user.username, UNCHANGED, "")
        elif user.create:
            plan.add("user", user.username, CREATE, "")
        else:
            plan.add("user", user.email, SKIPPED, "not in Moodle: teachers are matched by e-mail, not created")
    for course in request.courses:
        state = moodle.courses.get(course.idnumber)
        missing = set(missing_enrolments(course, state, moodle))
        wanted = [(idnumber, STUDENT_ROLE) for idnumber in course.students] + [(idnumber, EDITING_TEACHER_ROLE) for idnumber in course.teachers]
        for idnumber, role in wanted:
            role_name = "student" if role == STUDENT_ROLE else "teacher"
            action = CREATE if (idnumber, role) in missing else UNCHANGED
            if action == CREATE and not _can_exist(request, moodle, idnumber):
                action = SKIPPED
            plan.add("enrolment", f"{course.shortname} {role_name} {idnumber}", action, "", course.idnumber)
        for group in course.groups:
            exists = state is not None and group.idnumber in state.groups
            plan.add("group", f"{course.shortname} {group.name}", UNCHANGED if exists else CREATE, "", course.idnumber)
        missing_members = set(missing_group_members(course, state, moodle))
        for group in course.groups:
            for member in group.members:
                action = CREATE if (group.idnumber, member) in missing_members else UNCHANGED
                plan.add("group member", f"{group.name} {member}", action, "", course.idnumber)
    for cohort in request.cohorts:
        plan.add("cohort", cohort.name, UNCHANGED if cohort.idnumber in moodle.cohorts else CREATE, cohort.idnumber)
    missing_members = set(missing_cohort_members(request, moodle))
    for cohort in request.cohorts:
        for member in cohort.members:
            plan.add("cohort member", f"{cohort.name} {member}", CREATE if (cohort.idnumber, member) in missing_members else UNCHANGED)
    return plan


def _can_exist(request: PublishRequest, moodle: MoodleState, idnumber: str) -> bool:
    """A user who is in Moodle or who the publish will create."""
    user = request.user(idnumber)
    return idnumber in moodle.users or (user is not None and user.create)
