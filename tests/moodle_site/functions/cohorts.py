"""Site cohorts and their members (core_cohort_*)."""

from __future__ import annotations

from typing import Any

from .._errors import invalid_parameter, missing_record
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Cohort
from ._common import warning

_SYSTEM_CONTEXT = 1


@external("core_cohort_create_cohorts", {"cohorts": many(single({
    "categorytype": single({"type": value("text"), "value": value("raw")}),
    "name": value("raw"), "idnumber": value("raw"), "description": value("raw", optional=True),
    "descriptionformat": value("int", 1), "visible": value("bool", optional=True),
    "theme": value("theme", optional=True),
    "customfields": many(single({"shortname": value("alphanumext"), "value": value("raw")}), optional=True),
}))}, write=True)
def create_cohorts(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    created = []
    for data in params["cohorts"]:
        contextid = _context_of(context, data["categorytype"])
        if data["idnumber"] and any(c.idnumber == data["idnumber"] for c in state.cohorts.values()):
            raise invalid_parameter(f"record already exists: idnumber={data['idnumber']}")
        cohort = Cohort(id=state.next_id("cohort"), contextid=contextid, name=data["name"], idnumber=data["idnumber"],
                        description=data.get("description") or "", descriptionformat=data["descriptionformat"],
                        visible=True if data.get("visible") is None else data["visible"])
        state.cohorts[cohort.id] = cohort
        created.append(cohort_record(cohort))
    return created


def _context_of(context: Context, categorytype: dict[str, str]) -> int:
    kind, wanted = categorytype["type"], categorytype["value"]
    if kind == "system":
        return _SYSTEM_CONTEXT
    if kind in ("id", "idnumber"):
        for category in context.state.categories.values():
            if str(getattr(category, kind)) == wanted:
                return 1000 + category.id
        raise missing_record("course_categories")
    raise invalid_parameter("category type must be id, idnumber or system:" + kind)


def cohort_record(cohort: Cohort) -> dict[str, Any]:
    return {"id": cohort.id, "name": cohort.name, "idnumber": cohort.idnumber, "description": cohort.description,
            "descriptionformat": cohort.descriptionformat, "visible": cohort.visible, "theme": cohort.theme,
            "customfields": []}


@external("core_cohort_get_cohorts", {"cohortids": many(value("int"), [])}, write=False)
def get_cohorts(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    if not params["cohortids"]:
        return [cohort_record(c) for c in state.cohorts.values()]
    answer = []
    for cohortid in params["cohortids"]:
        if cohortid not in state.cohorts:
            raise missing_record("cohort")
        answer.append(cohort_record(state.cohorts[cohortid]))
    return answer


@external("core_cohort_search_cohorts", {
    "query": value("raw"),
    "context": single({"contextid": value("int", 0), "contextlevel": value("alphanum", ""),
                       "instanceid": value("int", 0)}),
    "includes": value("alpha", "parents"), "limitfrom": value("int", 0), "limitnum": value("int", 25),
}, write=False)
def search_cohorts(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    query = params["query"].lower()
    found = [c for c in context.state.cohorts.values()
             if query in c.name.lower() or query in c.idnumber.lower() or query in c.description.lower()]
    found = found[params["limitfrom"]:params["limitfrom"] + params["limitnum"]]
    return {"cohorts": [{key: item for key, item in cohort_record(c).items() if key != "customfields"} for c in found]}


@external("core_cohort_add_cohort_members", {"members": many(single({
    "cohorttype": single({"type": value("alphanumext"), "value": value("raw")}),
    "usertype": single({"type": value("alphanumext"), "value": value("raw")}),
}))}, write=True)
def add_cohort_members(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    state = context.state
    warnings = []
    for data in params["members"]:
        cohorttype, usertype = data["cohorttype"], data["usertype"]
        if cohorttype["type"] not in ("id", "idnumber"):
            raise invalid_parameter("Invalid parameter cohorttype: " + cohorttype["type"])
        if usertype["type"] not in ("id", "idnumber", "username"):
            raise invalid_parameter("Invalid parameter usertype: " + usertype["type"])
        cohort = next((c for c in state.cohorts.values() if str(getattr(c, cohorttype["type"])) == cohorttype["value"]),
                      None)
        if cohort is None:
            warnings.append(warning("cohort", _as_id(cohorttype["value"]), "2", "Cohort not found"))
            continue
        user = next((u for u in state.users.values() if str(getattr(u, usertype["type"])) == usertype["value"]), None)
        if user is None:
            warnings.append(warning("user", _as_id(usertype["value"]), "2", "User not found"))
            continue
        if user.id not in cohort.members:
            cohort.members.append(user.id)
    return {"warnings": warnings}


def _as_id(text: str) -> int:
    return int(text) if text.isdigit() else 0


@external("core_cohort_get_cohort_members", {"cohortids": many(value("int"))}, write=False)
def get_cohort_members(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    answer = []
    for cohortid in params["cohortids"]:
        cohort = context.state.cohorts.get(cohortid)
        if cohort is None:
            raise missing_record("cohort")
        answer.append({"cohortid": cohort.id, "userids": list(cohort.members)})
    return answer
