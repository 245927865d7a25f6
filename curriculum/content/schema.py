"""JSON Schemas of the content files, for editors that check YAML as you type."""

from __future__ import annotations

import copy
from typing import Any

from ..model import Module, Programme
from .loader import TargetGroupsFile

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _finish(schema: dict[str, Any], title: str, drop: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, Any]:
    schema = copy.deepcopy(schema)
    for name in drop:
        schema.get("properties", {}).pop(name, None)
    required = [name for name in schema.get("required", []) if name not in drop and name not in optional]
    if required:
        schema["required"] = required
    else:
        schema.pop("required", None)
    return {"$schema": SCHEMA_DIALECT, "title": title, **{key: value for key, value in schema.items() if key != "title"}}


def content_schemas() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema, one for each kind of YAML file."""
    return {
        "programme.schema.json": _finish(
            Programme.model_json_schema(), "programme.yaml", drop=("modules", "library_target_groups")
        ),
        "module.schema.json": _finish(Module.model_json_schema(), "module.yaml", optional=("id",)),
        "target-groups.schema.json": _finish(TargetGroupsFile.model_json_schema(), "_library/target_groups.yaml"),
    }
