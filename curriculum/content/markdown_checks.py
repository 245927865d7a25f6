"""Checks prose files: relative links and images must exist, no raw HTML."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlparse

from markdown_it import MarkdownIt

from .problems import Problem

_parser = MarkdownIt("commonmark")


def check_markdown(file: Path, text: str) -> list[Problem]:
    problems: list[Problem] = []
    for block in _parser.parse(text):
        line = block.map[0] + 1 if block.map else None
        if block.type == "html_block":
            problems.append(Problem(file, line, "", "raw HTML is not allowed in prose; write it in Markdown"))
        for token in block.children or ():
            if token.type == "html_inline":
                problems.append(Problem(file, line, "", f"raw HTML ({token.content}) is not allowed in prose; write it in Markdown"))
            elif token.type in {"link_open", "image"}:
                target = str(token.attrs.get("href") or token.attrs.get("src") or "")
                what = "image" if token.type == "image" else "link"
                problem = _check_target(file, target, what)
                if problem:
                    problems.append(Problem(file, line, "", problem))
                if token.type == "image" and not token.content.strip():
                    problems.append(Problem(file, line, "", f"the image '{target}' has no description (alt text): write it in ![...]"))
    return problems


def _check_target(file: Path, target: str, what: str) -> str | None:
    if not target:
        return f"a {what} has no target"
    parsed = urlparse(target)
    if parsed.scheme in {"http", "https", "mailto", "tel"}:
        return None
    if parsed.scheme:
        return f"the {what} '{target}' uses the scheme '{parsed.scheme}:'; use https:// or a relative path"
    if not parsed.path:  # '#anchor'
        return None
    if ".." in unquote(parsed.path).split("/") or parsed.path.startswith("/"):
        return (
            f"the {what} '{target}' points outside this folder; put the file beside the Markdown "
            "or in a subfolder of it (outputs such as SCORM packages only carry those)"
        )
    resolved = (file.parent / unquote(parsed.path)).resolve()
    if not resolved.exists():
        return f"broken {what}: '{target}' does not exist (looked for {resolved})"
    return None
