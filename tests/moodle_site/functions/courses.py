"""Categories, courses, their sections and duplication (core_course_*, core_update_inplace_editable)."""

from __future__ import annotations

import re
from typing import Any

from .._errors import MoodleError, invalid_parameter, missing_record, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Category, Course, CourseModule, Quiz, Section, SiteState
from ._common import course_or_fail, warning

# Categories ----------------------------------------------------------------------------


@external("core_course_create_categories", {"categories": many(single({
    "name": value("text"),
    "parent": value("int", 0),
    "idnumber": value("raw", optional=True),
    "description": value("raw", optional=True),
    "descriptionformat": value("int", 1),
    "theme": value("theme", optional=True),
}))}, write=True)
def create_categories(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    created = []
    for data in params["categories"]:
        if data["parent"] and data["parent"] not in state.categories:
            raise missing_record("course_categories")
        idnumber = data.get("idnumber") or ""
        if idnumber and any(c.idnumber == idnumber for c in state.categories.values()):
            raise moodle_exception("categoryidnumbertaken", "ID number is already used for another category")
        category = Category(id=state.next_id("course_categories"), name=data["name"], idnumber=idnumber,
                            parent=data["parent"], description=data.get("description") or "",
                            descriptionformat=data["descriptionformat"])
        state.categories[category.id] = category
        created.append({"id": category.id, "name": category.name})
    return created


@external("core_course_get_categories", {
    "criteria": many(single({"key": value("alpha"), "value": value("raw")}), []),
    "addsubcategories": value("bool", "1"),
}, write=False)
def get_categories(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    matching = list(state.categories.values())
    for criterion in params["criteria"]:
        key, wanted = criterion["key"], criterion["value"]
        if key not in ("id", "ids", "name", "parent", "idnumber", "visible", "theme"):
            raise invalid_parameter(f"The criteria key {key} is not allowed")
        if key == "ids":
            ids = {int(part) for part in wanted.split(",") if part.strip()}
            matching = [c for c in matching if c.id in ids]
        else:
            matching = [c for c in matching if str(getattr(c, key, "")) == str(wanted)]
    if params["addsubcategories"]:
        found = {c.id for c in matching}
        growing = True
        while growing:
            extra = [c for c in state.categories.values() if c.parent in found and c.id not in found]
            found.update(c.id for c in extra)
            matching.extend(extra)
            growing = bool(extra)
    return [_category_record(state, c) for c in sorted(matching, key=lambda c: c.id)]


def _category_record(state: SiteState, category: Category) -> dict[str, Any]:
    path = f"/{category.id}" if category.parent == 0 else f"/{category.parent}/{category.id}"
    return {"id": category.id, "name": category.name, "idnumber": category.idnumber,
            "description": category.description, "descriptionformat": category.descriptionformat,
            "parent": category.parent, "sortorder": category.sortorder,
            "coursecount": sum(1 for c in state.courses.values() if c.categoryid == category.id),
            "visible": category.visible, "visibleold": category.visible, "timemodified": category.timemodified,
            "depth": category.depth, "path": path, "theme": ""}


# Courses -------------------------------------------------------------------------------

_COURSE_FIELDS = {
    "idnumber": value("raw", optional=True),
    "summary": value("raw", optional=True),
    "summaryformat": value("int", 1),
    "format": value("plugin", "topics"),
    "showgrades": value("int", 1),
    "newsitems": value("int", 5),
    "startdate": value("int", optional=True),
    "enddate": value("int", optional=True),
    "numsections": value("int", optional=True),
    "maxbytes": value("int", 0),
    "showreports": value("int", 0),
    "visible": value("int", optional=True),
    "hiddensections": value("int", optional=True),
    "groupmode": value("int", 0),
    "groupmodeforce": value("int", 0),
    "defaultgroupingid": value("int", 0),
    "enablecompletion": value("int", optional=True),
    "completionnotify": value("int", optional=True),
    "lang": value("safedir", optional=True),
    "forcetheme": value("plugin", optional=True),
    "courseformatoptions": many(single({"name": value("alphanumext"), "value": value("raw")}), optional=True),
    "customfields": many(single({"shortname": value("alphanumext"), "value": value("raw")}), optional=True),
}


@external("core_course_create_courses", {"courses": many(single({
    "fullname": value("text"), "shortname": value("text"), "categoryid": value("int"), **_COURSE_FIELDS,
}))}, write=True)
def create_courses(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    created = []
    for data in params["courses"]:
        if data["categoryid"] not in state.categories:
            raise moodle_exception(
                "errorcatcontextnotvalid",
                f"You cannot execute functions in the category context (category id:{data['categoryid']}). "
                "The context error message was: Invalid parameter value detected")
        for name in ("fullname", "shortname"):
            if data[name].strip() == "":
                raise moodle_exception("errorinvalidparam", f'The param "{name}" is invalid.')
        if "lang" in data:  # even an empty lang is refused, as in Moodle
            _check_lang(context, data["lang"])
        _check_unique(state, data.get("shortname"), data.get("idnumber"), None)
        course = Course(id=state.next_id("course"), fullname=data["fullname"], shortname=data["shortname"],
                        categoryid=data["categoryid"], enablecompletion=1)
        _apply(course, data)
        state.courses[course.id] = course
        for number in range(0, (data.get("numsections") or 0) + 1):
            _add_section(state, course.id, number)
        created.append({"id": course.id, "shortname": course.shortname})
    return created


@external("core_course_update_courses", {"courses": many(single({
    "id": value("int"), "fullname": value("text", optional=True), "shortname": value("text", optional=True),
    "categoryid": value("int", optional=True),
    **{key: (value(spec.type, optional=True) if hasattr(spec, "type") else spec) for key, spec in _COURSE_FIELDS.items()},
}))}, write=True)
def update_courses(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """Each course on its own: a failure becomes a warning and the others are still updated."""
    state = context.state
    warnings = []
    for data in params["courses"]:
        try:
            course = course_or_fail(state, data["id"])
            context.require("moodle/course:update")
            if data.get("categoryid") is not None and data["categoryid"] not in state.categories:
                raise missing_record("course_categories")
            for name in ("fullname", "shortname"):
                if name in data and data[name] != getattr(course, name) and data[name].strip() == "":
                    raise moodle_exception("errorinvalidparam", f'The param "{name}" is invalid.')
            if "lang" in data and data["lang"] != course.lang:
                _check_lang(context, data["lang"])
            _check_unique(state, data.get("shortname"), data.get("idnumber"), course.id)
            _apply(course, data)
            existing = {s.section for s in state.course_sections(course.id)}
            for number in range(0, (data.get("numsections") or 0) + 1):
                if number not in existing:
                    _add_section(state, course.id, number)
        except MoodleError as error:
            warnings.append(warning("course", data["id"], error.errorcode, error.message))
    return {"warnings": warnings}


def _check_lang(context: Context, lang: str) -> None:
    if lang not in context.languages:
        raise moodle_exception("errorinvalidparam", 'The param "lang" is invalid.')


def _check_unique(state: SiteState, shortname: str | None, idnumber: str | None, own_id: int | None) -> None:
    others = [c for c in state.courses.values() if c.id != own_id]
    if shortname and any(c.shortname == shortname for c in others):
        raise moodle_exception("shortnametaken", f"Short name is already used for another course ({shortname})")
    if idnumber and any(c.idnumber == idnumber for c in others):
        raise moodle_exception("courseidnumbertaken", f"ID number is already used for another course ({idnumber})")


def _apply(course: Course, data: dict[str, Any]) -> None:
    for key in ("fullname", "shortname", "categoryid", "idnumber", "summary", "summaryformat", "format", "startdate",
                "enddate", "lang", "enablecompletion", "visible", "showgrades", "newsitems", "groupmode",
                "groupmodeforce"):
        if data.get(key) is not None:
            setattr(course, key, data[key])
    course.timemodified += 1


def _add_section(state: SiteState, courseid: int, number: int, name: str | None = None) -> Section:
    section = Section(id=state.next_id("course_sections"), course=courseid, section=number, name=name)
    state.sections[section.id] = section
    return section


@external("core_course_get_courses_by_field", {
    "field": value("alpha", ""), "value": value("raw", ""),
}, write=False)
def get_courses_by_field(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """Without a field: every course, the site course (id 1) included, as Moodle does."""
    state = context.state
    field, wanted = params["field"], params["value"]
    courses = sorted(state.courses.values(), key=lambda c: c.id)
    warnings = []
    if field in ("id", "category"):
        number = _php_clean_int(wanted)
        courses = [c for c in courses if (c.id if field == "id" else c.categoryid) == number]
    elif field == "ids":
        ids = [_php_clean_int(part) for part in wanted.split(",") if part.strip()]
        courses = [state.courses[i] for i in dict.fromkeys(ids) if i in state.courses]
        warnings = [warning("course", i, "1", "No access rights in course context") for i in ids if i not in state.courses]
    elif field in ("shortname", "idnumber"):
        courses = [c for c in courses if getattr(c, field) == wanted]
    elif field != "":
        raise invalid_parameter("Invalid field name")
    return {"courses": [course_record(context, c) for c in courses], "warnings": warnings}


def _php_clean_int(text: str) -> int:
    """clean_param(PARAM_INT): the leading integer, 0 if none."""
    match = re.match(r"\s*(-?\d+)", text)
    return int(match.group(1)) if match else 0


def course_record(context: Context, course: Course) -> dict[str, Any]:
    state = context.state
    category = state.categories.get(course.categoryid)
    return {
        "id": course.id, "fullname": course.fullname, "displayname": course.fullname, "shortname": course.shortname,
        "courseimage": f"{context.url}/course/generated/{course.id}.svg",
        "categoryid": course.categoryid, "categoryname": category.name if category else "",
        "sortorder": 10000 + course.id, "summary": course.summary, "summaryformat": course.summaryformat,
        "summaryfiles": [], "overviewfiles": [], "showactivitydates": True, "showcompletionconditions": True,
        "contacts": [], "enrollmentmethods": ["manual"], "format": course.format, "showgrades": course.showgrades,
        "newsitems": course.newsitems, "startdate": course.startdate, "enddate": course.enddate, "maxbytes": 0,
        "showreports": 0, "visible": course.visible, "groupmode": course.groupmode,
        "groupmodeforce": course.groupmodeforce, "defaultgroupingid": 0, "enablecompletion": course.enablecompletion,
        "completionnotify": 0, "lang": course.lang if course.lang in context.languages else "", "theme": "", "marker": 0, "legacyfiles": 0,
        "calendartype": "", "timecreated": course.timecreated, "timemodified": course.timemodified,
        "requested": 0, "cacherev": course.timemodified, "filters": [],
        "courseformatoptions": [{"name": "hiddensections", "value": 1}, {"name": "coursedisplay", "value": 0}],
        "customfields": [], "idnumber": course.idnumber,
    }


# Contents and section names --------------------------------------------------------------


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


# Duplication ---------------------------------------------------------------------------


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
        new_section = _add_section(state, copy.id, section.section, section.name)
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
        from .attendance import copy_attendance

        instance = copy_attendance(state, module.instance, courseid, cmid)
    copy = CourseModule(cmid, courseid, module.modname, instance, module.name, sectionid, module.visible,
                        module.completion)
    state.modules[cmid] = copy
    return copy
