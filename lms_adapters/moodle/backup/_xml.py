"""Moodle's backup XML dialect: plain elements, one value each, ``$@NULL@$`` for a
database NULL, UTF-8 with a declaration. Built with lxml so every text is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Union

from lxml import etree

NULL = "$@NULL@$"

Value = Union[str, int, float, None]
Child = Union[etree._Element, None]


def element(tag: str, fields: Mapping[str, Value] | None = None, children: Iterable[Child] = (), **attributes: Value) -> etree._Element:
    """``<tag attr=..>`` with one child element per field (in order), then ``children``."""
    node = etree.Element(tag, {name.rstrip("_"): _text(value) for name, value in attributes.items()})
    for name, value in (fields or {}).items():
        etree.SubElement(node, name).text = _text(value)
    for child in children:
        if child is not None:
            node.append(child)
    return node


def wrapper(tag: str, children: Iterable[Child] = ()) -> etree._Element:
    """An element that only holds others (``<sections>``, ``<grade_items>``); empty is fine."""
    return element(tag, children=children)


DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def document(root: etree._Element) -> bytes:
    return DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def _text(value: Value) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:.5f}"
    return str(value)
