"""HTML to tagged PDF with WeasyPrint, offline and reproducible.

WeasyPrint is imported when the first PDF is made (the import alone takes
half a second, too much for every start of the command). One
FontConfiguration is shared by every document a renderer makes: a fresh one
per document is slower and grows memory (see ../shared/TESTING.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..collector import collector_paused
from ..pydyf_tuning import tune_pydyf
from . import reuse

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

# PDF/UA-1: a tagged PDF (headings, lists, tables, figures with their alt
# text) with the title shown and the language set, for screen readers.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}


def new_font_configuration() -> "FontConfiguration":
    """Fonts for WeasyPrint, made once per process before its first PDF (so also the
    moment to tune pydyf, see pydyf_tuning.py)."""
    from weasyprint.text.fonts import FontConfiguration

    tune_pydyf()
    return FontConfiguration()


def _url_fetcher(allowed_roots: Iterable[Path]):
    """Files under ``allowed_roots`` and data: URIs only: no network, nothing else on disk."""
    from urllib.parse import unquote, urlparse

    from weasyprint.urls import URLFetcher

    roots = [root.resolve() for root in allowed_roots]

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if not any(path.is_relative_to(root) for root in roots):
                    raise ValueError(f"{path} is outside the programme and the templates")
            elif parsed.scheme != "data":
                raise ValueError(f"documents are built offline: {url} is not fetched")
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols={"file", "data"})


class PdfWriter:
    """Writes PDFs with one shared font configuration and cached stylesheets."""

    def __init__(self, allowed_roots: Iterable[Path], font_config: "FontConfiguration | None" = None, share_sections: bool = True) -> None:
        self.allowed_roots = list(allowed_roots)
        self._font_config = font_config
        self._stylesheets: dict[tuple[str, ...], list[Any]] = {}
        self._fetcher: Any = None
        self.sections = reuse.SectionCache()
        self.share_sections = share_sections  # False: every document laid out whole (for comparison)
        self._warm = False

    def allow(self, roots: Iterable[Path]) -> None:
        """Let documents also read files under ``roots`` (another programme's folders)."""
        added = {root.resolve() for root in roots} - {root.resolve() for root in self.allowed_roots}
        if added:
            self.allowed_roots = [*self.allowed_roots, *sorted(added)]
            self._fetcher = None

    @property
    def font_config(self) -> "FontConfiguration":
        if self._font_config is None:
            self._font_config = new_font_configuration()
        return self._font_config

    @property
    def fetcher(self) -> Any:
        if self._fetcher is None:
            self._fetcher = _url_fetcher(self.allowed_roots)
        return self._fetcher

    def stylesheets(self, sources: tuple[str, ...], base_url: str) -> list[Any]:
        key = (*sources, base_url)
        if key not in self._stylesheets:
            from weasyprint import CSS

            self._stylesheets[key] = [
                CSS(string=source, base_url=base_url, font_config=self.font_config, url_fetcher=self.fetcher) for source in sources
            ]
        return self._stylesheets[key]

    def write(self, html: str, target: Path, stylesheets: tuple[str, ...], base_url: str) -> int:
        """Render ``html`` into ``target``; returns the number of pages."""
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        with collector_paused():
            document = self.render(html, stylesheets, base_url)
            document.write_pdf(partial, **PDF_OPTIONS)
            pages = len(document.pages)
            del document
        partial.replace(target)
        return pages

    def warm_up(self, stylesheets: tuple[str, ...], base_url: str, languages: Iterable[str]) -> None:
        """Do now, once, what every process would otherwise do on its first documents.

        Loads the hyphenation dictionary of every language and, the first time,
        makes one tiny PDF with these stylesheets in every script and style
        (WeasyPrint parses its own default stylesheet, Pango loads each font and
        shapes its first glyphs). Done before the worker processes are forked,
        every worker starts with it. The documents' own stylesheets are parsed in
        the workers: each is used by one group of documents only, so parsing them
        all here first would only make the workers wait.
        """
        import io

        import pyphen

        for language in languages:
            if pyphen.language_fallback(language):
                pyphen.Pyphen(lang=language)  # kept in pyphen's own cache, where WeasyPrint looks
        if self._warm:
            return
        html = (
            '<html lang="lv"><body><section class="chapter"><header class="chapter-head"><h1 class="chapter-title">Āā Čč</h1></header>'
            "<h2>Ąą Ęę Ėė Įį Šš Ųų Ūū Žž</h2><p>Жж Щщ Ёё <strong>Ģģ Ķķ</strong> <em>Ļļ Ņņ</em> <code>code</code></p>"
            "<table><thead><tr><th>1</th></tr></thead><tbody><tr><td>2</td></tr></tbody></table><ul><li>3</li></ul></section></body></html>"
        )
        with collector_paused():
            self._render(html, stylesheets, base_url).write_pdf(io.BytesIO(), **PDF_OPTIONS)
        self._warm = True

    def render(self, html: str, stylesheets: tuple[str, ...], base_url: str) -> Any:
        """The laid-out document, its shared sections taken from (or put into) the cache (reuse.py)."""
        sections = reuse.shared_sections(html) if self.share_sections and reuse.reusable_with(stylesheets) else []
        if sections:
            try:
                document = self._render_shared(html, sections, stylesheets, base_url)
            except (AttributeError, TypeError):  # another WeasyPrint with page boxes of another shape
                document = None
            if document is not None:
                return document
        return self._render(html, stylesheets, base_url)

    def _render_shared(self, html: str, sections: list[reuse.Shared], stylesheets: tuple[str, ...], base_url: str) -> Any:
        """None if a stand-in did not come out page for page (the caller lays the document out whole)."""
        from weasyprint.document import Page

        laid_out = [self._section_pages(html, section, stylesheets, base_url) for section in sections]
        document = self._render(reuse.with_stand_ins(html, sections, [len(roots) for roots in laid_out]), stylesheets, base_url)
        pages = reuse.swap(document.pages, laid_out, Page)
        return None if pages is None else document.copy(pages)

    def _section_pages(self, html: str, section: reuse.Shared, stylesheets: tuple[str, ...], base_url: str) -> list[Any]:
        alone = reuse.alone(html, section)
        key = self.sections.key(alone, stylesheets, base_url)
        roots = self.sections.get(key)
        if roots is None:
            document = self._render(alone, (*stylesheets, reuse.NO_MARGIN_BOXES), base_url)
            roots = [page._page_box.children[0] for page in document.pages]
            self.sections.put(key, roots)
        return roots

    def _render(self, html: str, stylesheets: tuple[str, ...], base_url: str) -> Any:
        from weasyprint import HTML

        return HTML(string=html, base_url=base_url, url_fetcher=self.fetcher).render(
            stylesheets=self.stylesheets(stylesheets, base_url), font_config=self.font_config, **PDF_OPTIONS
        )

