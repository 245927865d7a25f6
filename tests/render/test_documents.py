"""The guide and the handbook, rendered for real and read back from the PDF with pypdf.

Only a few documents are rendered (WeasyPrint does about ten pages a second):
the Latvian guide and the Russian handbook of one course of 000, and both
documents of the smallest course of 004 in Lithuanian.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from cli_runner import run_cli
from curriculum.content import load_programme
from curriculum.render.documents import DocumentBuilder, Labels, LanguageNotOfferedError, TemplateOverrideError, UnknownCourseError
from curriculum.render.documents.labels import LABELS, page_of_content

DIFFERENT_CLIENT = "000-different-client"
MUNICIPAL = "004-municipal-competence"


# -- rendering once per test module ----------------------------------------------


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="module")
def client_builder(content_root) -> DocumentBuilder:
    return DocumentBuilder(load_programme(content_root / DIFFERENT_CLIENT))


@pytest.fixture(scope="module")
def municipal_builder(content_root) -> DocumentBuilder:
    return DocumentBuilder(load_programme(content_root / MUNICIPAL))


@pytest.fixture(scope="module")
def built(client_builder, municipal_builder, out):
    """{(course id, language, kind, format): BuiltFile} for the documents the tests read."""
    files = {}
    course = client_builder.course("medical-workers-course")
    files.update({(f.course_id, f.language, f.kind, f.format): f for f in client_builder.build(course, "lv", out, kinds=["guide"])})
    files.update({(f.course_id, f.language, f.kind, f.format): f for f in client_builder.build(course, "ru", out, formats=["pdf"], kinds=["handbook"])})
    small = municipal_builder.course("strategic-integration-planning")
    files.update({(f.course_id, f.language, f.kind, f.format): f for f in municipal_builder.build(small, "lt", out)})
    return files


def reader(built, *key) -> PdfReader:
    return PdfReader(built[(*key, "pdf")].path)


_texts: dict[Path, list[str]] = {}


def page_texts(built, *key) -> list[str]:
    """The text of each page (extracted once per file: pypdf takes a while)."""
    path = built[(*key, "pdf")].path
    if path not in _texts:
        _texts[path] = [page.extract_text() for page in PdfReader(path).pages]
    return _texts[path]


def outline(pdf: PdfReader) -> list[tuple[str, list]]:
    """[(title, children)] of the PDF's bookmarks."""
    items: list[tuple[str, list]] = []

    def walk(entries, into) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, into[-1][1])
            else:
                into.append((entry.title, []))

    walk(pdf.outline, items)
    return items


def flat(text: str) -> str:
    """Extracted text with line breaks and hyphenation at line ends undone."""
    text = re.sub(r"[\u2010\u00ad-]\n", "", text)
    return re.sub(r"\s+", " ", text)


def module_titles(builder: DocumentBuilder, course_id: str, language: str) -> list[str]:
    programme = builder.programme
    return [programme.text(module.title, language) for _, module in programme.course_modules(programme.course(course_id))]


# -- the PDFs --------------------------------------------------------------------------


def test_the_guide_outline_has_one_bookmark_per_module_under_the_session_plans(built, client_builder):
    labels = Labels("lv")
    entries = dict(outline(reader(built, "medical-workers-course", "lv", "guide")))
    titles = module_titles(client_builder, "medical-workers-course", "lv")
    modules = [title for title, _ in entries[labels["session_plans"]]]
    assert modules == [f"{number}. {title}" for number, title in enumerate(titles, start=1)]
    chapters = client_builder.programme.guide.chapters
    assert [title for title, _ in entries[labels["guidelines"]]] == [f"{n}. {client_builder.programme.text(c.title, 'lv')}" for n, c in enumerate(chapters, 1)]
    assert labels["knowledge_check_answers"] in entries and labels["run_again"] in entries
    assert [title for title, _ in entries[labels["appendices"]]] == [
        f"{n}. pielikums. {name}" for n, name in enumerate((labels["materials_checklist"], labels["questionnaire"], labels["evaluation_form"]), 1)
    ]


def test_the_handbook_outline_is_the_course_then_its_modules_then_the_check_and_notes(built, client_builder, municipal_builder):
    for builder, course_id, language in ((client_builder, "medical-workers-course", "ru"), (municipal_builder, "strategic-integration-planning", "lt")):
        labels = Labels(language)
        titles = [title for title, _ in outline(reader(built, course_id, language, "handbook"))]
        modules = [f"{number}. {title}" for number, title in enumerate(module_titles(builder, course_id, language), start=1)]
        assert titles == [labels["about_this_course"], *modules, labels["knowledge_check"], labels["notes"]]


