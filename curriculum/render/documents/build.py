"""Builds the guide and the handbook of a course: PDF and an offline HTML site.

Layout of what ``DocumentBuilder.build`` writes into ``out_dir``::

    <course-id>/<lang>/<course-id>-guide-<lang>.pdf
    <course-id>/<lang>/<course-id>-handbook-<lang>.pdf
    <course-id>/<lang>/guide/index.html       one page per chapter, module, form
    <course-id>/<lang>/handbook/index.html    one page per module

Nothing is fetched from the network and no date of the build goes into the
files, so building the same content twice gives the same bytes. A PDF whose
inputs (the HTML, the stylesheets, the files they show, the WeasyPrint
version) have not changed since it was built is left as it is:
``.built/<name>.pdf.json`` beside it records what it was made from, and the
PDF's own hash, so a file edited by hand is built again.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from jinja2 import TemplateError

from ...content.loader import LoadResult
from ...errors import CurriculumError
from ...model import Course, Programme
from .labels import Labels, css_string, page_of_content
from .pdf import PdfWriter
from .templates import custom_stylesheet, document_environment, render_template
from .views import KINDS, DocumentView, Kind, Logo, Section, build_view

Format = Literal["pdf", "html"]
FORMATS: tuple[Format, ...] = ("pdf", "html")
TEMPLATES_FOLDER = Path(__file__).resolve().parent.parent.parent / "templates" / "documents"


class DocumentError(CurriculumError):
    """The guide or handbook cannot be built as asked."""


class UnknownCourseError(DocumentError):
    """The programme has no course with the id asked for."""


class LanguageNotOfferedError(DocumentError):
    """The course (or no course of the programme) is offered in the language asked for."""


@dataclass(frozen=True)
class BuiltFile:
    """One file the builder wrote: a PDF (with its page count) or a site's front page."""

    course_id: str
    language: str
    kind: Kind
    format: Format
    path: Path
    pages: int = 0
    title: str = ""


def document_file_name(course_id: str, kind: Kind, language: str) -> str:
    return f"{course_id}-{kind}-{language}.pdf"


