"""Content is written by trainers, not checked for safety: nothing it smuggles in may reach a learner.

A programme whose prose, case, titles, questions, options, feedback and
accepted answers carry <script>, event handlers (onerror=, onclick=...),
javascript: and data: links, and ../ paths is exported in both versions; the
package keeps only our own two script elements, no handler, no script URL,
no path out of the package, and no trainer note.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import lxml.html
import pytest

from lms_adapters.scorm import build_scorm_package, module_folders
from curriculum.content import load_programme
from curriculum.render.markdown import render_markdown
from scorm_programmes import hostile_programme

SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "poster", "background"}
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "svg", "math", "form-action", "base", "meta-refresh"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The hostile programme as loaded: the validator flags the raw HTML, the package must be safe anyway."""
    folder = hostile_programme(tmp_path_factory.mktemp("hostile") / "hostile")
    result = load_programme(folder)
    assert result.programme is not None
    assert any("raw HTML" in problem.message for problem in result.problems)
    return result


def unpack(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_no_script_handler_script_url_or_escaping_path_survives(hostile, version):
    package = build_scorm_package(hostile.programme, "test-course", "en", version, module_folders=module_folders(hostile))
    files = unpack(package)
    pages = {name: data.decode("utf-8") for name, data in files.items() if name.endswith(".html")}
    assert set(pages) == {"01-hostile-module.html", "knowledge-check.html"}

    for name, html in pages.items():
        assert html.count("<script") == 2, f"{name}: only the page's own configuration and runtime are scripts"
        document = lxml.html.fromstring(html)
        scripts = list(document.iter("script"))
        assert [script.get("src") for script in scripts] == [None, "shared/sco.js"]
        config = scripts[0]
        assert config.get("type") == "application/json" and config.get("id") == "sco-config"
        assert "<" not in config.text and ">" not in config.text
        json.loads(config.text)
        for element in document.iter():
            if not isinstance(element.tag, str):
                continue
            assert element.tag not in FORBIDDEN_ELEMENTS, f"{name}: <{element.tag}> survived"
            if element.tag == "style":
                assert element.getparent().tag == "noscript" and "url(" not in element.text
            for attribute, value in element.attrib.items():
                assert not attribute.lower().startswith("on"), f"{name}: <{element.tag} {attribute}=...> survived"
                if attribute.lower() in URL_ATTRIBUTES:
                    target = value.strip().lower()
                    assert not target.startswith(SCRIPT_SCHEMES), f"{name}: {attribute}={value!r} survived"
                    assert ".." not in target.split("?")[0].split("#")[0].split("/"), f"{name}: {attribute}={value!r} leaves the package"
                    if not target.startswith(("https://", "http://", "mailto:", "tel:", "#")):
                        assert value.split("#")[0] in files, f"{name}: {attribute}={value!r} is not in the package"
        visible = document.text_content()
        assert "TRAINER-ONLY-NOTE" not in visible

    for name, data in files.items():
        assert b"TRAINER-ONLY-NOTE" not in data, f"{name} carries a trainer note"
        assert b"SECRET-OUTSIDE-THE-MODULE" not in data, f"{name} carries a file from outside the module"
        assert not re.search(rb"<script[^>]*>\s*alert", data), f"{name} carries a content script"
        assert b"../" not in data or name.startswith("shared/"), f"{name} carries a ../ path"

    module = lxml.html.fromstring(pages["01-hostile-module.html"])
    images = {image.get("alt"): image.get("src") for image in module.iter("img")}
    assert images == {"room layout": "media/hostile-module/room.svg"}, "only the picture inside the module folder travels"
    assert files["media/hostile-module/room.svg"].startswith(b"<svg")
    assert [name for name in files if name.startswith("media/")] == ["media/hostile-module/room.svg"], "a page a browser would run is never packed"
    content_links = list(module.get_element_by_id("content").iter("a"))
    assert "remote picture" in [link.text for link in content_links], "a web picture becomes a link, not a download"
    assert {link.get("href") for link in content_links} == {"https://example.org/picture.png", "https://example.org/page"}
    assert all(link.get("target") == "_blank" and "noopener" in link.get("rel") for link in content_links)
    assert {"escaping picture", "up", "page as picture"} <= {span.text for span in module.find_class("missing-media")}
    assert "Plain <script>alert('learner-script')</script> text" in module.text_content(), "raw HTML is shown as text"


def test_the_runtime_never_writes_markup():
    runtime = (Path(__file__).parents[2] / "lms_adapters" / "scorm" / "assets" / "sco.js").read_text(encoding="utf-8")
    for dangerous in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout(\"", "XMLHttpRequest", "fetch("):
        assert dangerous not in runtime


@pytest.mark.parametrize("language", ["lv", "en", "ru"])
def test_trainer_notes_and_session_instructions_stay_out_of_bundled_packages(language):
    from scorm_programmes import load_bundled

    result = load_bundled()["000-different-client"]
    programme = result.programme
    course = programme.course("medical-workers-course")  # a course whose modules carry adapted trainer notes
    package = build_scorm_package(programme, course.id, language, "1.2", module_folders=module_folders(result))
    pages = [lxml.html.fromstring(html.decode("utf-8")).text_content() for name, html in unpack(package).items() if name.endswith(".html")]
    text = " ".join(" ".join(pages).split())
    checked = 0
    for _, module in programme.course_modules(course):
        learner = lxml.html.fromstring(render_markdown(programme.text(module.learner_text, language))).text_content()
        assert " ".join(learner.split())[:80] in text, "the learner text itself is in the package"
        for private in [module.trainer_notes, *(activity.instructions for activity in module.activities)]:
            if private.has(language):
                words = lxml.html.fromstring(render_markdown(programme.text(private, language))).text_content()
                sample = " ".join(words.split())[:80]
                assert sample not in text, f"trainer text of {module.id} is in the package: {sample!r}"
                checked += 1
    assert checked > 10


def test_only_the_pdf_rewriter_can_produce_file_urls():
    """The PDF shows content images by file: URI; a file: URL written in the content is never kept."""
    text = "![plan](plan.png) [secret](file:///etc/passwd) ![key](file:///root/.ssh/id_rsa)"
    html = render_markdown(text, rewrite_target=lambda target: f"file:///content/module/{target}")

    def targets(markup: str) -> list[str]:
        return [value for element in lxml.html.fragment_fromstring(markup, create_parent="div").iter() for key, value in element.attrib.items() if key in {"src", "href"}]

    assert targets(html) == ["file:///content/module/plan.png"]
    assert targets(render_markdown(text)) == ["plan.png"]
    assert targets(render_markdown("<img src=file:///etc/passwd> [a](<file:///etc/passwd>)", rewrite_target=str)) == []
