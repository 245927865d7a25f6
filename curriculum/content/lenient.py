"""Validation that keeps going: set broken parts aside and check the rest.

Pydantic stops at the first broken object it cannot build; an author wants
every problem at once. So on errors the broken parts are set aside (the
smallest optional key or list item that holds the error; a stand-in for a
broken required top-level field) and validation runs again, up to a few times.
Paths of later findings are mapped back to the author's original lists.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .messages import clean_location, describe_error, known_field_names
from .problems import FieldPath, Problem, format_field
from .yamlsource import YamlDocument

Model = TypeVar("Model", bound=BaseModel)


@dataclass
class Lenient(Generic[Model]):
    """The outcome: the model (None if nothing could be salvaged) and the problems."""

    value: Model | None
    problems: list[Problem]
    stood_in: set[str] = field(default_factory=set)
    index_maps: dict[FieldPath, list[int]] = field(default_factory=dict)

    def original_path(self, path: FieldPath) -> FieldPath:
        """A path in the validated data mapped back to the author's file."""
        out: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                mapping = self.index_maps.get(tuple(out))
                out.append(mapping[part] if mapping is not None and part < len(mapping) else part)
            else:
                out.append(part)
        return tuple(out)


def validate_leniently(
    model: type[Model],
    data: dict[str, Any],
    document: YamlDocument,
    field_names: set[str],
    stand_ins: dict[str, Any],
    attempts: int = 6,
) -> Lenient[Model]:
    required = known_field_names(model, required_only=True)
    outcome: Lenient[Model] = Lenient(value=None, problems=[])
    current = copy.deepcopy(data)
    for _ in range(attempts):
        try:
            outcome.value = model.model_validate(current)
            return outcome
        except ValidationError as error:
            for detail in error.errors():
                location = outcome.original_path(clean_location(detail["loc"]))
                outcome.problems.append(
                    Problem(document.file, document.line_of(location), format_field(location), describe_error(detail, field_names))
                )
            if not _set_aside(current, error, outcome, required, stand_ins):
                return outcome
    return outcome


def _get(data: Any, path: FieldPath) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _set_aside(data: dict[str, Any], error: ValidationError, outcome: Lenient[Any], required: set[str], stand_ins: dict[str, Any]) -> bool:
    drops: dict[FieldPath, set[int]] = {}
    for detail in error.errors():
        location = clean_location(detail["loc"])
        if not location:
            return False
        for depth in range(len(location) - 1, -1, -1):
            part, container_path = location[depth], location[:depth]
            container = _get(data, container_path)
            if isinstance(part, int) and isinstance(container, list):
                drops.setdefault(container_path, set()).add(part)
                break
            if isinstance(part, str) and isinstance(container, dict) and part in container:
                if part not in required or detail["type"] == "extra_forbidden":
                    del container[part]
                    break
                if depth == 0 and part in stand_ins:
                    data[part] = copy.deepcopy(stand_ins[part])
                    outcome.stood_in.add(part)
                    break
            if depth == 0 and isinstance(part, str) and part in stand_ins and part not in data:
                data[part] = copy.deepcopy(stand_ins[part])
                outcome.stood_in.add(part)
                break
        else:
            return False
    # Drop list items deepest first so the outer indices stay valid meanwhile.
    for list_path in sorted(drops, key=len, reverse=True):
        items = _get(data, list_path)
        if not isinstance(items, list):
            continue
        original = outcome.original_path(list_path)
        mapping = outcome.index_maps.get(original, list(range(len(items))))
        kept = [index for index in range(len(items)) if index not in drops[list_path]]
        parent = _get(data, list_path[:-1])
        parent[list_path[-1]] = [items[index] for index in kept]
        outcome.index_maps[original] = [mapping[index] for index in kept]
    return True
