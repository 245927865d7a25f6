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
    if not course.enablecompletion:
        raise moodle_exception("completionnotenabled", "Completion is not enabled for this course")
    statuses = []
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
                             "istrackeduser": bool(state.user_roles(course.id, user.id)), "uservisible": True,
                             "details": []})
    return {"statuses": statuses, "warnings": []}


@external("core_completion_get_course_completion_status", {
    "courseid": value("int"), "userid": value("int"),
}, write=False)
def get_course_completion_status(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    course = course_or_fail(state, params["courseid"])
    user = user_or_fail(state, params["userid"])
    tracked = [m for m in state.course_modules(course.id) if m.completion]
    if not course.enablecompletion or not tracked:
        raise moodle_exception("nocriteriaset", "No completion criteria set for this course")
    if not state.user_roles(course.id, user.id):
        raise moodle_exception("nottracked", "You are currently not being tracked by completion in this course")
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
