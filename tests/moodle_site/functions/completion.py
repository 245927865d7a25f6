"""Activity and course completion as a learner's progress report shows it."""

from __future__ import annotations

from typing import Any

from .._errors import moodle_exception
from .._registry import Context, external
from .._spec import value
from ._common import course_or_fail, user_or_fail


@external("core_completion_get_activities_completion_status", {
    "courseid": value("int"), "userid": value("int"),
}, write=False)
def get_activities_completion_status(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    course = course_or_fail(state, params["courseid"])
    user = user_or_fail(state, params["userid"])
    statuses: list[dict[str, Any]] = []
    if not course.enablecompletion:
        return {"statuses": statuses, "warnings": []}
    for section in state.course_sections(course.id):
        for cmid in section.sequence:
            module = state.modules.get(cmid)
            if module is None or module.completion == 0:
                continue
            done = state.activity_completion.get((cmid, user.id))
            statuses.append({"cmid": cmid, "modname": module.modname, "instance": module.instance,
                             "state": done.state if done else 0, "timecompleted": done.timecompleted if done else 0,
                             "tracking": module.completion, "overrideby": None, "valueused": False,
                             "hascompletion": True, "isautomatic": module.completion == 2,
                             "istrackeduser": _tracked(context, course.id, user.id), "uservisible": True,
                             "details": []})
    return {"statuses": statuses, "warnings": []}


@external("core_completion_get_course_completion_status", {
    "courseid": value("int"), "userid": value("int"),
}, write=False)
def get_course_completion_status(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    course = course_or_fail(state, params["courseid"])
    user = user_or_fail(state, params["userid"])
    if not _tracked(context, course.id, user.id):
        if user.id == context.user.id:
            raise moodle_exception("notenroled", "You are not enrolled in this course")
        raise moodle_exception("usernotenroled", "User is not enrolled in this course")
    tracked = [m for m in state.course_modules(course.id) if m.completion]
    if not course.enablecompletion or not tracked:
        raise moodle_exception("nocriteriaset", "No completion criteria set for this course")
    completions = []
    for module in tracked:
        done = state.activity_completion.get((module.id, user.id))
        complete = bool(done and done.state in (1, 2))
        completions.append({"type": 4, "title": "Activity completion", "status": "Yes" if complete else "No",
                            "complete": complete, "timecompleted": done.timecompleted if complete and done else None,
                            "details": {"type": "Activity completion", "criteria": module.name,
                                        "requirement": "Marking yourself complete" if module.completion == 1
                                        else "Activity completion",
                                        "status": "Yes" if complete else "No"}})
    explicit = state.course_completion.get((course.id, user.id))
    completed = explicit is not None or all(item["complete"] for item in completions)
    return {"completionstatus": {"completed": completed, "aggregation": 1, "completions": completions},
            "warnings": []}


def _tracked(context: Context, courseid: int, userid: int) -> bool:
    """Completion tracks students only (moodle/course:isincompletionreports)."""
    return 5 in context.state.user_roles(courseid, userid)
