"""The learner pages: one HTML file per SCO, rendered from the plan.

All prose goes through ``render_markdown`` (sanitised), then through one more
pass here that fits it to a package played offline inside an LMS frame:
images are only ever loaded from inside the package (a web image becomes a
link), links that lead nowhere become plain text, web links open in a new
window so the SCO is not navigated away, and wide tables scroll on a phone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from posixpath import normpath
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from markupsafe import Markup

from curriculum.model.assessment import QuestionType
from curriculum.render.environment import template_environment
from curriculum.render.markdown import render_markdown

from ._plan import OPTION_KEYS, CheckQuestion, ModuleSco, PackagePlan
from ._strings import labels

MEDIA_FOLDER = "media"
# Text answers are kept short so a whole check stays inside SCORM 1.2's suspend data.
TEXT_ANSWER_MAX = 200
_WEB = ("http://", "https://")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
# Pictures shown in the page (an <img> never runs script, an SVG included) ...
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
# ... and files a link may open: none that a browser would run as a page (html, svg, xml).
LINKED_TYPES = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".txt", ".csv", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".mp3", ".mp4", ".webm", ".ogg"}


@dataclass
class RenderedPage:
    html: str
    media: dict[str, Path] = field(default_factory=dict)


@dataclass
class _Page:
    id: str
    title: str
    body: Markup


class _MediaTargets:
    """Maps a relative link or image target in a module's prose to a file in the package.

    A target becomes a package path only for a file inside the module's own
    folder with a plain name; anything else is answered with '#', which the
    clean-up pass turns into text. What is finally packed is decided there:
    only the files the cleaned pages still use.
    """

    def __init__(self, module_id: str, module_folder: Path | None, base: Path | None) -> None:
        self.module_id = module_id
        self.root = module_folder.resolve() if module_folder else None
        self.base = base.resolve() if base else None
        self.files: dict[str, Path] = {}

    def __call__(self, target: str) -> str:
        parts = urlsplit(target)
        path = unquote(parts.path)
        if self.root is None or self.base is None or not path or path.startswith("/"):
            return "#"
        source = (self.base / path).resolve()
        if not source.is_file() or not source.is_relative_to(self.root):
            return "#"
        relative = source.relative_to(self.root).as_posix()
        if not _PLAIN_NAME.fullmatch(relative) or normpath(relative) != relative:
            return "#"
        package_path = f"{MEDIA_FOLDER}/{self.module_id}/{relative}"
        self.files[package_path] = source
        return package_path + (f"#{parts.fragment}" if parts.fragment else "")


def json_for_script(value: object) -> Markup:
    """JSON that is safe inside <script type="application/json">: no '<', '>' or '&' left."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _elements(html: str, used: set[str]) -> list[HtmlElement]:
    if not html.strip():
        return []
    elements = []
    for part in lxml.html.fragments_fromstring(html):
        if isinstance(part, str):
            if part.strip():
                paragraph = lxml.html.Element("p")
                paragraph.text = part.strip()
                elements.append(paragraph)
        else:
            elements.append(part)
    return [_fit_for_package(element, used) for element in elements]


def _packed(target: str, types: set[str]) -> str | None:
    """The package path of a media target of an allowed type, else None."""
    path = target.split("#")[0]
    if path.startswith(f"{MEDIA_FOLDER}/") and PurePosixPath(path).suffix.lower() in types:
        return path
    return None


def _fit_for_package(element: HtmlElement, used: set[str]) -> HtmlElement:
    """Adapts sanitised prose to a package; records in ``used`` the media files it keeps."""
    for image in list(element.iter("img")):
        source = image.get("src", "")
        alt = (image.get("alt") or "").strip()
        packed = _packed(source, IMAGE_TYPES)
        if source.startswith(_WEB):
            link = lxml.html.Element("a", href=source, target="_blank", rel="noopener noreferrer")
            link.text = alt or source
            _replace(image, link)
        elif packed is None:
            if alt:
                stand_in = lxml.html.Element("span", {"class": "missing-media"})
                stand_in.text = alt
                _replace(image, stand_in)
            else:
                image.drop_tree()
        else:
            image.set("alt", alt)
            used.add(packed)
    for link in list(element.iter("a")):
        target = link.get("href", "")
        packed = _packed(target, LINKED_TYPES)
        if target.startswith(_WEB) or packed is not None:
            link.set("target", "_blank")
            link.set("rel", "noopener noreferrer")
            if packed is not None:
                used.add(packed)
        elif not target.startswith(("mailto:", "tel:")):
            link.drop_tag()
    if element.tag == "table":
        wrapper = lxml.html.Element("div", {"class": "table-wrap"})
        wrapper.append(element)
        return wrapper
    for table in list(element.iter("table")):
        wrapper = lxml.html.Element("div", {"class": "table-wrap"})
        _replace(table, wrapper)
        wrapper.append(table)
    return element


