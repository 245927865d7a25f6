"""Site cohorts and their members (core_cohort_*)."""

from __future__ import annotations

from typing import Any

from .._errors import MoodleError, invalid_parameter, missing_record
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Cohort

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
        if any(c.idnumber == data["idnumber"] for c in state.cohorts.values()):
            raise invalid_parameter(f"record already exists: idnumber={data['idnumber']}")
        cohort = Cohort(id=state.next_id("cohort"), contextid=contextid, name=data["name"], idnumber=data["idnumber"],
                        description=data.get("description") or "", descriptionformat=data["descriptionformat"],
                        visible=True if data.get("visible") is None else data["visible"])
        state.cohorts[cohort.id] = cohort
        created.append(cohort_record(cohort, with_customfields=False))
    return created


def _context_of(context: Context, categorytype: dict[str, str]) -> int:
    kind, wanted = categorytype["type"], categorytype["value"]
    if kind not in ("idnumber", "id", "system"):
        raise invalid_parameter("category type must be id, idnumber or system:" + kind)
    if kind == "system":
        return _SYSTEM_CONTEXT
    for category in context.state.categories.values():
        if str(getattr(category, kind)) == wanted:
            return 1000 + category.id
    raise invalid_parameter(f"category not exists: category {kind} = {wanted}")


def cohort_record(cohort: Cohort, *, with_customfields: bool = True) -> dict[str, Any]:
    record: dict[str, Any] = {"id": cohort.id, "name": cohort.name, "idnumber": cohort.idnumber,
                              "description": cohort.description, "descriptionformat": cohort.descriptionformat,
                              "visible": cohort.visible, "theme": cohort.theme}
    if with_customfields:
        record["customfields"] = []
    return record


@external("core_cohort_get_cohorts", {"cohortids": many(value("int"), [])}, write=False)
def get_cohorts(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Unknown ids are left out silently (a `get_records_list`), unlike get_cohort_members."""
    state = context.state
    wanted = params["cohortids"] or list(state.cohorts)
    return [cohort_record(state.cohorts[cid]) for cid in sorted(set(wanted)) if cid in state.cohorts]


@external("core_cohort_search_cohorts", {
    "query": value("raw"),
    "context": single({"contextid": value("int", 0), "contextlevel": value("alphanum", ""),
                       "instanceid": value("int", 0)}),
    "includes": value("alpha", "parents"), "limitfrom": value("int", 0), "limitnum": value("int", 25),
}, write=False)
def search_cohorts(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    where = params["context"]
    if not where["contextid"] and not (where["contextlevel"] and where["instanceid"] is not None):
        raise invalid_parameter("Missing parameters, please provide either context level with instance id or contextid")
    contextid = where["contextid"] or (_SYSTEM_CONTEXT if where["contextlevel"] in ("system", "10") else
                                       1000 + where["instanceid"])
    if params["includes"] not in ("self", "parents", "all"):
        raise MoodleError("coding_exception", "codingerror",
                          "Coding error detected, it must be fixed by a programmer: Invalid parameter value for 'includes'.")
    query = params["query"].lower()
    found = [c for c in context.state.cohorts.values()
             if (params["includes"] == "all" or c.contextid in (contextid, _SYSTEM_CONTEXT) and
                 (c.contextid == contextid or params["includes"] == "parents"))
             and (query in c.name.lower() or query in c.idnumber.lower() or query in c.description.lower())]
    limit = params["limitnum"] or len(found)
    return {"cohorts": [cohort_record(c) for c in found[params["limitfrom"]:params["limitfrom"] + limit]]}


@external("core_cohort_add_cohort_members", {"members": many(single({
    "cohorttype": single({"type": value("alphanumext"), "value": value("raw")}),
    "usertype": single({"type": value("alphanumext"), "value": value("raw")}),
}))}, write=True)
def add_cohort_members(context: Context, params: dict[str, Any]) -> dict[str, Any]:
    """Problems come back as warnings (no item/itemid), including a member who is already in: code 3."""
    state = context.state
    warnings: list[dict[str, str]] = []
    for data in params["members"]:
        cohorttype, usertype = data["cohorttype"], data["usertype"]
        if cohorttype["type"] not in ("id", "idnumber"):
            warnings.append({"warningcode": "1", "message": f"invalid parameter: cohortype={cohorttype['type']}"})
            continue
        if usertype["type"] not in ("id", "username"):
            warnings.append({"warningcode": "1", "message": f"invalid parameter: usertype={usertype['type']}"})
            continue
        cohort = next((c for c in state.cohorts.values() if str(getattr(c, cohorttype["type"])) == cohorttype["value"]),
                      None)
        if cohort is None:
            warnings.append({"warningcode": "2",
                             "message": f"cohort {cohorttype['type']}={cohorttype['value']} not exists"})
            continue
        user = next((u for u in state.users.values() if str(getattr(u, usertype["type"])) == usertype["value"]), None)
        if user is None:
            warnings.append({"warningcode": "2", "message": f"user {usertype['type']}={usertype['value']} not exists"})
            continue
        if user.id in cohort.members:
            warnings.append({"warningcode": "3", "message": (
                f"record already exists: cohort({cohorttype['type']}={cohorttype['value']} "
                f"{usertype['type']}={usertype['value']})")})
            continue
        cohort.members.append(user.id)
    return {"warnings": warnings}


@external("core_cohort_get_cohort_members", {"cohortids": many(value("int"))}, write=False)
def get_cohort_members(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    answer = []
    for cohortid in params["cohortids"]:
        cohort = context.state.cohorts.get(cohortid)
        if cohort is None:
            raise missing_record("cohort")
        answer.append({"cohortid": cohort.id, "userids": list(cohort.members)})
    return answer
