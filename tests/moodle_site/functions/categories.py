"""Course categories (core_course_create_categories, core_course_get_categories)."""

from __future__ import annotations

from typing import Any

from .._errors import invalid_parameter, missing_record, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import Category, SiteState


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
