"""Reading learners' results back from Moodle: activity and course completion,
SCORM scores and attendance marks, as plain values keyed by our idnumbers.

Batched where Moodle allows it (contents, enrolled users, SCORM activities,
attendance sessions with their marks: a call per course). Completion and
SCORM tracks exist only per user in Moodle's web services, so those are one
call per learner and course.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .publish import STUDENT_ROLE, courses_in_category, find_category, session_code_of
from .webservice import MoodleClient, MoodleError

COMPLETE_STATES = (1, 2)  # complete, complete with pass
ACRONYMS = {"P": "present", "L": "late", "E": "excused", "A": "absent"}  # mod_attendance's default (English) set
PULL_FUNCTIONS = (
    "core_webservice_get_site_info",
    "core_course_get_categories",
    "core_course_get_courses_by_field",
    "core_course_get_contents",
    "core_enrol_get_enrolled_users",
    "core_completion_get_activities_completion_status",
    "core_completion_get_course_completion_status",
    "mod_scorm_get_scorms_by_courses",
    "mod_scorm_get_scorm_scoes",
    "mod_scorm_get_scorm_sco_tracks",
)
Progress = Callable[[str, int, int], None]


@dataclass
class PulledCourse:
    idnumber: str
    moodle_id: int
    learners: list[str] = field(default_factory=list)  # user idnumbers of enrolled students
    sections_completed: dict[str, dict[int, bool]] = field(default_factory=dict)  # user -> section number -> all tracked activities done
    course_completed: dict[str, bool] = field(default_factory=dict)
    scorm_scores: dict[str, float] = field(default_factory=dict)  # user -> percent
    attendance: list[tuple[str, str, str]] = field(default_factory=list)  # (session code, user idnumber, status word)
    unmapped_marks: dict[str, int] = field(default_factory=dict)  # status acronym -> marks it could not be read as


def pull_courses(client: MoodleClient, category_idnumber: str, course_idnumbers: list[str], progress: Progress | None = None) -> list[PulledCourse]:
    """Results of every published course of a programme (courses not found in Moodle are left out)."""
    client.require_functions(PULL_FUNCTIONS, "pulling results")
    has_attendance = "mod_attendance_get_sessions" in client.site_info().functions
    category = find_category(client, category_idnumber)
    if category is None:
        return []
    found = {record["idnumber"]: int(record["id"]) for record in courses_in_category(client, int(category["id"])) if record.get("idnumber")}
    wanted = [(idnumber, found[idnumber]) for idnumber in course_idnumbers if idnumber in found]
    scorms = _scorms(client, [moodle_id for _, moodle_id in wanted])
    pulled = []
    for index, (idnumber, moodle_id) in enumerate(wanted):
        if progress:
            progress(idnumber, index, len(wanted))
        pulled.append(_pull_course(client, idnumber, moodle_id, scorms.get(moodle_id, []), has_attendance))
    return pulled


def _scorms(client: MoodleClient, course_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    if not course_ids:
        return {}
    answer = client.call("mod_scorm_get_scorms_by_courses", {"courseids": course_ids}) or {}
    by_course: dict[int, list[dict[str, Any]]] = {}
    for scorm in answer.get("scorms") or []:
        by_course.setdefault(int(scorm["course"]), []).append(scorm)
    return by_course


def _pull_course(client: MoodleClient, idnumber: str, moodle_id: int, scorms: list[dict[str, Any]], has_attendance: bool) -> PulledCourse:
    result = PulledCourse(idnumber, moodle_id)
    contents = client.call("core_course_get_contents", {"courseid": moodle_id}) or []
    section_of = {int(module["id"]): int(section["section"]) for section in contents for module in section.get("modules") or []}
    attendance_ids = [int(module["instance"]) for section in contents for module in section.get("modules") or [] if module.get("modname") == "attendance"]
    enrolled = client.call("core_enrol_get_enrolled_users", {"courseid": moodle_id}) or []
    learners = {int(user["id"]): str(user.get("idnumber") or "") for user in enrolled
                if user.get("idnumber") and any(int(role["roleid"]) == STUDENT_ROLE for role in user.get("roles") or [])}
    result.learners = sorted(learners.values())
    course_completion_known = True
    for user_id, user_idnumber in learners.items():
        answer = client.call("core_completion_get_activities_completion_status", {"courseid": moodle_id, "userid": user_id}) or {}
        sections: dict[int, bool] = {}
        for status in answer.get("statuses") or []:
            number = section_of.get(int(status["cmid"]))
            if number is None or not status.get("tracking", 1):
                continue
            sections[number] = sections.get(number, True) and int(status.get("state") or 0) in COMPLETE_STATES
        result.sections_completed[user_idnumber] = sections
        if course_completion_known:
            try:
                status = client.call("core_completion_get_course_completion_status", {"courseid": moodle_id, "userid": user_id}) or {}
                result.course_completed[user_idnumber] = bool((status.get("completionstatus") or {}).get("completed"))
            except MoodleError as error:
                if error.errorcode not in ("nocriteriaset", "completionnotenabled", "nottracked"):
                    raise
                course_completion_known = error.errorcode == "nottracked"
    for scorm in scorms:
        _scorm_scores(client, scorm, learners, result)
    if has_attendance:
        for attendance_id in attendance_ids:
            for session in client.call("mod_attendance_get_sessions", {"attendanceid": attendance_id}) or []:
                code = session_code_of(str(session.get("description") or ""))
                if not code:
                    continue
                statuses = session.get("statuses") or []
                words = status_words(statuses)
                acronyms = {int(status["id"]): str(status.get("acronym") or "?") for status in statuses}
                for log in session.get("attendance_log") or []:
                    user_idnumber = learners.get(int(log["studentid"]))
                    if not user_idnumber:
                        continue
                    word = words.get(int(log["statusid"]))
                    if word:
                        result.attendance.append((code, user_idnumber, word))
                    else:
                        acronym = acronyms.get(int(log["statusid"]), "?")
                        result.unmapped_marks[acronym] = result.unmapped_marks.get(acronym, 0) + 1
    return result


def status_words(statuses: list[dict[str, Any]]) -> dict[int, str]:
    """Our word for each status of an attendance's status set, by status id.

    The set belongs to each attendance and may be renamed or translated (a Latvian site may use Č/K/A/N), so
    the grades decide, as mod_attendance grades a session: the highest grade is present and the lowest absent.
    Between them only the default acronyms L (late) and E (excused) are known; other marks stay unmapped."""
    live = [status for status in statuses if not int(status.get("deleted") or 0)]
    if not live:
        return {}
    grades = {int(status["id"]): float(status.get("grade") or 0) for status in live}
    top, bottom = max(grades.values()), min(grades.values())
    words = {}
    for status in live:
        status_id, acronym = int(status["id"]), str(status.get("acronym") or "").strip().upper()
        if top == bottom:
            word = ACRONYMS.get(acronym)
        elif grades[status_id] == top:
            word = "present"
        elif grades[status_id] == bottom:
            word = "absent"
        else:
            word = {"L": "late", "E": "excused"}.get(acronym)
        if word:
            words[status_id] = word
    return words


def _scorm_scores(client: MoodleClient, scorm: dict[str, Any], learners: dict[int, str], result: PulledCourse) -> None:
    """The score of the package's last SCO (our packages put the knowledge check last), per learner's last attempt."""
    answer = client.call("mod_scorm_get_scorm_scoes", {"scormid": int(scorm["id"])}) or {}
    scoes = [sco for sco in answer.get("scoes") or [] if sco.get("scormtype") == "sco"]
    if not scoes:
        return
    last = max(scoes, key=lambda sco: int(sco.get("sortorder") or 0))
    for user_id, user_idnumber in learners.items():
        tracks = client.call("mod_scorm_get_scorm_sco_tracks", {"scoid": int(last["id"]), "userid": user_id, "attempt": 0}) or {}
        values = {item["element"]: item["value"] for item in (tracks.get("data") or {}).get("tracks") or []}
        raw = values.get("cmi.core.score.raw") or values.get("cmi.score.raw")
        if raw in (None, ""):
            scaled = values.get("cmi.score.scaled")
            if scaled in (None, ""):
                continue
            result.scorm_scores[user_idnumber] = round(float(scaled) * 100, 2)
            continue
        top = values.get("cmi.core.score.max") or values.get("cmi.score.max") or "100"
        result.scorm_scores[user_idnumber] = round(100 * float(raw) / (float(top) or 100), 2)
