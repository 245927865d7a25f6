"""Course categories (core_course_create_categories, core_course_get_categories)."""

from __future__ import annotations

import re
from typing import Any

from .._errors import moodle_exception
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
        parent = state.categories.get(data["parent"]) if data["parent"] else None
        if data["parent"] and parent is None:
            raise moodle_exception("unknowcategory", "Unknown category")
        if data["name"].strip() == "":
            raise moodle_exception("categorynamerequired", "The category name is required")
        idnumber = data.get("idnumber") or ""
        if idnumber and any(c.idnumber == idnumber for c in state.categories.values()):
            raise moodle_exception("categoryidnumbertaken", "ID number is already used for another category")
        category = Category(id=state.next_id("course_categories"), name=data["name"], idnumber=idnumber,
                            parent=data["parent"], description=data.get("description") or "",
                            descriptionformat=data["descriptionformat"],
                            sortorder=10000 * (len(state.categories) + 1))
        category.path = f"{parent.path if parent else ''}/{category.id}"
        state.categories[category.id] = category
        created.append({"id": category.id, "name": category.name})
    return created


_SEARCHABLE = ("id", "ids", "idnumber", "name", "parent", "visible", "theme")


@external("core_course_get_categories", {
    "criteria": many(single({"key": value("alpha"), "value": value("raw")}), []),
    "addsubcategories": value("bool", "1"),
}, write=False)
def get_categories(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Sorted as Moodle sorts them: by sortorder compared as strings (so 100000 comes before 20000)."""
    state = context.state
    matching = list(state.categories.values())
    for criterion in params["criteria"]:
        key, wanted = criterion["key"].strip(), criterion["value"]
        if key not in _SEARCHABLE:
            raise moodle_exception("criteriaerror", "Missing permissions to search on a criterion.",
                                   f"You can not search on this criteria: {key}")
        if key in ("idnumber", "theme", "visible") and _cannot_manage(context):
            raise moodle_exception("criteriaerror", "Missing permissions to search on a criterion.",
                                   f'You don\'t have the permissions to search on the "{key}" field.')
        if key == "ids":
            ids = {_leading_int(part) for part in wanted.split(",")}
            matching = [c for c in matching if c.id in ids]
        elif key in ("id", "parent", "visible"):
            matching = [c for c in matching if getattr(c, key) == _leading_int(wanted)]
        else:
            matching = [c for c in matching if str(getattr(c, key)) == wanted]
    if params["criteria"] and matching and params["addsubcategories"]:
        prefixes = tuple(f"{c.path}/" for c in matching)
        matching += [c for c in state.categories.values() if c.path.startswith(prefixes) and c not in matching]
    return [_category_record(state, c) for c in sorted(matching, key=lambda c: str(c.sortorder))]


def _cannot_manage(context: Context) -> bool:
    return "moodle/category:manage" in context.denied


def _leading_int(text: str) -> int:
    match = re.match(r"\s*(-?\d+)", text)
    return int(match.group(1)) if match else 0


def _category_record(state: SiteState, category: Category) -> dict[str, Any]:
    return {"id": category.id, "name": category.name,
            "description": category.description, "descriptionformat": category.descriptionformat,
            "parent": category.parent, "sortorder": category.sortorder,
            "coursecount": sum(1 for c in state.courses.values() if c.categoryid == category.id),
            "depth": category.depth, "path": category.path,
            "idnumber": category.idnumber, "visible": category.visible, "visibleold": category.visible,
            "timemodified": category.timemodified, "theme": ""}
