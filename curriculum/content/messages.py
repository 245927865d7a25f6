"""Pydantic's validation errors turned into sentences a trainer understands."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

_SLUG_PATTERN = "^[a-z0-9][a-z0-9-]*$"


def known_field_names(*models: type[BaseModel], required_only: bool = False) -> set[str]:
    """Every field name (or every required one) of ``models`` and the models nested in them."""
    names: set[str] = set()
    seen: set[type] = set()

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.add(annotation)
            for name, info in annotation.model_fields.items():
                if info.is_required() or not required_only:
                    names.add(name)
                visit(info.annotation)
        for argument in getattr(annotation, "__args__", ()) or ():
            visit(argument)

    for model in models:
        visit(model)
    return names


def clean_location(location: tuple[Any, ...]) -> tuple[str | int, ...]:
    """Drop pydantic's internal markers ('[key]', 'function-after[...]') from a path."""
    return tuple(part for part in location if not (isinstance(part, str) and (part == "[key]" or "[" in part)))


def describe_error(error: ErrorDetails, field_names: set[str]) -> str:
    kind = error["type"]
    value = error.get("input")
    location = error["loc"]
    name = str(clean_location(location)[-1]) if clean_location(location) else ""
    context = error.get("ctx") or {}
    if kind == "missing":
        return f"the required field '{name}' is missing"
    if kind == "extra_forbidden":
        guesses = difflib.get_close_matches(str(name), sorted(field_names), n=1, cutoff=0.6)
        hint = f" Did you mean '{guesses[0]}'?" if guesses else " Check the spelling against docs/content-format.md."
        return f"unknown key '{name}'.{hint}"
    if kind == "enum":
        return f"'{value}' is not allowed here; use one of: {context.get('expected', '')}"
    if kind == "literal_error":
        return f"'{value}' is not allowed here; use {context.get('expected', '')}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"must be a whole number, not '{value}'"
    if kind in {"float_parsing", "float_type", "decimal_parsing", "decimal_type"}:
        return f"must be a number, not '{value}'"
    if kind in {"bool_parsing", "bool_type"}:
        return f"must be true or false, not '{value}'"
    if kind in {"date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"}:
        return f"must be a date written as YYYY-MM-DD (e.g. 2010-06-30), not '{value}'"
    if kind in {"time_parsing", "time_type"}:
        return f"must be a time written as \"HH:MM\" in quotes (e.g. \"10:30\"), not '{value}'"
    if kind in {"string_type"}:
        return f"must be text, not {type(value).__name__} '{value}'"
    if kind == "dict_type":
        if isinstance(value, str):
            return (
                "must be a translation per language, e.g. {lv: ..., en: ...}, "
                f"not plain text '{_short(value)}'"
            )
        return f"must be a mapping (key: value), not {type(value).__name__}"
    if kind in {"tuple_type", "list_type"}:
        return f"must be a list (items starting with '- '), not {type(value).__name__}"
    if kind == "model_type" or kind == "model_attributes_type":
        return f"must be a mapping of fields (key: value), not {type(value).__name__} '{_short(value)}'"
    if kind == "string_pattern_mismatch":
        if context.get("pattern") == _SLUG_PATTERN:
            return f"'{value}' is not a valid id: use lower case letters, digits and dashes (e.g. 'home-visit')"
        return f"'{value}' does not have the expected form ({context.get('pattern')})"
    if kind in {"string_too_long"}:
        return f"is too long (at most {context.get('max_length')} characters)"
    if kind in {"too_short"}:
        return f"needs at least {context.get('min_length')} item(s)"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        limit = next(iter(context.values()), "")
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return f"must be {words} {limit}, not {value}"
    if kind == "value_error":
        return str(context.get("error", error["msg"]))
    return error["msg"]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