def test_every_bookmark_and_every_contents_line_points_to_the_page_it_names(built):
    pdf = reader(built, "strategic-integration-planning", "lt", "guide")
    texts = page_texts(built, "strategic-integration-planning", "lt", "guide")
    contents = flat(texts[2])
    checked = 0

    def walk(entries) -> None:
        nonlocal checked
        for index, entry in enumerate(entries):
            if isinstance(entry, list):
                walk(entry)
                continue
            numbered = re.match(r"^\d+\. ", entry.title)
            has_children = index + 1 < len(entries) and isinstance(entries[index + 1], list)
            if has_children and not numbered:
                continue  # a part ("Session plans"): a mark before its first chapter, no heading of its own
            page = pdf.get_destination_page_number(entry)
            title = entry.title.split(". ", 1)[-1]
            assert title in flat(texts[page]), (entry.title, page)
            if numbered and "priedas" not in entry.title:
                # the contents line: number, title, dot leaders, the page number printed by target-counter()
                assert re.search(re.escape(title) + r"[ .]*" + str(page + 1) + r"\b", contents), (title, page + 1, contents)
            checked += 1

    walk(pdf.outline)
    assert checked > 10


def test_page_count_and_running_headers(built, municipal_builder):
    pdf = reader(built, "strategic-integration-planning", "lt", "guide")
    total = len(pdf.pages)
    assert total == built[("strategic-integration-planning", "lt", "guide", "pdf")].pages
    modules = len(module_titles(municipal_builder, "strategic-integration-planning", "lt"))
    chapters = len(municipal_builder.programme.guide.chapters)
    # cover, imprint, contents, about, each chapter and module on its own pages, check, rerun, three appendices
    assert total >= 3 + 1 + chapters + modules + 1 + 1 + 3
    course_title = municipal_builder.programme.text(municipal_builder.programme.course("strategic-integration-planning").title, "lt")
    texts = page_texts(built, "strategic-integration-planning", "lt", "guide")
    for number in (5, total):
        text = texts[number - 1]
        assert f"{number} psl. iš {total}" in text
        assert course_title in flat(text)
        assert "Metodinės rekomendacijos" in text
    assert "psl. iš" not in texts[0]  # the cover has no header or footer


def test_the_title_page_names_course_organiser_and_funder(built, client_builder):
    programme = client_builder.programme
    first = flat(page_texts(built, "medical-workers-course", "lv", "guide")[0])
    assert programme.text(programme.course("medical-workers-course").title, "lv") in first
    assert Labels("lv")["guide"].upper() in first
    assert programme.text(programme.organiser.name, "lv") in first
    assert programme.text(programme.funder.acknowledgement, "lv") in first
    handbook = flat(page_texts(built, "medical-workers-course", "ru", "handbook")[0])
    assert "Пациент из другой культуры: равная и уважительная медицинская помощь" in handbook
    assert "Латвийский центр по правам человека" in handbook


def _letters(text: str) -> set[str]:
    return {character for character in text if character.isalpha() and not character.isascii()}


def test_every_latvian_lithuanian_and_cyrillic_letter_survives(built, client_builder, municipal_builder):
    cases = [
        (client_builder, "medical-workers-course", "lv", "guide", lambda module: module.trainer_notes),
        (client_builder, "medical-workers-course", "ru", "handbook", lambda module: module.learner_text),
        (municipal_builder, "strategic-integration-planning", "lt", "handbook", lambda module: module.learner_text),
    ]
    for builder, course_id, language, kind, prose in cases:
        text = "".join(page_texts(built, course_id, language, kind))
        assert "\ufffd" not in text
        programme = builder.programme
        source = "".join(programme.text(prose(module), language) for _, module in programme.course_modules(programme.course(course_id)))
        expected = _letters(source)
        assert expected, language
        assert expected <= _letters(text), (language, expected - _letters(text))
        for title in module_titles(builder, course_id, language):
            assert title in flat(text)
    lithuanian = _letters("".join(page_texts(built, "strategic-integration-planning", "lt", "guide")))
    assert {"ą", "č", "ę", "ė", "į", "š", "ų", "ū", "ž"} <= lithuanian
    latvian = _letters("".join(page_texts(built, "medical-workers-course", "lv", "guide")))
    assert {"ā", "č", "ē", "ģ", "ī", "ķ", "ļ", "ņ", "š", "ū", "ž"} <= latvian