def _replace(old: HtmlElement, new: HtmlElement) -> None:
    new.tail = old.tail
    old.tail = None
    parent = old.getparent()
    if parent is not None:
        parent.replace(old, new)


def _serialise(elements: Iterable[HtmlElement]) -> Markup:
    return Markup("".join(lxml.html.tostring(element, encoding="unicode") for element in elements))


def _prose(text: str, targets: _MediaTargets, media: dict[str, Path], shift_headings: int = 0) -> list[HtmlElement]:
    """Sanitised prose fitted to the package; the media files it uses are added to ``media``."""
    if not text.strip():
        return []
    used: set[str] = set()
    elements = _elements(render_markdown(text, rewrite_target=targets, shift_headings=shift_headings), used)
    media.update({path: targets.files[path] for path in used})
    return elements


def _heading(page_id: str, text: str) -> HtmlElement:
    heading = lxml.html.Element("h2", id=f"{page_id}-title", tabindex="-1")
    heading.text = text
    return heading


def _list(items: list[str], tag: str = "ul") -> HtmlElement:
    element = lxml.html.Element(tag)
    for item in items:
        entry = etree.SubElement(element, "li")
        entry.text = item
    return element


def _paragraph(text: str, css: str | None = None, **attributes: str) -> HtmlElement:
    element = lxml.html.Element("p", {"class": css} if css else {}, **attributes)
    element.text = text
    return element


def _split_at_h2(elements: list[HtmlElement]) -> tuple[list[HtmlElement], list[list[HtmlElement]]]:
    """The elements before the first h2, and one list per h2 section."""
    lead: list[HtmlElement] = []
    sections: list[list[HtmlElement]] = []
    for element in elements:
        if element.tag == "h2":
            sections.append([element])
        elif sections:
            sections[-1].append(element)
        else:
            lead.append(element)
    return lead, sections


def _module_pages(plan: PackagePlan, sco: ModuleSco, t: dict[str, str], media: dict[str, Path]) -> list[_Page]:
    module = sco.module
    text = plan.text
    learner = _MediaTargets(module.id, sco.folder, sco.folder)
    lead, sections = _split_at_h2(_prose(text(module.learner_text), learner, media))

    pages: list[_Page] = []

    def add(title: str, body: list[HtmlElement]) -> None:
        page_id = f"page-{len(pages) + 1}"
        pages.append(_Page(page_id, title, _serialise([_heading(page_id, title), *body])))

    overview: list[HtmlElement] = []
    if module.summary:
        overview.append(_paragraph(text(module.summary), "lead"))
    overview += lead
    if module.outcomes:
        heading = lxml.html.Element("h3")
        heading.text = t["outcomes"]
        overview += [heading, _list([text(outcome.text) for outcome in module.outcomes])]
    overview.append(_paragraph(t["duration"].format(minutes=module.minutes), "meta"))
    add(t["overview"], overview)

    for section in sections:
        heading, body = section[0], section[1:]
        page_id = f"page-{len(pages) + 1}"
        heading.set("id", f"{page_id}-title")
        heading.set("tabindex", "-1")
        pages.append(_Page(page_id, heading.text_content().strip(), _serialise(section)))

    cases_folder = sco.folder / "cases" if sco.folder else None
    for case in module.case_studies:
        case_targets = _MediaTargets(module.id, sco.folder, cases_folder)
        body = _prose(text(case.text), case_targets, media, shift_headings=1)
        if case.discussion_points:
            heading = lxml.html.Element("h3")
            heading.text = t["discuss"]
            body += [heading, _list([text(point) for point in case.discussion_points])]
        add(f"{t['case_study']}: {text(case.title)}", body)

    end: list[HtmlElement] = [
        _paragraph(t["end_done"], "done", **{"data-role": "done", "hidden": "hidden"}),
    ]
    missing = lxml.html.Element("div", {"data-role": "missing", "hidden": "hidden"})
    missing.append(_paragraph(t["end_missing"]))
    etree.SubElement(missing, "ul")
    end.append(missing)
    if module.outcomes:
        heading = lxml.html.Element("h3")
        heading.text = t["end_recap"]
        end += [heading, _list([text(outcome.text) for outcome in module.outcomes])]
    go_on = lxml.html.Element("p", {"data-role": "continue", "hidden": "hidden"})
    button = etree.SubElement(go_on, "button", {"type": "button", "class": "button primary", "data-action": "continue"})
    button.text = t["continue"]
    end.append(go_on)
    end.append(_paragraph(t["next_hint"], "hint", **{"data-role": "next-hint", "hidden": "hidden"}))
    add(t["end_title"], end)
    return pages


