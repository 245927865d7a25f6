"""PHP's side of the wire: bracket-encoded forms in, json_encode-style JSON and Moodle's XML out.

Moodle reads `$_POST`, so the server must rebuild nested arrays the way PHP does
(`courses[0][fullname]=x`, `values[]=y`) and must answer with PHP's JSON quirks
(`\\/` in URLs, non-ASCII as `\\uXXXX`) so a client that only copes with one
spelling fails here as it would against a real site.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape, quoteattr

# A PHP array: an ordered map with string keys ("0", "1", ... for lists).
PhpArray = dict[str, Any]

_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def parse_form(body: str) -> PhpArray:
    """Decode `application/x-www-form-urlencoded` into nested PHP arrays."""
    return build_php_array(parse_qsl(body, keep_blank_values=True))


def build_php_array(pairs: list[tuple[str, str]]) -> PhpArray:
    """Apply `name[a][b]=v` pairs in order, as PHP's `parse_str` does."""
    result: PhpArray = {}
    for name, value in pairs:
        head, path = _split_name(name)
        if head == "":
            continue
        keys = [head, *path]
        target = result
        for position, key in enumerate(keys):
            last = position == len(keys) - 1
            if key == "":
                key = _next_index(target)
            if last:
                target[key] = value
            else:
                child = target.get(key)
                if not isinstance(child, dict):
                    child = {}
                    target[key] = child
                target = child
    return result


def _split_name(name: str) -> tuple[str, list[str]]:
    """`a[b][]` -> ("a", ["b", ""]); PHP turns '.' and ' ' in the head into '_'."""
    bracket = name.find("[")
    if bracket <= 0:
        return name.replace(".", "_").replace(" ", "_"), []
    head = name[:bracket].replace(".", "_").replace(" ", "_")
    rest = name[bracket:]
    path: list[str] = []
    position = 0
    while position < len(rest):
        match = _SEGMENT.match(rest, position)
        if not match:
            break
        path.append(match.group(1))
        position = match.end()
    return head, path


def _next_index(array: PhpArray) -> str:
    numeric = [int(key) for key in array if re.fullmatch(r"-?\d+", key)]
    return str(max(numeric) + 1 if numeric else 0)


def json_encode(value: Any) -> str:
    """`json_encode($value)` with PHP's default flags."""
    return json.dumps(value, ensure_ascii=True, separators=(",", ":")).replace("/", "\\/")


def xml_response(value: Any) -> str:
    """Moodle's REST XML for a successful answer."""
    return '<?xml version="1.0" encoding="UTF-8" ?>\n<RESPONSE>\n' + _to_xml(value) + "</RESPONSE>\n"


def xml_exception(exception_class: str, errorcode: str, message: str, debuginfo: str | None) -> str:
    """Moodle's REST XML for an error (`<EXCEPTION class=...>`)."""
    text = '<?xml version="1.0" encoding="UTF-8" ?>\n'
    text += f"<EXCEPTION class={quoteattr(exception_class)}>\n"
    text += f"<ERRORCODE>{escape(errorcode)}</ERRORCODE>\n"
    text += f"<MESSAGE>{escape(message)}</MESSAGE>\n"
    if debuginfo is not None:
        text += f"<DEBUGINFO>{escape(debuginfo)}</DEBUGINFO>\n"
    return text + "</EXCEPTION>\n"


def _to_xml(value: Any) -> str:
    if value is None:
        return '<VALUE null="null"/>\n'
    if isinstance(value, list):
        return "<MULTIPLE>\n" + "".join(_to_xml(item) for item in value) + "</MULTIPLE>\n"
    if isinstance(value, dict):
        keys = "".join(f"<KEY name={quoteattr(str(key))}>{_to_xml(item)}</KEY>\n" for key, item in value.items())
        return "<SINGLE>\n" + keys + "</SINGLE>\n"
    if isinstance(value, bool):
        return f"<VALUE>{int(value)}</VALUE>\n"
    return f"<VALUE>{escape(str(value))}</VALUE>\n"


_BARE_AMPERSAND = re.compile(r"&(?![a-zA-Z0-9#]{1,8};)")


def format_string(text: str) -> str:
    """What `external_format_string` gives for a plain title: `replace_ampersands_not_followed_by_entity`
    (lib/weblib.php format_string) turns a bare `&` into `&amp;`; entities already there stay."""
    return _BARE_AMPERSAND.sub("&amp;", text)


def format_text(text: str) -> str:
    """What `external_format_text` gives for FORMAT_HTML: HTML Purifier (clean_text) writes a bare `&`
    as `&amp;` too. (Purifier's other rewrites do not touch the simple HTML we send.)"""
    return _BARE_AMPERSAND.sub("&amp;", text)