def test_metadata_language_and_tags(built, client_builder):
    programme = client_builder.programme
    pdf = reader(built, "medical-workers-course", "lv", "guide")
    course_title = programme.text(programme.course("medical-workers-course").title, "lv")
    assert pdf.metadata.title == f"{course_title} – {programme.text(programme.guide.title, 'lv')}"
    assert pdf.metadata.author == programme.text(programme.organiser.name, "lv")
    assert pdf.xmp_metadata.dc_title["x-default"] == pdf.metadata.title
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "lv"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged PDF: a structure tree screen readers follow
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    handbook = reader(built, "medical-workers-course", "ru", "handbook")
    assert handbook.trailer["/Root"]["/Lang"] == "ru"
    assert handbook.metadata.title.endswith("Пособие для участников")


def test_the_guide_has_the_answers_and_the_handbook_does_not(built, client_builder):
    programme = client_builder.programme
    guide = flat("".join(page_texts(built, "medical-workers-course", "lv", "guide")))
    handbook = flat("".join(page_texts(built, "medical-workers-course", "ru", "handbook")))
    labels_lv, labels_ru = Labels("lv"), Labels("ru")
    assert labels_lv["correct_answer"] in guide and labels_lv["evaluation_form"] in guide and labels_lv["trainer_notes"] in guide
    assert labels_ru["correct_answer"] not in handbook and labels_ru["trainer_notes"] not in handbook
    questions = programme.knowledge_check(programme.course("medical-workers-course"))
    for _, question in questions:
        assert programme.text(question.prompt, "lv") in guide
        assert programme.text(question.prompt, "ru") in handbook
    feedback = next(q for _, q in questions if q.feedback_correct)
    assert programme.text(feedback.feedback_correct, "lv") in guide
    assert programme.text(feedback.feedback_correct, "ru") not in handbook


# -- the site --------------------------------------------------------------------------


def test_the_site_has_one_page_per_module_and_works_offline(built, client_builder):
    index = built[("medical-workers-course", "lv", "guide", "html")].path
    site = index.parent
    programme = client_builder.programme
    for _, module in programme.course_modules(programme.course("medical-workers-course")):
        page = site / f"module-{module.id}.html"
        assert programme.text(module.title, "lv") in page.read_text(encoding="utf-8")
    for page in site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert '<html lang="lv">' in html
        for target in re.findall(r'(?:href|src)="([^"#]+)', html):
            assert "://" not in target, (page.name, target)  # nothing from the network
            assert (site / target).resolve().exists(), (page.name, target)
    assert "../medical-workers-course-guide-lv.pdf" in index.read_text(encoding="utf-8")


# -- building again, overrides, errors -------------------------------------------------


def test_a_second_build_gives_the_same_bytes_and_leaves_unchanged_pdfs_alone(municipal_builder, built, tmp_path):
    course = municipal_builder.course("strategic-integration-planning")

    def build():
        return municipal_builder.build(course, "lt", tmp_path, formats=["pdf"], kinds=["handbook"])[0]

    first = build()
    data, modified = first.path.read_bytes(), first.path.stat().st_mtime_ns
    assert data == built[("strategic-integration-planning", "lt", "handbook", "pdf")].path.read_bytes()  # reproducible
    again = build()
    assert again.pages == first.pages and again.path.stat().st_mtime_ns == modified
    first.path.write_bytes(data[:-10])  # a file changed by hand is built again
    assert build().path.read_bytes() == data


def _copy_programme(content_root: Path, tmp_path: Path) -> Path:
    """A copy of 004 (with the shared library beside it) that a test may change."""
    folder = tmp_path / MUNICIPAL
    shutil.copytree(content_root / MUNICIPAL, folder)
    shutil.copytree(content_root / "_library", tmp_path / "_library")
    return folder


