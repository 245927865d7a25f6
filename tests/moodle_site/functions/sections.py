"""What a course contains, and section names (core_course_get_contents, core_update_inplace_editable)."""

from __future__ import annotations

import re
from typing import Any

from .._errors import MoodleError, missing_record, moodle_exception
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
    """Sections in order with their modules; honours the common options (excludemodules, sectionid,
    sectionnumber, modname, cmid)."""
    state = context.state
    course = course_or_fail(state, params["courseid"])
    options = {option["name"].lower(): option["value"] for option in params["options"]}
    answer = []
    for section in state.course_sections(course.id):
        if "sectionid" in options and str(section.id) != options["sectionid"]:
            continue
        if "sectionnumber" in options and str(section.section) != options["sectionnumber"]:
            continue
        modules = [state.modules[cmid] for cmid in section.sequence if cmid in state.modules]
        if "modname" in options:
            modules = [m for m in modules if m.modname == options["modname"]]
        if "cmid" in options:
            modules = [m for m in modules if str(m.id) == options["cmid"]]
        records = [] if options.get("excludemodules") in ("1", "true") else [module_record(context, m) for m in modules]
        answer.append({"id": section.id, "name": section.display_name(), "visible": section.visible,
                       "summary": section.summary, "summaryformat": section.summaryformat, "section": section.section,
                       "hiddenbynumsections": 0, "uservisible": True, "component": None, "itemid": None,
                       "modules": records})
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
    """Only section names (format_<format>/sectionname) are handled, through the format's callback.

    The callback finds the section with SQL joined on the course format, so a section that does
    not exist, or belongs to a course in another format, is `invalidrecordunknown`.
    """
    state = context.state
    component, itemtype = params["component"], params["itemtype"]
    if not component.startswith("format_") or itemtype not in ("sectionname", "sectionnamenl"):
        raise moodle_exception("inplaceeditableerror", "Error while updating the value")
    itemid = int(params["itemid"]) if params["itemid"].isdigit() else -1
    section = state.sections.get(itemid)
    course = state.courses.get(section.course) if section else None
    if section is None or course is None or f"format_{course.format}" != component:
        raise MoodleError("dml_missing_record_exception", "invalidrecordunknown", "Can't find data record in database.")
    context.require("moodle/course:update")
    section.name = clean_value_text(params["value"]).strip() or None
    title = section.display_name()
    link = f"{context.url}/course/section.php?id={section.id}"
    return {"displayvalue": f'<a href="{link}">{title}</a>', "component": component,
            "itemtype": itemtype, "value": section.name or "", "itemid": str(section.id),
            "edithint": "Edit section name", "editlabel": f"New name for section {title}",
            "editicon": {"key": "t/editstring", "component": "core", "title": "Edit section name"},
            "type": "text", "options": "", "linkeverything": 0}


def clean_value_text(text: str) -> str:
    """clean_param(PARAM_TEXT): tags go."""
    return re.sub(r"<[^>]*>", "", text)
