"""core_course_duplicate_course: a backup and restore of a template course, without user data."""

from __future__ import annotations

from typing import Any

from .._errors import missing_record, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Course, CourseModule, Quiz, SiteState
from .attendance import copy_attendance
from .sections import add_section


@external("core_course_duplicate_course", {
    "courseid": value("int"), "fullname": value("text"), "shortname": value("text"), "categoryid": value("int"),
    "visible": value("int", 1),
    "options": many(single({"name": value("alpha"), "value": value("raw")}), []),
}, write=True)
def duplicate_course(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    source = state.courses.get(params["courseid"])
    if source is None:
        raise moodle_exception("invalidcourseid", "You are trying to use an invalid course ID")
    if params["categoryid"] not in state.categories:
        raise missing_record("course_categories")
    taken = [c.fullname for c in state.courses.values() if c.shortname == params["shortname"]]
    if taken:
        raise moodle_exception("shortnametaken", f"Short name is already used for another course ({','.join(taken)})")
    copy = Course(**{**source.__dict__, "id": state.next_id("course"), "fullname": params["fullname"],
                     "shortname": params["shortname"], "categoryid": params["categoryid"], "idnumber": "",
                     "visible": params["visible"]})
    state.courses[copy.id] = copy
    for section in state.course_sections(source.id):
        new_section = add_section(state, copy.id, section.section, section.name)
        new_section.summary = section.summary
        for cmid in section.sequence:
            module = state.modules.get(cmid)
            if module is not None:
                new_section.sequence.append(copy_module(state, module, copy.id, new_section.id).id)
    return {"id": copy.id, "shortname": copy.shortname}


def copy_module(state: SiteState, module: CourseModule, courseid: int, sectionid: int) -> CourseModule:
    """A restored copy of an activity: new cmid and instance, no user data."""
    cmid = state.next_id("course_modules")
    instance = module.instance
    if module.modname == "scorm":
        source = state.scorms[module.instance]
        instance = state.new_scorm(courseid, cmid, source.name, [(sco.identifier, sco.title) for sco in source.scoes]).id
    elif module.modname == "quiz":
        instance = state.next_id("quiz")
        state.quizzes[instance] = Quiz(instance, courseid, cmid, state.quizzes[module.instance].name)
    elif module.modname == "attendance":
        instance = copy_attendance(state, module.instance, courseid, cmid)
    copy = CourseModule(cmid, courseid, module.modname, instance, module.name, sectionid, module.visible,
                        module.completion)
    state.modules[cmid] = copy
    return copy
