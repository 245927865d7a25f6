"""PHP's bracket syntax for nested arrays in a form body.

Moodle's REST server reads parameters with PHP's own parser, so a list of
courses travels as ``courses[0][fullname]=...&courses[0][categoryid]=2`` and a
nested structure as ``cohorts[0][categorytype][type]=system``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def php_form(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Flatten ``params`` into (key, value) pairs in PHP bracket syntax, in order.

    ``None`` is left out (Moodle then applies its default), booleans become
    1/0 as PHP expects, lists are numbered from 0.
    """
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        _flatten(str(key), value, pairs)
    return pairs


def _flatten(prefix: str, value: Any, pairs: list[tuple[str, str]]) -> None:
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(f"{prefix}[{key}]", item, pairs)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _flatten(f"{prefix}[{index}]", item, pairs)
    elif isinstance(value, bool):
        pairs.append((prefix, "1" if value else "0"))
    elif isinstance(value, (int, float, str)):
        pairs.append((prefix, str(value)))
    else:
        raise TypeError(f"cannot send {type(value).__name__} to Moodle (parameter {prefix})")
