"""Courses: create with sections, update, look up by field (core_course_*)."""

from __future__ import annotations

import re
from typing import Any

from .._errors import MoodleError, invalid_parameter, missing_record, moodle_exception
from .._php import format_string, format_text
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Course, SiteState
from ._common import course_or_fail, warning
from .sections import add_section


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
            add_section(state, course.id, number)
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
                    add_section(state, course.id, number)
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
        # core_course_external::get_course_public_information formats them for display (external_format_string/text).
        "id": course.id, "fullname": format_string(course.fullname), "displayname": format_string(course.fullname),
        "shortname": format_string(course.shortname),
        "courseimage": f"{context.url}/course/generated/{course.id}.svg",
        "categoryid": course.categoryid, "categoryname": format_string(category.name) if category else "",
        "sortorder": 10000 + course.id, "summary": format_text(course.summary), "summaryformat": course.summaryformat,
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
