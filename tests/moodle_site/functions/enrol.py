"""Manual enrolments and the enrolled-users list."""

from __future__ import annotations

from typing import Any

from .._errors import MoodleError, invalid_parameter, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Enrolment
from ._common import course_or_fail
from .users import user_record

ROLES = {1: "manager", 3: "editingteacher", 4: "teacher", 5: "student"}
_SORTORDER = {1: 1, 3: 3, 4: 4, 5: 5}


@external("enrol_manual_enrol_users", {"enrolments": many(single({
    "roleid": value("int"), "userid": value("int"), "courseid": value("int"),
    "timestart": value("int", optional=True), "timeend": value("int", optional=True),
    "suspend": value("int", optional=True),
}))}, write=True, component="enrol_manual")
def enrol_users(context: Context, params: dict[str, Any]) -> None:
    state = context.state
    for data in params["enrolments"]:
        if data["courseid"] not in state.courses:
            raise invalid_parameter("Context does not exist")
        if data["roleid"] not in ROLES:
            raise moodle_exception(
                "wsusercannotassign",
                f"You don't have the permission to assign this role ({data['roleid']}) to this user "
                f"({data['userid']}) in this course({data['courseid']}).")
        if data["userid"] not in state.users:
            raise MoodleError("dml_missing_record_exception", "invaliduser", "Invalid user")
        existing = [e for e in state.enrolments if e.courseid == data["courseid"] and e.userid == data["userid"]]
        for enrolment in existing:
            enrolment.timestart = data.get("timestart") or enrolment.timestart
            enrolment.timeend = data.get("timeend") or enrolment.timeend
            if data.get("suspend") is not None:
                enrolment.suspend = data["suspend"]
        if not any(e.roleid == data["roleid"] for e in existing):
            state.enrolments.append(Enrolment(data["userid"], data["courseid"], data["roleid"],
                                              data.get("timestart") or 0, data.get("timeend") or 0,
                                              data.get("suspend") or 0))
    return None


@external("core_enrol_get_enrolled_users", {
    "courseid": value("int"),
    "options": many(single({"name": value("alphanum"), "value": value("raw")}), []),
}, write=False)
def get_enrolled_users(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Enrolled users by id, with the options a client is likely to send (groupid, onlyactive, limits, userfields)."""
    state = context.state
    course = course_or_fail(state, params["courseid"])
    options = {option["name"].lower(): option["value"] for option in params["options"]}
    enrolments = state.enrolled(course.id)
    if options.get("onlyactive") in ("1", "true"):
        enrolments = [e for e in enrolments if not e.suspend]
    userids = sorted(dict.fromkeys(e.userid for e in enrolments))
    if options.get("groupid", "0") not in ("", "0"):
        group = state.groups.get(int(options["groupid"]))
        userids = [uid for uid in userids if group is not None and uid in group.members]
    start = int(options.get("limitfrom") or 0)
    count = int(options.get("limitnumber") or 0)
    userids = userids[start:start + count] if count else userids[start:]
    wanted = [field.strip() for field in options["userfields"].split(",")] if options.get("userfields") else None
    return [_enrolled_record(context, course.id, userid, wanted) for userid in userids]


def _enrolled_record(context: Context, courseid: int, userid: int, wanted: list[str] | None) -> dict[str, Any]:
    state = context.state
    record = user_record(context, state.users[userid])
    record["lastcourseaccess"] = 0
    record["roles"] = [{"roleid": roleid, "name": "", "shortname": ROLES[roleid], "sortorder": _SORTORDER[roleid]}
                       for roleid in state.user_roles(courseid, userid)]
    record["groups"] = [{"id": g.id, "name": g.name, "description": g.description,
                         "descriptionformat": g.descriptionformat}
                        for g in state.groups.values() if g.courseid == courseid and userid in g.members]
    record["enrolledcourses"] = [{"id": c.id, "fullname": c.fullname, "shortname": c.shortname}
                                 for c in state.courses.values() if state.user_roles(c.id, userid)]
    if wanted is not None:  # "id" always comes back
        record = {key: item for key, item in record.items() if key == "id" or key in wanted}
    return record
