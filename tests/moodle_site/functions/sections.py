"""What a course contains, and section names (core_course_get_contents, core_update_inplace_editable)."""

from __future__ import annotations

from typing import Any

from .._errors import missing_record, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import CourseModule, Section, SiteState
from ._common import course_or_fail


def add_section(state: SiteState, courseid: int, number: int, name: str | None = None) -> Section:
    section = Section(id=state.next_id("course_sections"), course=courseid, section=number, name=name)
    state.sections[section.id] = section
    return section


@external("core_course_get_contents", {
    "courseid": value("int"),
    "options": many(single({"name": value("alpha"), "value": value("raw")}), []),
}, write=False)
def get_contents(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    course = course_or_fail(state, params["courseid"])
    answer = []
    for section in state.course_sections(course.id):
        modules = [module_record(context, state.modules[cmid]) for cmid in section.sequence if cmid in state.modules]
        answer.append({"id": section.id, "name": section.display_name(), "visible": section.visible,
                       "summary": section.summary, "summaryformat": section.summaryformat, "section": section.section,
                       "hiddenbynumsections": 0, "uservisible": True, "modules": modules})
    return answer


_MOD_PLURALS = {"scorm": "SCORM packages", "quiz": "Quizzes", "attendance": "Attendance", "page": "Pages"}


def module_record(context: Context, module: CourseModule) -> dict[str, Any]:
    return {"id": module.id, "url": f"{context.url}/mod/{module.modname}/view.php?id={module.id}",
            "name": module.name, "instance": module.instance, "contextid": 100 + module.id, "visible": module.visible,
            "uservisible": True, "visibleoncoursepage": 1,
            "modicon": f"{context.url}/theme/image.php/boost/{module.modname}/1/monologo",
            "modname": module.modname, "purpose": "content", "branded": False,
            "modplural": _MOD_PLURALS.get(module.modname, module.modname), "availability": None, "indent": 0,
            "onclick": "", "afterlink": None, "activitybadge": [], "customdata": "\"\"", "noviewlink": False,
            "completion": module.completion, "downloadcontent": 1, "dates": [], "groupmode": 0}


@external("core_update_inplace_editable", {
    "component": value("component"), "itemtype": value("notags"), "itemid": value("raw"), "value": value("raw"),
}, write=True)
def update_inplace_editable(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    if params["itemtype"] != "sectionname" or not params["component"].startswith("format_"):
        raise moodle_exception("inplaceeditableerror", "Inplace editable error",
                               f"{params['component']}/{params['itemtype']} is not handled by this fake site")
    section = state.sections.get(int(params["itemid"]) if params["itemid"].isdigit() else -1)
    if section is None:
        raise missing_record("course_sections")
    section.name = params["value"].strip() or None
    title = section.display_name()
    link = f"{context.url}/course/section.php?id={section.id}"
    return {"displayvalue": f'<a href="{link}">{title}</a>', "component": params["component"],
            "itemtype": "sectionname", "value": section.name or "", "itemid": str(section.id),
            "edithint": "Edit section name", "editlabel": f"New name for section {title}",
            "editicon": {"key": "t/editstring", "component": "core", "title": "Edit section name"},
            "type": "text", "options": "", "linkeverything": 0}