def _pick(t: dict[str, str], *names: str) -> dict[str, str]:
    return {name: t[name] for name in names}


def _base_config(plan: PackagePlan, kind: str) -> dict:
    return {"version": plan.version.value, "kind": kind, "language": plan.language}


def render_module_page(plan: PackagePlan, sco: ModuleSco) -> RenderedPage:
    t = labels(plan.language)
    media: dict[str, Path] = {}
    pages = _module_pages(plan, sco, t, media)
    config = {
        **_base_config(plan, "module"),
        "pages": len(pages),
        "strings": _pick(t, "page_of", "offline"),
    }
    html = template_environment().get_template("scorm/module.html").render(
        language=plan.language,
        t=t,
        page_title=f"{plan.text(sco.module.title)} · {plan.title}",
        course_title=plan.title,
        heading=plan.text(sco.module.title),
        config=json_for_script(config),
        pages=pages,
        counter=t["page_of"].format(n=1, total=len(pages)),
        kind="module",
    )
    return RenderedPage(html, media)


@dataclass
class _QuestionView:
    number: int
    index: int
    kind: str
    prompt: str
    options: list[tuple[str, str, str]]  # key, text, feedback
    feedback_correct: str
    feedback_incorrect: str


def _question_view(plan: PackagePlan, item: CheckQuestion, index: int, t: dict[str, str]) -> _QuestionView:
    question = item.question
    text = plan.text
    options: list[tuple[str, str, str]] = []
    if question.type is QuestionType.TRUE_FALSE:
        options = [("t", t["true"], ""), ("f", t["false"], "")]
    else:
        options = [(OPTION_KEYS[position], text(option.text), text(option.feedback)) for position, option in enumerate(question.options)]
    return _QuestionView(
        number=item.number,
        index=index,
        kind=question.type.value,
        prompt=text(question.prompt),
        options=options,
        feedback_correct=text(question.feedback_correct),
        feedback_incorrect=text(question.feedback_incorrect),
    )


def _answer_key(plan: PackagePlan, item: CheckQuestion) -> dict:
    question = item.question
    entry: dict = {"id": item.interaction_id, "type": question.type.value, "weight": question.points}
    if question.type is QuestionType.TRUE_FALSE:
        entry["correct"] = ["t" if question.answer else "f"]
    elif question.type is QuestionType.SHORT_ANSWER:
        entry["correct"] = list(dict.fromkeys(plan.text(answer) for answer in question.accepted_answers))
    else:
        entry["correct"] = [OPTION_KEYS[position] for position, option in enumerate(question.options) if option.correct]
    return entry


def render_check_page(plan: PackagePlan) -> str:
    t = labels(plan.language)
    groups: list[tuple[str, list[_QuestionView]]] = []
    titles = {sco.module.id: plan.text(sco.module.title) for sco in plan.modules}
    for index, item in enumerate(plan.questions):
        title = titles.get(item.module_id, t["course_questions"]) if item.module_id else t["course_questions"]
        if not groups or groups[-1][0] != title:
            groups.append((title, []))
        groups[-1][1].append(_question_view(plan, item, index, t))
    mark = _format_percent(plan.pass_mark_percent)
    config = {
        **_base_config(plan, "check"),
        "passMark": plan.pass_mark_percent / 100,
        "textMax": TEXT_ANSWER_MAX,
        "questions": [_answer_key(plan, item) for item in plan.questions],
        "strings": _pick(t, "offline", "unanswered", "correct", "incorrect", "score", "passed", "failed", "question"),
    }
    return template_environment().get_template("scorm/check.html").render(
        language=plan.language,
        t=t,
        page_title=f"{t['check_title']} · {plan.title}",
        course_title=plan.title,
        heading=t["check_title"],
        config=json_for_script(config),
        intro=t["check_intro"].format(count=len(plan.questions), mark=mark),
        groups=groups,
        text_max=TEXT_ANSWER_MAX,
        kind="check",
    )


def _format_percent(value: float) -> str:
    return f"{value:g}"
