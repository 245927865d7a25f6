"""SCORM activities and their tracks: enough to read a learner's score back."""

from __future__ import annotations

from typing import Any

from .._errors import missing_record
from .._registry import Context, external
from .._spec import many, value
from ._common import user_or_fail


@external("mod_scorm_get_scorms_by_courses", {"courseids": many(value("int"), [])}, write=False,
          component="mod_scorm")
def get_scorms_by_courses(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    wanted = set(params["courseids"]) or {e.courseid for e in state.enrolments if e.userid == context.user.id}
    if context.user.siteadmin and not params["courseids"]:
        wanted = set(state.courses)
    warnings = [{"item": "course", "itemid": courseid, "warningcode": "1", "message": "No access rights in course context"}
                for courseid in params["courseids"] if courseid not in state.courses]
    scorms = []
    for scorm in state.scorms.values():
        if scorm.course in wanted:
            scorms.append({"id": scorm.id, "coursemodule": scorm.cmid, "course": scorm.course, "name": scorm.name,
                           "intro": "", "introformat": 1, "introfiles": [], "lang": "", "packagesize": 0,
                           "packageurl": "", "version": "SCORM_1.2", "maxgrade": scorm.maxgrade, "grademethod": 1,
                           "whatgrade": 0, "maxattempt": 0, "forcecompleted": False, "forcenewattempt": 0,
                           "lastattemptlock": False, "displayattemptstatus": 1, "displaycoursestructure": False,
                           "sha1hash": "", "md5hash": "", "revision": 1, "launch": 1, "skipview": 1,
                           "hidebrowse": False, "hidetoc": 0, "nav": 1, "navpositionleft": -100,
                           "navpositiontop": -100, "auto": False, "popup": 0, "width": 100, "height": 500,
                           "timeopen": 0, "timeclose": 0, "displayactivityname": True, "scormtype": "local",
                           "reference": "package.zip", "protectpackagedownloads": False, "updatefreq": 0,
                           "options": "", "completionstatusrequired": 4, "completionscorerequired": 0,
                           "completionstatusallscos": 0, "autocommit": False, "timemodified": 0, "section": 0,
                           "visible": True, "groupmode": 0, "groupingid": 0, "lang": ""})
    return {"scorms": scorms, "warnings": warnings}


def _scorm(context: Context, scormid: int):
    scorm = context.state.scorms.get(scormid)
    if scorm is None:
        raise missing_record("scorm")
    return scorm


def _scoid(scormid: int) -> int:
    """One SCO per package in this fake: its id follows the SCORM id."""
    return scormid * 10 + 1


@external("mod_scorm_get_scorm_scoes", {"scormid": value("int"), "organization": value("raw", "")}, write=False,
          component="mod_scorm")
def get_scorm_scoes(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    scorm = _scorm(context, params["scormid"])
    sco = {"id": _scoid(scorm.id), "scorm": scorm.id, "manifest": "course", "organization": "course",
           "parent": "/", "identifier": "item_1", "launch": "index.html", "scormtype": "sco", "title": scorm.name,
           "sortorder": 1, "extradata": []}
    return {"scoes": [sco], "warnings": []}


@external("mod_scorm_get_scorm_attempt_count", {
    "scormid": value("int"), "userid": value("int"), "ignoremissingcompletion": value("bool", "0"),
}, write=False, component="mod_scorm")
def get_scorm_attempt_count(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    scorm = _scorm(context, params["scormid"])
    user_or_fail(context.state, params["userid"])
    attempts = scorm.tracks.get(params["userid"], [])
    if not params["ignoremissingcompletion"]:
        attempts = [a for a in attempts if a.get("cmi.core.lesson_status") not in (None, "", "not attempted")]
    return {"attemptscount": len(attempts), "warnings": []}


@external("mod_scorm_get_scorm_user_data", {"scormid": value("int"), "attempt": value("int")}, write=False,
          component="mod_scorm")
def get_scorm_user_data(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """The token's own user's data, as in Moodle (use get_scorm_sco_tracks for other users)."""
    scorm = _scorm(context, params["scormid"])
    return {"data": [{"scoid": _scoid(scorm.id), "userdata": _tracks(scorm, context.user.id, params["attempt"]),
                      "defaultdata": []}], "warnings": []}


@external("mod_scorm_get_scorm_sco_tracks", {
    "scoid": value("int"), "userid": value("int"), "attempt": value("int", 0),
}, write=False, component="mod_scorm")
def get_scorm_sco_tracks(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    scorm = context.state.scorms.get(params["scoid"] // 10)
    if scorm is None or _scoid(scorm.id) != params["scoid"]:
        raise missing_record("scorm_scoes")
    user_or_fail(context.state, params["userid"])
    attempts = scorm.tracks.get(params["userid"], [])
    attempt = params["attempt"] or len(attempts) or 1
    return {"data": {"attempt": attempt, "tracks": _tracks(scorm, params["userid"], attempt)}, "warnings": []}


def _tracks(scorm, userid: int, attempt: int) -> list[dict[str, str]]:
    attempts = scorm.tracks.get(userid, [])
    if not 1 <= attempt <= len(attempts):
        return []
    return [{"element": element, "value": item} for element, item in attempts[attempt - 1].items()]