def test_an_organisation_overrides_templates_and_styles(content_root, tmp_path):
    folder = _copy_programme(content_root, tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "handbook.html").write_text(
        '{% extends "original/handbook.html" %}{% block body %}'
        '<section class="chapter" id="welcome"><h1 class="chapter-title" data-bookmark="Sveiki atvykę">Sveiki atvykę</h1></section>'
        "{{ super() }}{% endblock %}",
        encoding="utf-8",
    )
    (folder / "templates" / "custom.css").write_text('@page { @top-right { content: "ACME mokymai"; } }', encoding="utf-8")
    builder = DocumentBuilder(load_programme(folder))
    pages = builder.write_pdf(builder.course("strategic-integration-planning"), "lt", "handbook", tmp_path / "handbook.pdf")
    pdf = PdfReader(tmp_path / "handbook.pdf")
    assert len(pdf.pages) == pages
    assert outline(pdf)[0][0] == "Sveiki atvykę"
    assert "ACME mokymai" in pdf.pages[4].extract_text()


def test_a_broken_override_names_its_file_and_line(content_root, tmp_path):
    folder = _copy_programme(content_root, tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "guide.html").write_text("<h1>\n{{ doc.no_such_thing.title }}</h1>\n", encoding="utf-8")
    builder = DocumentBuilder(load_programme(folder))
    with pytest.raises(TemplateOverrideError, match=r"guide\.html:2"):
        builder.print_html(builder.course("strategic-integration-planning"), "lt", "guide")


def test_warming_up_compiles_every_template_a_build_needs(content_root, tmp_path):
    """What the parent does before forking workers (batch.py): after it, building the
    documents and their sites compiles no template, so the workers do not either."""
    builder = DocumentBuilder(load_programme(content_root / MUNICIPAL))
    builder.warm_up(["lt"], ["guide", "handbook"])
    templates = set(builder.environment.cache.keys())
    assert len(templates) >= 8

    builder.build(builder.course("strategic-integration-planning"), "lt", tmp_path)
    assert set(builder.environment.cache.keys()) == templates


def test_warming_up_leaves_a_broken_override_to_the_build_that_names_it(content_root, tmp_path):
    folder = _copy_programme(content_root, tmp_path)
    (folder / "templates").mkdir()
    (folder / "templates" / "handbook.html").write_text("<h1>\n{% if %}</h1>\n", encoding="utf-8")
    builder = DocumentBuilder(load_programme(folder))
    builder.warm_up(["lt"], ["handbook"])
    with pytest.raises(TemplateOverrideError, match=r"handbook\.html:2"):
        builder.print_html(builder.course("strategic-integration-planning"), "lt", "handbook")


def test_asking_for_what_does_not_exist_is_a_plain_error(municipal_builder):
    with pytest.raises(UnknownCourseError, match="strategic-integration-planning"):
        municipal_builder.plan("no-such-course")
    with pytest.raises(LanguageNotOfferedError, match="its languages: lt, en"):
        municipal_builder.plan("strategic-integration-planning", ["ru"])
    assert [(course.id, language) for course, language in municipal_builder.plan(languages=["en"])] == [
        ("serving-third-country-nationals", "en"),
        ("strategic-integration-planning", "en"),
    ]


def test_the_command_builds_and_explains_itself(tmp_path):
    completed = run_cli("build", MUNICIPAL, "--lang", "lt", "--course", "strategic-integration-planning", "--only", "handbook", "--format", "pdf", "--jobs", "1", "--out", str(tmp_path))
    assert completed.returncode == 0, completed.stderr
    target = tmp_path / "strategic-integration-planning" / "lt" / "strategic-integration-planning-handbook-lt.pdf"
    assert target.is_file() and "strategic-integration-planning-handbook-lt.pdf" in completed.stdout
    assert len(PdfReader(target).pages) > 5

    help_text = run_cli("build", "--help").stdout
    assert "Examples:" in help_text and "--lang" in help_text and "docs/printing.md" in help_text

    wrong = run_cli("build", "004-municipal", "--out", str(tmp_path))
    assert wrong.returncode == 2 and "Did you mean '004-municipal-competence'" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    missing = run_cli("build", MUNICIPAL, "--course", "nope", "--out", str(tmp_path))
    assert missing.returncode == 2 and "has no course 'nope'" in missing.stderr and "Traceback" not in missing.stderr


# -- labels ----------------------------------------------------------------------------


def test_every_language_has_every_label():
    for language, table in LABELS.items():
        assert set(table) == set(LABELS["en"]), language
        for key, value in table.items():
            assert sorted(re.findall(r"{(\w+)}", value)) == sorted(re.findall(r"{(\w+)}", LABELS["en"][key])), (language, key)