class DocumentBuilder:
    """Renders the documents of one loaded programme.

    One builder shares its fonts and parsed stylesheets across every
    document it makes; pass ``pdf_writer`` to share them across programmes.
    """

    def __init__(self, result: LoadResult, pdf_writer: PdfWriter | None = None) -> None:
        self.programme: Programme = result.require()
        self.folder = result.folder
        self.content_version = result.content_hash
        self.module_folders = {module_id: loaded.folder for module_id, loaded in result.modules.items()}
        self.environment = document_environment(self.folder)
        roots = {self.folder, TEMPLATES_FOLDER, *(folder.parent for folder in self.module_folders.values())}
        self.pdf_writer = pdf_writer or PdfWriter(roots)
        self.pdf_writer.allow(roots)

    # -- choosing what to build ---------------------------------------------

    def course(self, course_id: str) -> Course:
        course = self.programme.course(course_id)
        if course is None:
            known = ", ".join(course.id for course in self.programme.courses)
            raise UnknownCourseError(f"the programme '{self.programme.id}' has no course '{course_id}' (its courses: {known})")
        return course

    def plan(self, course_id: str | None = None, languages: Sequence[str] = ()) -> list[tuple[Course, str]]:
        """(course, language) pairs to build; every language of each course by default."""
        courses = [self.course(course_id)] if course_id else list(self.programme.courses)
        pairs = []
        for course in courses:
            offered = self.programme.course_languages(course)
            wanted = [code for code in languages if code in offered] if languages else list(offered)
            if course_id and languages and len(wanted) < len(languages):
                missing = ", ".join(code for code in languages if code not in offered)
                raise LanguageNotOfferedError(f"the course '{course.id}' is not offered in {missing} (its languages: {', '.join(offered)})")
            pairs += [(course, code) for code in wanted]
        if not pairs:
            offered = list(dict.fromkeys(code for course in courses for code in self.programme.course_languages(course)))
            raise LanguageNotOfferedError(
                f"no course of '{self.programme.id}' is offered in {', '.join(languages)} (languages offered: {', '.join(offered)})"
            )
        return pairs

    # -- the printed document ---------------------------------------------------

    def view(
        self,
        course: Course,
        language: str,
        kind: Kind,
        *,
        rewrite_target: Callable[[Path, str], str] | None = None,
        link: Callable[[Section], str] | None = None,
    ) -> DocumentView:
        """What the templates show (see views.py); relative Markdown targets become file URIs by default."""
        return build_view(
            self.programme,
            course,
            language,
            kind,
            programme_folder=self.folder,
            module_folders=self.module_folders,
            rewrite_target=rewrite_target or _file_uri,
            link=link,
            content_version=self.content_version,
        )

    def print_html(self, course: Course, language: str, kind: Kind) -> str:
        """The HTML WeasyPrint turns into the PDF."""
        view = self.view(course, language, kind)
        return render_template(self.environment, f"{kind}.html", doc=view, asset=lambda logo: logo.path.as_uri(), link=lambda section: f"#{section.anchor}")

    def stylesheets(self, language: str, kind: Kind) -> tuple[str, ...]:
        labels = Labels(language)
        css = render_template(
            self.environment,
            "print.css",
            page_of=page_of_content(labels),
            page_ref=css_string(labels["page_ref"]),
            document_name=css_string(labels[f"{kind}_short"]),
            labels=labels,
        )
        custom = custom_stylesheet(self.folder)
        return (css, custom) if custom else (css,)

    def write_pdf(self, course: Course, language: str, kind: Kind, target: Path) -> int:
        """Write the PDF (unless ``target`` was built from the same inputs); returns its page count."""
        html = self.print_html(course, language, kind)
        stylesheets = self.stylesheets(language, kind)
        fingerprint = _fingerprint(html, stylesheets)
        pages = _unchanged(target, fingerprint)
        if pages is None:
            pages = self.pdf_writer.write(html, target, stylesheets, base_url=self.base_url)
            _record(target, fingerprint, pages)
        return pages

    def warm_up(self, languages: Iterable[str], kinds: Iterable[Kind], pdf: bool = True) -> None:
        """Compile the templates now and, for PDFs, load what WeasyPrint needs for these
        languages: worker processes forked after this inherit it (batch.py) instead of
        each doing it again for its group (about 0.15 s a group)."""
        for name in self.environment.list_templates(filter_func=_is_document_template):
            try:
                self.environment.get_template(name)
            except TemplateError:
                pass  # a broken override: building the document reports it, with its file and line
        languages, kinds = list(languages), list(kinds)
        if pdf and languages and kinds:
            self.pdf_writer.warm_up(self.stylesheets(languages[0], kinds[0]), self.base_url, languages)

    @property
    def base_url(self) -> str:
        """Where the documents' relative links point: the programme's folder."""
        return self.folder.as_uri() + "/"

    # -- the site ---------------------------------------------------------------

    def write_site(self, course: Course, language: str, kind: Kind, folder: Path, pdf_name: str | None = None) -> Path:
        """One page per section in ``folder`` (with its stylesheet and images); returns index.html."""
        folder.mkdir(parents=True, exist_ok=True)
        media: dict[Path, str] = {}

        def rewrite(base: Path, target: str) -> str:
            source = (base / urlparse(target).path).resolve()
            if not source.is_file():
                return target
            name = f"media/{hashlib.sha256(str(source).encode()).hexdigest()[:10]}-{source.name}"
            media[source] = name
            return name

        view = self.view(course, language, kind, rewrite_target=rewrite, link=lambda section: section.page)
        assets: dict[Path, str] = {}
        for logo in (view.organiser_logo, view.funder_logo):
            if logo is not None and logo.path not in assets:
                assets[logo.path] = f"assets/{len(assets) + 1}-{logo.path.name}"

        def asset(logo: Logo) -> str:
            return assets[logo.path]

        pages = _site_pages(view)
        common = {"doc": view, "asset": asset, "link": lambda section: section.page, "pdf_href": f"../{pdf_name}" if pdf_name else ""}
        written = {"site.css": render_template(self.environment, "site.css")}
        written["index.html"] = render_template(self.environment, "site-index.html", pages=pages, **common)
        for index, page in enumerate(pages):
            previous = pages[index - 1] if index else None
            following = pages[index + 1] if index + 1 < len(pages) else None
            written[page.section.page] = render_template(self.environment, "site-section.html", page=page, previous=previous, next=following, **common)
        for name, text in written.items():
            _write_if_changed(folder / name, text.encode("utf-8"))
        for source, name in {**assets, **media}.items():
            _write_if_changed(folder / name, source.read_bytes())
        _remove_stale(folder, {*written, *assets.values(), *media.values()})
        return folder / "index.html"

    # -- everything for one course and language ---------------------------------

    def build(self, course: Course, language: str, out_dir: Path, formats: Iterable[Format] = FORMATS, kinds: Iterable[Kind] = KINDS) -> list[BuiltFile]:
        """The documents of ``course`` in ``language`` under ``out_dir/<course>/<language>/``."""
        formats = tuple(formats)
        folder = out_dir / course.id / language
        built = []
        title = self.programme.text(course.title, language)
        for kind in kinds:
            pdf_name = document_file_name(course.id, kind, language)
            if "pdf" in formats:
                pages = self.write_pdf(course, language, kind, folder / pdf_name)
                built.append(BuiltFile(course.id, language, kind, "pdf", folder / pdf_name, pages, title))
            if "html" in formats:
                index = self.write_site(course, language, kind, folder / kind, pdf_name if "pdf" in formats else None)
                built.append(BuiltFile(course.id, language, kind, "html", index, 0, title))
        return built


