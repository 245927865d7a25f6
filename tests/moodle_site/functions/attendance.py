"""mod_attendance (a plugin): activities, sessions and marks."""

from __future__ import annotations

from typing import Any

from .._errors import MoodleError, invalid_parameter, missing_record
from .._registry import Context, external
from .._spec import value
from .._state import NOW, Attendance, AttendanceLog, AttendanceSession, AttendanceStatus, CourseModule, SiteState
from ._common import course_or_fail

# Moodle's default status set for a new attendance: acronym, description, grade.
DEFAULT_STATUSES = (("P", "Present", 2.0), ("L", "Late", 1.0), ("E", "Excused", 1.0), ("A", "Absent", 0.0))


@external("mod_attendance_add_attendance", {
    "courseid": value("int"), "name": value("text"), "intro": value("raw", ""), "groupmode": value("int", 0),
}, write=True, component="mod_attendance")
def add_attendance(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    course = course_or_fail(state, params["courseid"])
    if params["groupmode"] not in (0, 1, 2):
        raise invalid_parameter("Group mode is invalid.")
    section0 = state.course_sections(course.id)[0]
    cmid = state.next_id("course_modules")
    attendance = _new_attendance(state, course.id, cmid, params["name"], params["intro"], params["groupmode"])
    state.modules[cmid] = CourseModule(cmid, course.id, "attendance", attendance.id, attendance.name, section0.id,
                                       completion=0)
    section0.sequence.append(cmid)
    return {"attendanceid": attendance.id}


def _new_attendance(state: SiteState, courseid: int, cmid: int, name: str, intro: str, groupmode: int) -> Attendance:
    attendance = Attendance(id=state.next_id("attendance"), course=courseid, cmid=cmid, name=name, intro=intro,
                            groupmode=groupmode)
    for acronym, description, grade in DEFAULT_STATUSES:
        attendance.statuses.append(AttendanceStatus(state.next_id("attendance_statuses"), attendance.id, acronym,
                                                    description, grade))
    state.attendances[attendance.id] = attendance
    return attendance


def copy_attendance(state: SiteState, attendanceid: int, courseid: int, cmid: int) -> int:
    """An attendance restored into another course: same name, fresh statuses, no sessions."""
    source = state.attendances[attendanceid]
    return _new_attendance(state, courseid, cmid, source.name, source.intro, source.groupmode).id


@external("mod_attendance_add_session", {
    "attendanceid": value("int"), "description": value("raw", ""), "sessiontime": value("int"),
    "duration": value("int", 0), "groupid": value("int", 0), "addcalendarevent": value("bool", "1"),
}, write=True, component="mod_attendance")
def add_session(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    attendance = _attendance_or_fail(state, params["attendanceid"])
    groupid = params["groupid"]
    if attendance.groupmode == 0 and groupid > 0:
        raise invalid_parameter("Group id is specified, but group mode is disabled for activity")
    if attendance.groupmode == 1 and groupid == 0:
        raise invalid_parameter("Group id is not specified (or 0) in separate groups mode.")
    if attendance.groupmode == 1 or (attendance.groupmode == 2 and groupid > 0):
        group = state.groups.get(groupid)
        if group is None or group.courseid != attendance.course:
            raise invalid_parameter("Invalid group id")
    session = AttendanceSession(id=state.next_id("attendance_sessions"), attendanceid=attendance.id,
                                sessdate=params["sessiontime"], duration=params["duration"],
                                description=params["description"], groupid=groupid,
                                calendarevent=int(params["addcalendarevent"]))
    state.attendance_sessions[session.id] = session
    return {"sessionid": session.id}


def _attendance_or_fail(state: SiteState, attendanceid: int) -> Attendance:
    """`get_coursemodule_from_instance(..., MUST_EXIST)`: an SQL lookup, so the error names no table."""
    attendance = state.attendances.get(attendanceid)
    if attendance is None:
        raise MoodleError("dml_missing_record_exception", "invalidrecordunknown", "Can't find data record in database.")
    return attendance


def session_record(state: SiteState, session: AttendanceSession) -> dict[str, Any]:
    """get_session's answer: only the keys its return description lists (Moodle drops the rest).

    The log's `statusid` and `id` are PARAM_TEXT there, so they travel as strings.
    """
    attendance = state.attendances[session.attendanceid]
    if session.groupid:
        userids = [uid for uid in state.groups[session.groupid].members if 5 in state.user_roles(attendance.course, uid)]
    else:
        userids = [e.userid for e in state.enrolled(attendance.course) if e.roleid == 5]
    users = [{"id": uid, "firstname": state.users[uid].firstname, "lastname": state.users[uid].lastname}
             for uid in dict.fromkeys(userids)]
    return {
        "id": session.id, "attendanceid": attendance.id, "groupid": session.groupid, "sessdate": session.sessdate,
        "duration": session.duration, "lasttaken": session.lasttaken, "lasttakenby": session.lasttakenby,
        "timemodified": NOW, "description": session.description, "descriptionformat": 1, "studentscanmark": 0,
        "absenteereport": 1, "autoassignstatus": 0, "preventsharedip": 0, "preventsharediptime": 0,
        "statusset": session.statusset, "includeqrcode": 0, "studentsearlyopentime": 0,
        "courseid": attendance.course,
        "statuses": [{"id": s.id, "attendanceid": s.attendanceid, "acronym": s.acronym, "description": s.description,
                      "grade": s.grade, "visible": s.visible, "deleted": s.deleted, "setnumber": s.setnumber}
                     for s in attendance.statuses if s.setnumber == session.statusset],
        "attendance_log": [{"studentid": log.studentid, "statusid": str(log.statusid), "remarks": log.remarks,
                            "id": str(log.id)} for log in session.log],
        "users": users,
    }


@external("mod_attendance_get_session", {"sessionid": value("int")}, write=False, component="mod_attendance")
def get_session(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    session = context.state.attendance_sessions.get(params["sessionid"])
    if session is None:
        raise missing_record("attendance_sessions")
    return session_record(context.state, session)


@external("mod_attendance_get_sessions", {"attendanceid": value("int")}, write=False, component="mod_attendance")
def get_sessions(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    _attendance_or_fail(state, params["attendanceid"])
    return [session_record(state, s) for s in state.attendance_sessions.values()
            if s.attendanceid == params["attendanceid"]]


@external("mod_attendance_update_user_status", {
    "sessionid": value("int"), "studentid": value("int"), "takenbyid": value("int"), "statusid": value("int"),
    "statusset": value("text"),
}, write=True, component="mod_attendance")
def update_user_status(context: Context, params: dict[str, Any]) -> None:
    state = context.state
    session = state.attendance_sessions.get(params["sessionid"])
    if session is None:
        raise missing_record("attendance_sessions")
    attendance = state.attendances[session.attendanceid]
    for userid in (params["studentid"], params["takenbyid"]):
        if userid not in state.users:
            raise missing_record("user")
    if str(_php_int(params["statusset"])) != str(session.statusset):
        raise invalid_parameter("Invalid status")
    if params["statusid"] not in {s.id for s in attendance.statuses if s.setnumber == session.statusset}:
        raise invalid_parameter("Invalid status")
    record_mark(state, session, params["studentid"], params["statusid"], params["takenbyid"])
    return None  # the README's observed answer (newer mod_attendance answers "OK")


def _php_int(text: str) -> int:
    """PHP's `(int)"3abc"` is 3, `(int)"abc"` is 0."""
    digits = ""
    for char in text.strip():
        if char.isdigit() or (char == "-" and not digits):
            digits += char
        else:
            break
    return int(digits) if digits not in ("", "-") else 0


def record_mark(state: SiteState, session: AttendanceSession, studentid: int, statusid: int, takenby: int) -> None:
    existing = next((log for log in session.log if log.studentid == studentid), None)
    if existing is not None:
        existing.statusid, existing.takenby = statusid, takenby
    else:
        session.log.append(AttendanceLog(state.next_id("attendance_log"), session.id, studentid, statusid, takenby))
    session.lasttaken, session.lasttakenby = NOW, takenby
