"""Course groups and their members (core_group_*)."""

from __future__ import annotations

from typing import Any

from .._errors import invalid_parameter, missing_record, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Group


@external("core_group_create_groups", {"groups": many(single({
    "courseid": value("int"), "name": value("text"), "description": value("raw"),
    "descriptionformat": value("int", 1), "enrolmentkey": value("raw", optional=True),
    "idnumber": value("raw", optional=True), "visibility": value("int", 0), "participation": value("bool", "1"),
    "customfields": many(single({"shortname": value("alphanumext"), "value": value("raw")}), optional=True),
}))}, write=True)
def create_groups(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    created = []
    for data in params["groups"]:
        if data["name"].strip() == "":
            raise invalid_parameter("Invalid group name")
        in_course = [g for g in state.groups.values() if g.courseid == data["courseid"]]
        if any(g.name == data["name"] for g in in_course):
            raise invalid_parameter("Group with the same name already exists in the course")
        _course_context(state, data["courseid"])
        idnumber = data.get("idnumber") or ""
        if idnumber and any(g.idnumber == idnumber for g in in_course):
            raise moodle_exception("idnumbertaken", "This ID number is already taken")
        group = Group(id=state.next_id("groups"), courseid=data["courseid"], name=data["name"],
                      description=data["description"], descriptionformat=data["descriptionformat"],
                      enrolmentkey=data.get("enrolmentkey") or "", idnumber=idnumber,
                      visibility=data["visibility"], participation=data["participation"])
        state.groups[group.id] = group
        created.append(group_record(group))
    return created


def _course_context(state, courseid: int) -> None:
    if courseid not in state.courses:
        raise moodle_exception(
            "errorcoursecontextnotvalid",
            f"You cannot execute functions in the course context (course id:{courseid}). "
            "The context error message was: Invalid parameter value detected")


def group_record(group: Group) -> dict[str, Any]:
    return {"id": group.id, "courseid": group.courseid, "name": group.name, "description": group.description,
            "descriptionformat": group.descriptionformat, "enrolmentkey": group.enrolmentkey,
            "idnumber": group.idnumber, "visibility": group.visibility, "participation": group.participation,
            "customfields": []}


@external("core_group_get_course_groups", {"courseid": value("int")}, write=False)
def get_course_groups(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    _course_context(context.state, params["courseid"])
    groups = [g for g in context.state.groups.values() if g.courseid == params["courseid"]]
    return [group_record(g) for g in sorted(groups, key=lambda g: g.name)]


@external("core_group_add_group_members", {"members": many(single({
    "groupid": value("int"), "userid": value("int"),
}))}, write=True)
def add_group_members(context: Context, params: dict[str, Any]) -> None:
    state = context.state
    for data in params["members"]:
        group = state.groups.get(data["groupid"])
        if group is None:
            raise missing_record("groups")
        if data["userid"] not in state.users:
            raise missing_record("user")
        if not state.user_roles(group.courseid, data["userid"]):
            raise invalid_parameter("Only enrolled users may be members of groups")
        if data["userid"] not in group.members:
            group.members.append(data["userid"])
    return None


@external("core_group_get_group_members", {"groupids": many(value("int"))}, write=False)
def get_group_members(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    answer = []
    for groupid in params["groupids"]:
        group = context.state.groups.get(groupid)
        if group is None:
            raise missing_record("groups")
        users = context.state.users
        ordered = sorted(group.members, key=lambda uid: (users[uid].lastname, users[uid].firstname))
        answer.append({"groupid": group.id, "userids": ordered})
    return answer