def test_page_x_of_y_becomes_css_counters():
    assert page_of_content(Labels("en")) == '"Page " counter(page) " of " counter(pages)'
    assert page_of_content(Labels("lv")) == 'counter(page) ". lappuse no " counter(pages)'
    assert page_of_content(Labels("lt")) == 'counter(page) " psl. iš " counter(pages)'
    assert Labels("de")["contents"] == "Contents"  # a language without labels falls back to English


def test_a_case_study_links_back_to_the_activity_that_uses_it(built, client_builder):
    """The case studies print after the module's plan (on a page of their own when the module is
    shared by several courses); each names and links the step that uses it."""
    programme = client_builder.programme
    steps = {
        f"module-{module.id}-{activity.id}"
        for _, module in programme.course_modules(programme.course("medical-workers-course"))
        for activity in module.activities
        if activity.case_study
    }
    pdf = reader(built, "medical-workers-course", "lv", "guide")
    texts = page_texts(built, "medical-workers-course", "lv", "guide")
    destinations = {name: pdf.get_destination_page_number(destination) for name, destination in pdf.named_destinations.items()}
    linked = set()
    for number, page in enumerate(pdf.pages):
        for annotation in page.get("/Annots", []):
            target = str(annotation.get_object().get("/Dest", ""))
            if target in steps and Labels("lv")["used_in"] in texts[number]:
                assert destinations[target] < number, target  # the plan comes first
                linked.add(target)
    assert linked == steps and steps


def test_an_image_in_a_module_text_is_printed_in_the_pdf(content_root, tmp_path):
    """Relative image targets in Markdown become file: URIs for WeasyPrint; the sanitiser keeps them."""
    from PIL import Image

    shutil.copytree(content_root / MUNICIPAL, tmp_path / MUNICIPAL)
    shutil.copytree(content_root / "_library", tmp_path / "_library")
    builder = DocumentBuilder(load_programme(tmp_path / MUNICIPAL))
    course = builder.course("strategic-integration-planning")
    _, module = builder.programme.course_modules(course)[0]
    folder = builder.module_folders[module.id]
    Image.new("RGB", (120, 80), (29, 78, 121)).save(folder / "diagram.png")
    learner = folder / "learner.lt.md"
    learner.write_text(learner.read_text(encoding="utf-8") + "\n\n![Veiksmų plano schema](diagram.png)\n", encoding="utf-8")
    builder = DocumentBuilder(load_programme(tmp_path / MUNICIPAL))
    assert 'src="file://' in builder.print_html(course, "lt", "handbook")
    target = tmp_path / "handbook.pdf"
    builder.write_pdf(course, "lt", "handbook", target)
    images = [image for page in PdfReader(target).pages for image in page.images]
    assert any(image.image.size == (120, 80) for image in images)


def test_titles_written_in_quotes_are_not_quoted_twice_in_the_adaptations(client_builder):
    """A case study titled "You will leave anyway" (quotes and all) is named once quoted: “You will leave anyway”."""
    programme = client_builder.programme
    quoted = 0
    for language in programme.languages:
        view = client_builder.view(programme.course("state-administration-course"), language, "guide")
        lines = " ".join(line for module in view.modules for adaptation in module.adaptations for line in adaptation.cases)
        for _, module in programme.course_modules(programme.course("state-administration-course")):
            for case in programme.modules[module.id].case_studies:
                title = programme.text(case.title, language)
                if re.fullmatch(r'["“„«][^"“”„«»]+["”“»]', title) and title[1:-1] in lines:
                    assert not re.search(r"[“„«]" + re.escape(title), lines), title
                    quoted += 1
    assert quoted >= 3  # the bundled content has such titles in every language


def test_the_same_files_from_worker_processes_as_from_one_process(content_root, tmp_path):
    """run_jobs on two processes (forked from a parent that warmed WeasyPrint up) writes
    the same bytes as one process, in the order of the jobs."""
    from curriculum.render.documents.batch import plan_jobs, run_jobs, use_builder

    builder = DocumentBuilder(load_programme(content_root / MUNICIPAL))
    use_builder(builder)
    outputs = {}
    for workers in (1, 2):
        jobs = plan_jobs(builder, tmp_path / str(workers), course_id="strategic-integration-planning", formats=("pdf",))
        built = run_jobs(jobs, workers)
        assert [(file.course_id, file.language, file.kind) for file in built] == [(job.course_id, job.language, job.kind) for job in jobs]
        outputs[workers] = {file.path.relative_to(tmp_path / str(workers)): file.path.read_bytes() for file in built}
    assert len(outputs[1]) == 4 and outputs[1] == outputs[2]
