"""Markdown prose to safe HTML, for every output that shows content.

Content is trusted to be written by trainers, not to be safe: raw HTML is
disabled in the parser and the result is sanitised again with nh3, so no
script, event handler or javascript: link can reach a learner's browser.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlparse

import nh3
from markdown_it import MarkdownIt

_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"style"}, "td": {"style"}, "ol": {"start"}}
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}

_parser = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable("table").enable("replacements")


def is_safe_target(target: str) -> bool:
    """A link or image target that stays inside the content or goes to the web."""
    parsed = urlparse(target.strip())
    if parsed.scheme:
        return parsed.scheme.lower() in _SAFE_SCHEMES
    return not target.startswith("//") and ".." not in parsed.path.split("/")


def render_markdown(text: str, rewrite_target: Callable[[str], str] | None = None, shift_headings: int = 0) -> str:
    """Safe HTML for ``text``.

    ``rewrite_target`` maps relative link/image targets (e.g. to a package
    path); ``shift_headings`` moves '##' down by that many levels for
    outputs whose page structure needs it.
    """
    tokens = _parser.parse(text)
    schemes = set(_SAFE_SCHEMES)
    for token in tokens:
        if token.type == "heading_open" and shift_headings:
            level = min(6, int(token.tag[1]) + shift_headings)
            token.tag = f"h{level}"
        elif token.type == "heading_close" and shift_headings:
            level = min(6, int(token.tag[1]) + shift_headings)
            token.tag = f"h{level}"
        for child in token.children or ():
            attribute = "href" if child.type == "link_open" else "src" if child.type == "image" else None
            if attribute is None:
                continue
            target = str(child.attrs.get(attribute, ""))
            if not is_safe_target(target):
                child.attrs[attribute] = "#"
            elif rewrite_target is not None and not urlparse(target).scheme:
                rewritten = rewrite_target(target)
                child.attrs[attribute] = rewritten
                # the PDF shows a content file by its file: URI; authors cannot write one
                # (is_safe_target turned it into "#" above), so only ours get through
                if urlparse(rewritten).scheme == "file":
                    schemes.add("file")
    html = _parser.renderer.render(tokens, _parser.options, {})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=schemes,
        link_rel="noopener noreferrer",
    )