@dataclass(frozen=True)
class SitePage:
    """A page of the site: the section and what it shows."""

    section: Section
    kind: str
    item: Any = None


def _is_document_template(name: str) -> bool:
    return name.startswith("documents/") and name.endswith((".html", ".css"))


def _site_pages(view: DocumentView) -> list[SitePage]:
    pages = [SitePage(view.section("about"), "about")]
    pages += [SitePage(chapter.section, "chapter", chapter) for chapter in view.chapters]
    pages += [SitePage(module.section, "module", module) for module in view.modules]
    pages.append(SitePage(view.section("knowledge-check"), "knowledge-check"))
    if view.kind == "guide":
        pages += [SitePage(view.section(key), key) for key in ("run-again", "materials-checklist", "questionnaire", "evaluation-form")]
    return pages


# -- leaving unchanged PDFs alone --------------------------------------------------

RECORD_FOLDER = ".built"


def _fingerprint(html: str, stylesheets: tuple[str, ...]) -> str:
    import weasyprint

    from .pdf import PDF_OPTIONS

    digest = hashlib.sha256()
    for part in (weasyprint.__version__, json.dumps(PDF_OPTIONS, sort_keys=True), html, *stylesheets):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    for path in sorted(set(_shown_files(html))):  # logos and images: their bytes, not only their names
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def _shown_files(html: str) -> Iterable[Path]:
    for match in re.finditer(r'src="(file://[^"]+)"', html):
        yield Path(unquote(urlparse(match.group(1)).path))


def _record_file(target: Path) -> Path:
    return target.parent / RECORD_FOLDER / f"{target.name}.json"


def _unchanged(target: Path, fingerprint: str) -> int | None:
    """The page count of ``target`` if it was built from exactly these inputs and not touched since."""
    try:
        record = json.loads(_record_file(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("inputs") != fingerprint or not target.is_file():
        return None
    if hashlib.sha256(target.read_bytes()).hexdigest() != record.get("sha256"):
        return None
    return int(record.get("pages", 0)) or None


def _record(target: Path, fingerprint: str, pages: int) -> None:
    """One small file per PDF, so processes building the same folder never overwrite each other's."""
    record = {"inputs": fingerprint, "sha256": hashlib.sha256(target.read_bytes()).hexdigest(), "pages": pages}
    file = _record_file(target)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# -- helpers ----------------------------------------------------------------------


def _file_uri(base: Path, target: str) -> str:
    source = (base / urlparse(target).path).resolve()
    return source.as_uri() if source.is_file() else target


def _write_if_changed(path: Path, data: bytes) -> None:
    """Leave an identical file alone, so a second build changes nothing on disk."""
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _remove_stale(folder: Path, keep: set[str]) -> None:
    """Remove pages and images a previous build wrote that this one did not."""
    for path in sorted(folder.rglob("*"), reverse=True):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in keep and (path.suffix in {".html", ".css"} or relative.startswith(("assets/", "media/"))):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()

