"""SCORM activities and their tracks: enough to read a learner's score back."""

from __future__ import annotations

from typing import Any

from .._errors import missing_record, moodle_exception
from .._registry import Context, external
from .._spec import many, value
from .._state import Scorm
from ._common import user_or_fail


@external("mod_scorm_get_scorms_by_courses", {"courseids": many(value("int"), [])}, write=False,
          component="mod_scorm")
def get_scorms_by_courses(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """Without course ids Moodle uses the token user's own enrolments (none for a plain admin)."""
    state = context.state
    courseids = params["courseids"] or list(dict.fromkeys(
        e.courseid for e in state.enrolments if e.userid == context.user.id))
    warnings = [{"item": "course", "itemid": courseid, "warningcode": "1",
                 "message": "No access rights in course context"}
                for courseid in courseids if courseid not in state.courses]
    scorms = [_scorm_record(s) for s in state.scorms.values() if s.course in courseids and s.course in state.courses]
    return {"scorms": scorms, "warnings": warnings}


def _scorm_record(scorm: Scorm) -> dict[str, Any]:
    return {"id": scorm.id, "coursemodule": scorm.cmid, "course": scorm.course, "name": scorm.name, "intro": "",
            "introformat": 1, "packagesize": 0, "protectpackagedownloads": False, "version": "SCORM_1.2",
            "maxgrade": scorm.maxgrade, "grademethod": 1, "whatgrade": 0, "maxattempt": 0, "forcecompleted": False,
            "forcenewattempt": False, "lastattemptlock": False, "displayattemptstatus": 1,
            "displaycoursestructure": False, "sha1hash": "", "md5hash": "", "revision": 1,
            "launch": scorm.scoes[0].id if scorm.scoes else 0, "skipview": 2, "hidebrowse": False, "hidetoc": 3, "nav": 1,
            "navpositionleft": -100, "navpositiontop": -100, "auto": False, "popup": 0, "width": 100, "height": 500,
            "timeopen": 0, "timeclose": 0, "displayactivityname": True, "scormtype": "local",
            "reference": "package.zip", "updatefreq": 0, "options": "", "completionstatusrequired": 4,
            "completionscorerequired": None, "autocommit": False, "timemodified": 0, "section": 0, "visible": True,
            "groupmode": 0, "groupingid": 0}


def _scorm(context: Context, scormid: int) -> Scorm:
    scorm = context.state.scorms.get(scormid)
    if scorm is None:
        raise missing_record("scorm")
    return scorm


@external("mod_scorm_get_scorm_scoes", {"scormid": value("int"), "organization": value("raw", "")}, write=False,
          component="mod_scorm")
def get_scorm_scoes(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """The organization row comes first and is not a SCO (scormtype ''): pick `scormtype == "sco"`."""
    scorm = _scorm(context, params["scormid"])
    common = {"scorm": scorm.id, "manifest": "course_manifest", "extradata": []}
    scoes = [{"id": scorm.organization_scoid, **common, "organization": "", "parent": "/",
              "identifier": "course_organization", "launch": "", "scormtype": "", "title": scorm.name, "sortorder": 1}]
    for position, sco in enumerate(scorm.scoes, start=2):
        scoes.append({"id": sco.id, **common, "organization": "course_organization", "parent": "course_organization",
                      "identifier": sco.identifier, "launch": f"{sco.identifier.lower()}.html", "scormtype": "sco",
                      "title": sco.title, "sortorder": position})
    return {"scoes": scoes, "warnings": []}


@external("mod_scorm_get_scorm_attempt_count", {
    "scormid": value("int"), "userid": value("int"), "ignoremissingcompletion": value("bool", "0"),
}, write=False, component="mod_scorm")
def get_scorm_attempt_count(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    scorm = _scorm(context, params["scormid"])
    user_or_fail(context.state, params["userid"])
    count = 0
    for number in range(1, scorm.attempts_of(params["userid"]) + 1):
        elements = [_attempt(scorm, params["userid"], sco.id, number) or {} for sco in scorm.scoes]
        started = any(e for e in elements)
        with_status = any(e.get("cmi.core.lesson_status") not in (None, "", "not attempted") for e in elements)
        count += int(with_status or (started and params["ignoremissingcompletion"]))
    return {"attemptscount": count, "warnings": []}


@external("mod_scorm_get_scorm_user_data", {"scormid": value("int"), "attempt": value("int")}, write=False,
          component="mod_scorm")
def get_scorm_user_data(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """The token's own user's data, as in Moodle (use get_scorm_sco_tracks for other users)."""
    scorm = _scorm(context, params["scormid"])
    data = [{"scoid": scorm.organization_scoid, "userdata": [], "defaultdata": []}]
    for sco in scorm.scoes:
        elements = _attempt(scorm, context.user.id, sco.id, params["attempt"]) or {}
        data.append({"scoid": sco.id, "userdata": [{"element": k, "value": v} for k, v in elements.items()],
                     "defaultdata": []})
    return {"data": data, "warnings": []}


@external("mod_scorm_get_scorm_sco_tracks", {
    "scoid": value("int"), "userid": value("int"), "attempt": value("int", 0),
}, write=False, component="mod_scorm")
def get_scorm_sco_tracks(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """`scorm_get_tracks` mixes its summary fields (status, score_raw...) with the raw cmi elements."""
    found = [(s, sco) for s in context.state.scorms.values() for sco in s.scoes if sco.id == params["scoid"]]
    if not found:
        raise moodle_exception("cannotfindsco", "Could not find SCO")
    scorm, sco = found[0]
    user_or_fail(context.state, params["userid"])
    attempt = params["attempt"] or scorm.attempts_of(params["userid"]) or 1
    elements = _attempt(scorm, params["userid"], sco.id, attempt)
    if not elements or not elements.get("cmi.core.lesson_status"):
        warning = {"item": "attempt", "itemid": attempt, "warningcode": "notattempted", "message": "Not attempted"}
        return {"data": {"attempt": attempt, "tracks": []}, "warnings": [warning]}
    summary: dict[str, Any] = {"userid": params["userid"], "scormid": scorm.id, "scoid": sco.id,
                               "score_raw": "", "status": "", "total_time": "00:00:00", "session_time": "00:00:00",
                               "timemodified": int(elements.get("x.start.time", "0"))}
    for element, item in elements.items():
        summary[element] = item
        if element == "cmi.core.lesson_status":
            summary["status"] = "notattempted" if item == "not attempted" else item
        elif element == "cmi.core.score.raw":
            summary["score_raw"] = round(float(item), 2)
    tracks = [{"element": element, "value": item} for element, item in summary.items()]
    return {"data": {"attempt": attempt, "tracks": tracks}, "warnings": []}


def _attempt(scorm: Scorm, userid: int, scoid: int, attempt: int) -> dict[str, str] | None:
    attempts = scorm.tracks.get((userid, scoid), [])
    return attempts[attempt - 1] if 1 <= attempt <= len(attempts) else None
