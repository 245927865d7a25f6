"""Reads YAML while remembering the line of every key and list item.

PyYAML's plain loader forgets where values came from and silently keeps the
last of two duplicate keys; composing the node tree ourselves gives both the
line numbers that error messages need and duplicate-key detection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import FieldPath, Problem, format_field

_INT_TAG = "tag:yaml.org,2002:int"
# libyaml (C) when PyYAML was built with it: ten times faster, same nodes and marks.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    file: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, path: FieldPath) -> int | None:
        """The line of ``path`` or of its nearest written parent."""
        for length in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:length]))
            if line is not None:
                return line
        return None


def read_yaml(file: Path) -> YamlDocument:
    """Parse ``file``; syntax errors and duplicate keys come back as problems."""
    document = YamlDocument(file=file, data=None)
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        document.problems.append(Problem(file, None, "", f"the file is not UTF-8 text ({error.reason} at byte {error.start})"))
        return document
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(part for part in (error.context, error.problem) if part)
        document.problems.append(
            Problem(
                file,
                line,
                "",
                f"this is not valid YAML: {reason}. Hint: text that contains ': ', ' #', '?', "
                "braces, brackets or commas inside {...} must be put in quotes",
            )
        )
        return document
    if node is None:
        document.data = {}
        return document
    document.lines[()] = node.start_mark.line + 1
    document.data = _build(node, (), document, SafeConstructor())
    return document


def _build(node: Node, path: FieldPath, document: YamlDocument, constructor: SafeConstructor) -> Any:
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path, document, constructor)
            if not isinstance(key, (str, int, bool)):
                key = str(key)
            key_path = (*path, key)
            if key in result:
                document.problems.append(
                    Problem(
                        document.file,
                        key_node.start_mark.line + 1,
                        format_field(key_path),
                        f"the key '{key}' is written twice in the same place (first on line "
                        f"{document.lines[key_path]}); keep one",
                    )
                )
                continue
            document.lines[key_path] = key_node.start_mark.line + 1
            result[key] = _build(value_node, key_path, document, constructor)
        return result
    if isinstance(node, SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            document.lines[(*path, index)] = item.start_mark.line + 1
            items.append(_build(item, (*path, index), document, constructor))
        return items
    assert isinstance(node, ScalarNode)
    if node.tag == _INT_TAG and ":" in node.value:
        # YAML 1.1 reads 10:30 as the base-60 number 630; authors mean a time.
        return node.value
    return constructor.construct_object(node, deep=True)
