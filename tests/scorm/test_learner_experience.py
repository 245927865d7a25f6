"""The learner pages in Chromium: keyboard, focus, headings, phones, retries, long courses, no LMS, hostile content."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.content import load_programme
from lms_adapters.scorm import build_scorm_package, module_folders
from scorm_fixtures import chromium, lms, lms_server, scorm_again  # noqa: F401
from scorm_learner import answer_check, check_questions, format_problems, interactions_of
from scorm_lms import LmsPage, scos_of
from scorm_programmes import hostile_programme, load, long_programme

PROGRAMME = "000-different-client"
COURSE = "social-workers-course"


@pytest.fixture(scope="module")
def different_client():
    from scorm_programmes import load_bundled

    return load_bundled()[PROGRAMME].programme


def _install(lms_server, programme, course_id, language, version, name, **options):
    package = build_scorm_package(programme, course_id, language, version, **options)
    return lms_server.install(name, package), scos_of(package)


def _active(frame) -> dict:
    return frame.locator("body").evaluate(
        """() => { const element = document.activeElement;
                   const style = getComputedStyle(element);
                   return {id: element.id, tag: element.tagName, action: element.getAttribute('data-action'),
                           outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)}; }"""
    )


def _tab_to(page, frame, action: str, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = _active(frame)
        if active["action"] == action:
            return active
    raise AssertionError(f"[data-action={action}] cannot be reached with the Tab key")


@pytest.mark.parametrize("language", ["lv", "ru"])
def test_pages_have_language_headings_labels_and_alt_text(different_client, lms, lms_server, language):
    base, scos = _install(lms_server, different_client, COURSE, language, "1.2", f"a11y-{language}")
    for sco in scos:
        frame = lms.launch(f"a11y-{language}/{sco.item}", f"{base}/{sco.href}", "1.2", sco)
        facts = frame.locator("html").evaluate(
            """html => ({
                lang: html.getAttribute('lang'),
                title: document.title,
                h1: document.querySelectorAll('h1').length,
                levels: Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6')).map(h => Number(h.tagName[1])),
                imagesWithoutAlt: Array.from(document.images).filter(i => !i.hasAttribute('alt')).length,
                unlabelled: Array.from(document.querySelectorAll('input')).filter(i => !i.closest('label') && !document.querySelector('label[for="' + i.id + '"]')).length,
                emptyButtons: Array.from(document.querySelectorAll('button')).filter(b => !b.textContent.trim()).length,
                landmarks: document.querySelectorAll('main').length,
                skip: document.querySelector('a.skip-link') && document.querySelector('a.skip-link').getAttribute('href'),
            })"""
        )
        assert facts["lang"] == language
        assert facts["title"].strip()
        assert facts["h1"] == 1 and facts["landmarks"] == 1 and facts["skip"] == "#content"
        assert facts["imagesWithoutAlt"] == 0 and facts["unlabelled"] == 0 and facts["emptyButtons"] == 0
        levels = facts["levels"]
        assert levels[0] == 1 and all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:])), f"{sco.href}: headings skip a level: {levels}"


def test_a_module_is_read_with_the_keyboard_and_focus_is_visible(different_client, lms, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "en", "1.2", "keyboard")
    sco = scos[0]
    frame = lms.launch("keyboard/m1", f"{base}/{sco.href}", "1.2", sco)
    frame.locator("body").click(position={"x": 2, "y": 2})
    active = _tab_to(lms.page, frame, "next")
    assert active["outline"] != "none" and active["outlineWidth"] >= 2, "keyboard focus must be visible"
    lms.page.keyboard.press("Enter")
    assert frame.locator("#page-2").is_visible()
    assert _active(frame)["id"] == "page-2-title", "focus moves to the new page's heading"
    frame.locator("#page-2-title").press("Shift+Tab")  # back into the page's controls, still in the frame
    pages = frame.locator("section.page").count()
    for _ in range(pages):
        active = _tab_to(lms.page, frame, "next")
        lms.page.keyboard.press("Enter")
        if frame.locator(f"#page-{pages}").is_visible():
            break
    assert frame.locator("[data-role=done]").is_visible()
    cmi = lms.leave("keyboard/m1")
    assert cmi["core"]["lesson_status"] == "completed"


def test_the_check_is_answered_with_the_keyboard(different_client, lms, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "en", "2004", "keyboard-check")
    check = scos[-1]
    frame = lms.launch("keyboard-check/check", f"{base}/{check.href}", "2004", check)
    first = frame.locator("#q1 input").first
    first.focus()
    lms.page.keyboard.press("Space")
    assert first.is_checked()
    assert _active(frame)["outline"] != "none"


@pytest.mark.parametrize("width", [360, 768])
def test_pages_fit_a_phone_without_sideways_scrolling(different_client, chromium, lms_server, width):
    base, scos = _install(lms_server, different_client, COURSE, "lv", "1.2", f"phone-{width}")
    page = LmsPage(chromium.new_context(viewport={"width": width, "height": 740}, is_mobile=width < 400, has_touch=width < 400), lms_server)
    try:
        for sco in (scos[0], scos[-1]):
            frame = page.launch(f"phone-{width}/{sco.item}", f"{base}/{sco.href}", "1.2", sco)
            overflow = frame.locator("html").evaluate("html => html.scrollWidth - html.clientWidth")
            assert overflow <= 1, f"{sco.href} is {overflow}px wider than a {width}px screen"
            size = frame.locator("[data-action=next], #check-form [type=submit]").first.bounding_box()
            assert size["height"] >= 40, "touch targets are at least 40px high"
    finally:
        page.close()


def test_a_failed_check_can_be_retried_and_every_attempt_is_reported(different_client, lms, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "en", "1.2", "retry")
    check = scos[-1]
    key = "retry/check"
    frame = lms.launch(key, f"{base}/{check.href}", "1.2", check)
    questions = check_questions(different_client, COURSE)
    answer_check(frame, different_client, COURSE, "en", wrong=set(range(1, len(questions) + 1)))
    frame.locator("#check-form [type=submit]").click()
    assert frame.locator("#result.is-failed").is_visible()
    retry = frame.locator("[data-action=retry]")
    assert retry.is_visible()
    cmi = lms.leave(key)
    assert (cmi["core"]["lesson_status"], float(cmi["core"]["score"]["raw"])) == ("failed", 0)

    frame = lms.launch(key, f"{base}/{check.href}", "1.2", check)
    assert frame.locator("#result.is-failed").is_visible(), "the result is shown again on return"
    frame.locator("[data-action=retry]").click()
    assert frame.locator("#result").is_hidden()
    assert frame.locator("#q1 input:checked").count() == 0
    answer_check(frame, different_client, COURSE, "en")
    frame.locator("#check-form [type=submit]").click()
    assert frame.locator("#result.is-passed").is_visible()
    assert frame.locator("[data-action=retry]").is_hidden()
    cmi = lms.leave(key)
    assert (cmi["core"]["lesson_status"], float(cmi["core"]["score"]["raw"])) == ("passed", 100)
    results = [item["result"] for item in interactions_of(cmi)]
    assert results == ["wrong"] * len(questions) + ["correct"] * len(questions)
    assert lms.failed_calls() == []


def test_submitting_with_unanswered_questions_names_them(different_client, lms, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "lv", "2004", "unanswered")
    check = scos[-1]
    frame = lms.launch("unanswered/check", f"{base}/{check.href}", "2004", check)
    frame.locator("#check-form [type=submit]").click()
    error = frame.locator("[data-role=form-error]")
    assert error.is_visible() and "1. jautājums" in error.inner_text()
    assert _active(frame)["tag"] == "INPUT"
    cmi = lms.leave("unanswered/check")
    assert cmi["completion_status"] == "incomplete" and interactions_of(cmi) == []


def test_scorm_2004_continue_asks_the_lms_for_the_next_activity(different_client, lms, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "en", "2004", "continue")
    sco = scos[0]
    frame = lms.launch("continue/m1", f"{base}/{sco.href}", "2004", sco, continue_valid=True)
    next_button = frame.locator("[data-action=next]")
    while not next_button.is_disabled():
        next_button.click()
    go_on = frame.locator("[data-action=continue]")
    assert go_on.is_visible()
    go_on.click()
    cmi = lms_server.wait_for_terminate("continue/m1", 0).body["cmi"]
    assert cmi["completion_status"] == "completed"
    requests = [call["value"] for call in lms.calls("continue/m1") if call["element"] == "adl.nav.request"]
    assert requests == ["continue"]


def test_scorm_12_has_no_continue_button_but_a_hint(different_client, lms, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "en", "1.2", "hint")
    sco = scos[0]
    frame = lms.launch("hint/m1", f"{base}/{sco.href}", "1.2", sco)
    next_button = frame.locator("[data-action=next]")
    while not next_button.is_disabled():
        next_button.click()
    assert frame.locator("[data-action=continue]").is_hidden()
    assert frame.locator("[data-role=next-hint]").is_visible()


def test_a_long_course_keeps_suspend_data_under_4096_characters(tmp_path: Path, lms, lms_server):
    result = load(long_programme(tmp_path / "long", modules=40, questions_per_module=5))
    programme = result.require()
    base, scos = _install(lms_server, programme, "test-course", "en", "1.2", "long")
    check = scos[-1]
    key = "long/check"
    frame = lms.launch(key, f"{base}/{check.href}", "1.2", check)
    count = frame.locator("fieldset.question").count()
    assert count == 200
    # Every choice ticked and every text box filled to the brim with Cyrillic: the worst case.
    frame.locator("body").evaluate(
        """() => {
            for (const input of document.querySelectorAll('#check-form input')) {
                if (input.type === 'text') { input.value = 'ж'.repeat(input.maxLength); }
                else { input.checked = true; }
            }
            document.querySelector('#check-form input').dispatchEvent(new Event('change', {bubbles: true}));
        }"""
    )
    stored = lms.page.evaluate("key => window.currentApi.cmi.suspend_data", key)
    assert 3000 < len(stored) <= 4096
    frame.locator("#check-form [type=submit]").click()
    assert frame.locator("#result").is_visible()
    cmi = lms.leave(key, beacon=False)
    assert len(cmi["suspend_data"]) <= 4096
    assert len(interactions_of(cmi)) == 200
    assert lms.failed_calls() == [], "the LMS refused a value (SCORM 1.2 allows 4096 characters of suspend data)"
    assert format_problems(lms.calls(), "1.2") == []

    frame = lms.launch(key, f"{base}/{check.href}", "1.2", check)
    assert frame.locator("#result").is_visible(), "the long check resumes from its suspend data"


def test_without_an_lms_the_pages_work_and_say_progress_is_not_saved(different_client, chromium, lms_server):
    base, scos = _install(lms_server, different_client, COURSE, "en", "1.2", "standalone")
    context = chromium.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{lms_server.base_url}{base}/{scos[0].href}")
        assert page.locator("#sco-notice").is_visible()
        assert "not saved" in page.locator("#sco-notice").inner_text()
        page.locator("[data-action=next]").click()
        assert page.locator("#page-2").is_visible()
        page.goto(f"{lms_server.base_url}{base}/{scos[-1].href}")
        answer_check(page, different_client, COURSE, "en")
        page.locator("#check-form [type=submit]").click()
        assert page.locator("#result.is-passed").is_visible()
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_hostile_content_runs_nothing_in_the_browser(tmp_path: Path, lms, lms_server, version):
    result = load_programme(hostile_programme(tmp_path / "hostile"))
    package = build_scorm_package(result.programme, "test-course", "en", version, module_folders=module_folders(result))
    base = lms_server.install(f"hostile-{version}", package)
    scos = scos_of(package)
    dialogs = []
    lms.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    module, check = scos
    frame = lms.launch(f"hostile-{version}/m", f"{base}/{module.href}", version, module)
    next_button = frame.locator("[data-action=next]")
    while not next_button.is_disabled():
        next_button.click()
    for element in frame.locator("main *").all()[:200]:
        element.hover(timeout=2000, trial=False) if element.is_visible() else None
    frame = lms.launch(f"hostile-{version}/c", f"{base}/{check.href}", version, check)
    frame.locator("#q1 input[value=a]").check()
    frame.locator("#q2 input[type=text]").fill("</script><script>alert('accepted')</script>")
    frame.locator("#check-form [type=submit]").click()
    assert frame.locator("#result.is-passed").is_visible(), "the hostile accepted answer is compared as text"
    lms.leave()
    assert dialogs == [] and lms.errors == []
    assert lms.foreign_requests() == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_review_mode_shows_the_attempt_and_records_nothing(different_client, lms, lms_server, version):
    base, scos = _install(lms_server, different_client, COURSE, "en", version, f"review-{version}")
    check = scos[-1]
    key = f"review-{version}/check"
    frame = lms.launch(key, f"{base}/{check.href}", version, check)
    answer_check(frame, different_client, COURSE, "en")
    frame.locator("#check-form [type=submit]").click()
    lms.leave(key)
    recorded = len(lms.calls(key))
    frame = lms.launch(key, f"{base}/{check.href}", version, check, mode="review")
    assert frame.locator("#result.is-passed").is_visible()
    lms.leave()
    assert len(lms.calls(key)) == recorded, "nothing is set in review mode"
