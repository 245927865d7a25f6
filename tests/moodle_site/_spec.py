"""Parameter descriptions and their validation, ported from Moodle's `external_api::validate_parameters`.

Each function declares its parameters like Moodle's `execute_parameters()`, so
missing keys, unexpected keys and wrongly typed values fail with the very
`debuginfo` text Moodle builds (`courses => Invalid parameter value detected:
Missing required key in single structure: fullname`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Union

from ._errors import MoodleError, invalid_parameter

REQUIRED, DEFAULT, OPTIONAL = "required", "default", "optional"
_UNSET: Any = object()


@dataclass(frozen=True)
class Value:
    """`external_value`: one scalar of a PARAM_* type."""

    type: str
    required: str = REQUIRED
    default: Any = None


@dataclass(frozen=True)
class Single:
    """`external_single_structure`: a map with known keys."""

    keys: dict[str, "Spec"] = field(default_factory=dict)
    required: str = REQUIRED
    default: Any = None


@dataclass(frozen=True)
class Multiple:
    """`external_multiple_structure`: a list of one kind of thing."""

    content: "Spec"
    required: str = REQUIRED
    default: Any = None


Spec = Union[Value, Single, Multiple]


def value(type_: str, default: Any = _UNSET, *, optional: bool = False) -> Value:
    """Shorthand: `value("int")` required, `value("int", 0)` with default, `value("text", optional=True)`."""
    if optional:
        return Value(type_, OPTIONAL)
    if default is not _UNSET:
        return Value(type_, DEFAULT, default)
    return Value(type_)


def many(content: Spec, default: Any = _UNSET, *, optional: bool = False) -> Multiple:
    if optional:
        return Multiple(content, OPTIONAL)
    if default is not _UNSET:
        return Multiple(content, DEFAULT, default)
    return Multiple(content)


def single(keys: dict[str, Spec], *, optional: bool = False) -> Single:
    return Single(keys, OPTIONAL if optional else REQUIRED)


class ParameterError(Exception):
    """invalid_parameter_exception while validating: carries Moodle's debuginfo text."""

    def __init__(self, debuginfo: str) -> None:
        super().__init__(debuginfo)
        self.debuginfo = debuginfo


def validate(description: Spec, params: Any) -> Any:
    """Validate and clean `params` (PHP arrays as dicts of strings); raise MoodleError like Moodle."""
    try:
        return _validate(description, params)
    except ParameterError as error:
        raise invalid_parameter(error.debuginfo) from None


def _validate(description: Spec, params: Any) -> Any:
    if isinstance(description, Value):
        if isinstance(params, (dict, list)):
            raise ParameterError("Scalar type expected, array or object received.")
        return clean_value(description.type, params)
    if isinstance(description, Single):
        if not isinstance(params, dict):
            raise ParameterError(f"Only arrays accepted. The bad value is: '{_print_r(params)}'")
        remaining = dict(params)
        result: dict[str, Any] = {}
        for key, sub in description.keys.items():
            if key not in remaining:
                if sub.required == REQUIRED:
                    raise ParameterError(f"Missing required key in single structure: {key}")
                if sub.required == DEFAULT:
                    try:
                        result[key] = _validate(sub, sub.default) if sub.default is not None else None
                    except ParameterError as error:
                        raise ParameterError(f"{key} => Invalid parameter value detected: {error.debuginfo}") from None
                continue
            try:
                result[key] = _validate(sub, remaining.pop(key))
            except ParameterError as error:
                raise ParameterError(f"{key} => Invalid parameter value detected: {error.debuginfo}") from None
        if remaining:
            raise ParameterError(f"Unexpected keys ({', '.join(remaining)}) detected in parameter array.")
        return result
    if not isinstance(params, (dict, list)):
        raise ParameterError(f"Only arrays accepted. The bad value is: '{_print_r(params)}'")
    items = params.values() if isinstance(params, dict) else params
    return [_validate(description.content, item) for item in items]


def _print_r(value: Any) -> str:
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    return str(value)


_TAG = re.compile(r"<[^>]*>")


def clean_value(type_: str, raw: Any) -> Any:
    """`validate_param`: clean the value as Moodle's `clean_param` does and refuse it if cleaning changed it."""
    text = raw if isinstance(raw, str) else _php_string(raw)
    expected = f'Invalid external api parameter: the value is "{text}", the server was expecting "{type_}" type'
    if type_ == "bool":
        if text in ("0", "1", ""):
            return text == "1"
        raise ParameterError(expected)
    if type_ == "int":
        if re.fullmatch(r"-?(0|[1-9]\d*)", text):
            return int(text)
        raise ParameterError(expected)
    if type_ == "float":
        try:
            return float(text)
        except ValueError:
            raise ParameterError(expected) from None
    cleaned = _CLEANERS.get(type_, lambda v: v)(text)
    if cleaned != text:
        raise ParameterError(expected)
    return cleaned


def _php_string(value: Any) -> str:
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    return str(value)


def _clean_email(text: str) -> str:
    if text == "" or re.fullmatch(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", text):
        return text
    return ""


_CLEANERS = {
    "raw": lambda v: v,
    "text": lambda v: _TAG.sub("", v),
    "notags": lambda v: _TAG.sub("", v),
    "alpha": lambda v: re.sub(r"[^a-zA-Z]", "", v),
    "alphanum": lambda v: re.sub(r"[^a-zA-Z0-9]", "", v),
    "alphanumext": lambda v: re.sub(r"[^a-zA-Z0-9_-]", "", v),
    "safedir": lambda v: re.sub(r"[^a-zA-Z0-9_-]", "", v),
    "plugin": lambda v: v if re.fullmatch(r"[a-z][a-z0-9_]*", v or "a") else "",
    "component": lambda v: v if re.fullmatch(r"[a-z][a-z0-9_]*", v or "a") else "",
    "area": lambda v: v if re.fullmatch(r"[a-z_]*", v) else "",
    "username": lambda v: re.sub(r"[^a-z0-9_.@-]", "", v.strip().lower()),
    "email": _clean_email,
    "url": lambda v: v,
}


__all__ = ["MoodleError", "Spec", "Value", "Single", "Multiple", "value", "many", "single", "validate"]
