"""Carrying out a publish: writes in batches, in the order Moodle needs them
(category, courses, sections, users, enrolments, groups, cohorts, attendance).

Each step compares with the state read before and writes only what is
missing, so a second publish writes nothing and a publish cut short is
finished by the next one. A create that fails with "already exists" or with no
answer is followed by a look-up by idnumber, and only what is still missing is
created again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..webservice import DuplicateIdNumberError, InvalidParameterError, MoodleClient, MoodleUnavailableError
from ._plan import changed_fields, course_fields, missing_cohort_members, missing_enrolments, missing_group_members
from ._request import DesiredUser, PublishRequest
from ._state import (
    CourseState,
    MoodleState,
    courses_in_category,
    find_category,
    find_cohorts,
    find_course,
    find_users,
    read_attendance_sessions,
    read_contents,
)

T = TypeVar("T")
Progress = Callable[[str, int, int], None]

# PHP's max_input_vars: Moodle 4.x requires at least 5000; stay under it.
MAX_INPUT_VARS = 4500


@dataclass
class PublishReport:
    category_id: int | None = None
    course_ids: dict[str, int] = field(default_factory=dict)  # course idnumber -> Moodle id
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, number: int = 1, updated: bool = False) -> None:
        if number:
            target = self.updated if updated else self.created
            target[kind] = target.get(kind, 0) + number


def refused_updates(answer: object, names: dict[int, str]) -> list[str]:
    """Moodle answers a course it would not update with a warning, not an error: say so, or it looks done."""
    warnings = answer.get("warnings", []) if isinstance(answer, dict) else []
    return [f"Moodle did not update the course '{names.get(_int(warning.get('itemid')), warning.get('itemid'))}': "
            f"{warning.get('message', 'no reason given')}. Fix that on the site and publish again."
            for warning in warnings if isinstance(warning, dict)]


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def chunks(items: Sequence[T], vars_per_item: int) -> Iterable[list[T]]:
    """Batches small enough for PHP's max_input_vars."""
    size = max(1, MAX_INPUT_VARS // max(1, vars_per_item))
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def apply_plan(client: MoodleClient, request: PublishRequest, state: MoodleState, progress: Progress | None = None) -> PublishReport:
    """Make Moodle hold what ``request`` describes, starting from ``state`` (which is kept up to date)."""
    report = PublishReport()
    steps: list[tuple[str, Callable[[], None]]] = [
        ("category", lambda: _category(client, request, state, report)),
        ("courses", lambda: _courses(client, request, state, report)),
        ("sections", lambda: _sections(client, request, state, report)),
        ("users", lambda: _users(client, request, state, report)),
        ("enrolments", lambda: _enrolments(client, request, state, report)),
        ("groups", lambda: _groups(client, request, state, report)),
        ("cohorts", lambda: _cohorts(client, request, state, report)),
        ("attendance", lambda: _attendance(client, request, state, report)),
    ]
    for index, (label, step) in enumerate(steps):
        if progress:
            progress(label, index, len(steps))
        step()
    if progress:
        progress("done", len(steps), len(steps))
    return report


def _create(client: MoodleClient, function: str, parameter: str, items: list[dict[str, Any]], refind: Callable[[list[dict[str, Any]]], set[str]],
            key: str = "idnumber", vars_per_item: int = 8) -> list[dict[str, Any]]:
    """Create ``items`` in batches; after an ambiguous failure, look them up and create only what is still missing."""
    created: list[dict[str, Any]] = []
    for batch in chunks(items, vars_per_item):
        try:
            created += client.call(function, {parameter: batch}) or []
        except (DuplicateIdNumberError, MoodleUnavailableError, InvalidParameterError) as error:
            # Production sites answer "Username already exists" as a bare invalid
            # parameter: look up before deciding it was a real mistake.
            if isinstance(error, InvalidParameterError) and error.errorcode != "invalidparameter":
                raise
            existing = refind(batch)
            remaining = [item for item in batch if item[key] not in existing]
            if remaining:
                created += client.call(function, {parameter: remaining}) or []
    return created


def _category(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    if state.category is None:
        item = {"name": request.category_name, "parent": 0, "idnumber": request.category_idnumber,
                "description": request.category_description, "descriptionformat": 1}

        def refind(batch: list[dict[str, Any]]) -> set[str]:
            state.category = find_category(client, request.category_idnumber)
            return {request.category_idnumber} if state.category else set()

        created = _create(client, "core_course_create_categories", "categories", [item], refind)
        if state.category is None:
            state.category = {**item, "id": int(created[0]["id"])}
        report.count("category")
    report.category_id = int(state.category["id"])


def _courses(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    category_id = int(state.category["id"])  # type: ignore[index]
    to_create = [course for course in request.courses if course.idnumber not in state.courses]
    plain = [course for course in to_create if not course.template_course_id]
    by_idnumber = {course.idnumber: course for course in request.courses}

    def refind(batch: list[dict[str, Any]]) -> set[str]:
        found = {record["idnumber"]: record for record in courses_in_category(client, category_id) if record.get("idnumber")}
        for item in batch:  # a course with our idnumber may have been moved to another category
            if item["idnumber"] not in found:
                record = find_course(client, item["idnumber"])
                if record:
                    found[item["idnumber"]] = record
        for idnumber, record in found.items():
            if idnumber in by_idnumber and idnumber not in state.courses:
                state.courses[idnumber] = CourseState(id=int(record["id"]), record=record)
        return set(found)

    if plain:
        items = [{**course_fields(course), "categoryid": category_id, "format": "topics", "numsections": len(course.section_names)} for course in plain]
        created = _create(client, "core_course_create_courses", "courses", items, refind, vars_per_item=13)
        by_shortname = {course.shortname: course for course in plain}
        for answer in created:
            course = by_shortname.get(answer.get("shortname"))
            if course is not None and course.idnumber not in state.courses:
                state.courses[course.idnumber] = CourseState(id=int(answer["id"]), record={**course_fields(course), "id": int(answer["id"])})
        report.count("course", len(created))
    duplicated = []
    for course in to_create:
        if not course.template_course_id:
            continue
        answer = client.call("core_course_duplicate_course", {
            "courseid": course.template_course_id, "fullname": course.fullname, "shortname": course.shortname,
            "categoryid": category_id, "visible": 1, "options": [{"name": "users", "value": 0}],
        })
        # The copy has no idnumber yet, and the next run finds courses by it: give it that alone at once
        # (no lang, nothing that could be refused), so a publish stopped here is resumed, not duplicated.
        client.call("core_course_update_courses", {"courses": [{"id": int(answer["id"]), "idnumber": course.idnumber}]})
        state.courses[course.idnumber] = CourseState(id=int(answer["id"]), record={"id": int(answer["id"]), "idnumber": course.idnumber},
                                                     template=state.templates.get(course.template_course_id))
        duplicated.append(course)
        report.count("course")
    updates = []
    for idnumber, course_state in state.courses.items():
        course = by_idnumber.get(idnumber)
        if course is not None and (course in duplicated or changed_fields(course, course_state.record)):
            updates.append({**course_fields(course), "id": course_state.id})
    for batch in chunks(updates, 10):
        answer = client.call("core_course_update_courses", {"courses": batch})
        report.notes += refused_updates(answer, {item["id"]: item["fullname"] for item in batch})
    for item in updates:
        state.courses[item["idnumber"]].record.update(item)
    report.count("course", len([item for item in updates if by_idnumber[item["idnumber"]] not in duplicated]), updated=True)
    report.course_ids = {idnumber: course_state.id for idnumber, course_state in state.courses.items() if idnumber in by_idnumber}


def _sections(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    for course in request.courses:
        course_state = state.courses[course.idnumber]
        if not course_state.contents_read:
            if course_state.template is not None and course_state.template.names_match(course.section_names):
                continue  # a fresh copy of a template whose sections carry these names already
            read_contents(client, course_state, with_attendance=state.site.has_attendance)
        component = f"format_{course_state.record.get('format') or 'topics'}"
        for number, title in enumerate(course.section_names, start=1):
            section = course_state.sections.get(number)
            if section is None:
                report.notes.append(f"{course.shortname}: Moodle has no section {number} for '{title}'; add sections to the course in Moodle")
                continue
            if section[1] != title:
                client.call("core_update_inplace_editable", {"component": component, "itemtype": "sectionname", "itemid": section[0], "value": title})
                course_state.sections[number] = (section[0], title)
                report.count("section name", updated=True)


def _users(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    missing = [user for user in request.users if user.idnumber not in state.users and user.create]
    skipped = [user for user in request.users if user.idnumber not in state.users and not user.create]
    if skipped:
        report.notes.append(f"{len(skipped)} teacher(s) not found in Moodle by e-mail, not enrolled: {', '.join(user.email for user in skipped)}")
    if not missing:
        return
    by_idnumber = {user.idnumber: user for user in missing}

    def refind(batch: list[dict[str, Any]]) -> set[str]:
        found = find_users(client, [by_idnumber[item["idnumber"]] for item in batch])
        state.users.update(found)
        return set(found)

    items = [_user_fields(user) for user in missing]
    created = _create(client, "core_user_create_users", "users", items, refind, vars_per_item=9)
    by_username = {user.username: user for user in missing}
    for answer in created:
        user = by_username.get(answer.get("username"))
        if user is not None:
            state.users[user.idnumber] = {"id": int(answer["id"]), "username": user.username, "email": user.email, "idnumber": user.idnumber}
    report.count("user", len(created))


def _user_fields(user: DesiredUser) -> dict[str, Any]:
    # No language: a language pack the site lacks would refuse the whole batch.
    return {"username": user.username, "createpassword": 1, "firstname": user.firstname, "lastname": user.lastname,
            "email": user.email, "idnumber": user.idnumber, "auth": "manual"}


def _enrolments(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    items = []
    for course in request.courses:
        course_state = state.courses[course.idnumber]
        for idnumber, role in missing_enrolments(course, course_state, state):
            user_id = state.user_id(idnumber)
            if user_id is not None:
                items.append({"roleid": role, "userid": user_id, "courseid": course_state.id})
    for batch in chunks(items, 3):
        client.call("enrol_manual_enrol_users", {"enrolments": batch})
    for item in items:
        course_state = next(c for c in state.courses.values() if c.id == item["courseid"])
        course_state.enrolled.setdefault(item["userid"], set()).add(item["roleid"])
    report.count("enrolment", len(items))


def _groups(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    items = []
    for course in request.courses:
        course_state = state.courses[course.idnumber]
        for group in course.groups:
            if group.idnumber not in course_state.groups:
                items.append({"courseid": course_state.id, "name": group.name, "description": "", "idnumber": group.idnumber})
    by_course_id = {course_state.id: course_state for course_state in state.courses.values()}
    if items:
        def refind(batch: list[dict[str, Any]]) -> set[str]:
            found = set()
            for course_id in sorted({item["courseid"] for item in batch}):
                for group in client.call("core_group_get_course_groups", {"courseid": course_id}) or []:
                    if group.get("idnumber"):
                        by_course_id[course_id].groups[group["idnumber"]] = group
                        found.add(group["idnumber"])
            return found

        created = _create(client, "core_group_create_groups", "groups", items, refind, vars_per_item=4)
        for group in created:
            by_course_id[int(group["courseid"])].groups[group["idnumber"]] = group
        report.count("group", len(created))
    members = []
    for course in request.courses:
        course_state = state.courses[course.idnumber]
        for group_idnumber, member in missing_group_members(course, course_state, state):
            user_id, group = state.user_id(member), course_state.groups.get(group_idnumber)
            if user_id is not None and group is not None:
                members.append({"groupid": int(group["id"]), "userid": user_id})
                course_state.group_members.setdefault(int(group["id"]), set()).add(user_id)
    for batch in chunks(members, 2):
        client.call("core_group_add_group_members", {"members": batch})
    report.count("group member", len(members))


def _cohorts(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    items = [
        {"categorytype": {"type": "system", "value": ""}, "name": cohort.name, "idnumber": cohort.idnumber, "description": ""}
        for cohort in request.cohorts
        if cohort.idnumber not in state.cohorts
    ]
    if items:
        def refind(batch: list[dict[str, Any]]) -> set[str]:
            state.cohorts.update(find_cohorts(client, [item["idnumber"] for item in batch]))
            return set(state.cohorts)

        created = _create(client, "core_cohort_create_cohorts", "cohorts", items, refind, vars_per_item=5)
        for cohort in created:
            state.cohorts[cohort["idnumber"]] = cohort
        report.count("cohort", len(created))
    members = []
    for cohort_idnumber, member in missing_cohort_members(request, state):
        user_id, cohort = state.user_id(member), state.cohorts.get(cohort_idnumber)
        if user_id is not None and cohort is not None:
            members.append({"cohorttype": {"type": "id", "value": int(cohort["id"])}, "usertype": {"type": "id", "value": user_id}})
            state.cohort_members.setdefault(int(cohort["id"]), set()).add(user_id)
    for batch in chunks(members, 4):
        client.call("core_cohort_add_cohort_members", {"members": batch})
    report.count("cohort member", len(members))


def _attendance(client: MoodleClient, request: PublishRequest, state: MoodleState, report: PublishReport) -> None:
    if not state.site.has_attendance:
        if any(course.sessions for course in request.courses):
            report.notes.append("the site has no mod_attendance (or the token's service lacks its functions): sessions were not published")
        return
    for course in request.courses:
        if not course.sessions:
            continue
        course_state = state.courses[course.idnumber]
        if not course_state.contents_read and course_state.template is not None and course_state.template.has_attendance:
            # The copy holds the template's attendance (and its sessions): use it, never add a second one.
            read_contents(client, course_state, with_attendance=True)
            if course_state.attendance_id:
                read_attendance_sessions(client, course_state)
        if course_state.attendance_id is None:
            answer = client.call("mod_attendance_add_attendance", {
                "courseid": course_state.id, "name": course.attendance_name, "intro": "", "groupmode": 1 if course.groups else 0,
            })
            course_state.attendance_id = int(answer["attendanceid"])
            report.count("attendance")
        for session in course.sessions:
            if session.code in course_state.attendance_sessions:
                continue
            group = course_state.groups.get(session.group_idnumber) if session.group_idnumber else None
            answer = client.call("mod_attendance_add_session", {
                "attendanceid": course_state.attendance_id, "description": session.description, "sessiontime": session.start,
                "duration": session.duration, "groupid": int(group["id"]) if group else 0, "addcalendarevent": 1,
            })
            course_state.attendance_sessions[session.code] = {"id": int(answer["sessionid"]), "description": session.description}
            report.count("attendance session")
