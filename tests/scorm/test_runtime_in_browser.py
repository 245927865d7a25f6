"""The packages in a real browser (headless Chromium) under an independent SCORM runtime.

scorm-again plays the LMS: the SCOs find it as window.API (1.2) or
window.API_1484_11 (2004), a learner clicks through a module, leaves in the
middle and comes back to the same page, finishes it, then answers the
knowledge check. The test reads what the LMS received (the commits POSTed to
the local server) and checks completion, success, score, interactions and
suspend data, and that no SetValue was refused or out of format.

By default one course per programme and language is played in both versions
(every course is schema-checked in test_manifest_schemas.py); set
CURRICULUM_SCORM_ALL_COURSES=1 to play every course.
"""

from __future__ import annotations

import os

import pytest

from lms_adapters.scorm import build_scorm_package
from scorm_fixtures import chromium, lms, lms_server, scorm_again  # noqa: F401
from scorm_learner import answer_check, expected_percent, format_problems, interactions_of
from scorm_lms import scos_of
from scorm_programmes import bundled_cases

ALL_COURSES = os.environ.get("CURRICULUM_SCORM_ALL_COURSES") == "1"
CASES = bundled_cases(every_course=ALL_COURSES)


def _status(cmi: dict, version: str) -> dict:
    if version == "1.2":
        core = cmi["core"]
        return {"status": core["lesson_status"], "exit": core["exit"], "location": core["lesson_location"], "raw": core["score"]["raw"]}
    return {
        "completion": cmi["completion_status"],
        "success": cmi["success_status"],
        "exit": cmi["exit"],
        "location": cmi["location"],
        "raw": cmi["score"]["raw"],
        "scaled": cmi["score"]["scaled"],
        "progress": cmi["progress_measure"],
    }


@pytest.mark.parametrize("version", ["1.2", "2004"])
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_learner_reads_a_module_resumes_and_passes_the_check(case, version, lms, lms_server):
    programme = case.programme
    package = build_scorm_package(programme, case.course_id, case.language, version)
    name = f"{case.id}-{version}"
    base = lms_server.install(name, package)
    scos = scos_of(package)
    module, check = scos[0], scos[-1]
    assert check.item == "ITEM-CHECK"

    # A module: two pages, leave, come back to the same page, read to the end.
    key = f"{name}/{module.item}"
    frame = lms.launch(key, f"{base}/{module.href}", version, module)
    pages = frame.locator("section.page").count()
    assert pages >= 3
    assert frame.locator("#page-1").is_visible()
    frame.locator("[data-action=next]").click()
    assert frame.locator("#page-2").is_visible()
    left = lms.leave(key)
    assert _status(left, version)["exit"] == "suspend"
    assert _status(left, version)["location"] == "1"
    assert left["suspend_data"] == "v1:11" + "0" * (pages - 2)
    if version == "1.2":
        assert left["core"]["lesson_status"] == "incomplete"
    else:
        assert (left["completion_status"], left["success_status"]) == ("incomplete", "unknown")

    frame = lms.launch(key, f"{base}/{module.href}", version, module)
    assert frame.locator("#page-2").is_visible(), "the module did not resume where the learner left"
    assert not frame.locator("#page-1").is_visible()
    next_button = frame.locator("[data-action=next]")
    while not next_button.is_disabled():
        next_button.click()
    assert frame.locator(f"#page-{pages}").is_visible()
    assert frame.locator("[data-role=done]").is_visible()
    done = lms.leave(key)
    assert done["suspend_data"] == "v1:" + "1" * pages
    if version == "1.2":
        assert done["core"]["lesson_status"] == "completed"
    else:
        assert (done["completion_status"], done["success_status"], done["progress_measure"]) == ("completed", "passed", "1")

    # The knowledge check: one wrong answer, the rest right.
    key = f"{name}/{check.item}"
    frame = lms.launch(key, f"{base}/{check.href}", version, check)
    answers = answer_check(frame, programme, case.course_id, case.language, wrong={1})
    frame.locator("#check-form [type=submit]").click()
    assert frame.locator("#result").is_visible()
    percent = expected_percent(answers)
    passed = percent >= float(check.mastery_score or float(check.scaled_passing_score) * 100)
    assert frame.locator("#q1.is-incorrect").count() == 1
    assert frame.locator(".question.is-correct").count() == len(answers) - 1
    cmi = lms.leave(key)
    status = _status(cmi, version)
    assert float(status["raw"]) == pytest.approx(percent)
    if version == "1.2":
        assert status["status"] == ("passed" if passed else "failed")
    else:
        assert (status["completion"], status["success"]) == ("completed", "passed" if passed else "failed")
        assert float(status["scaled"]) == pytest.approx(percent / 100, abs=1e-4)
    interactions = interactions_of(cmi)
    assert [item["id"] for item in interactions] == [answer.interaction_id for answer in answers]
    wrong_result = "wrong" if version == "1.2" else "incorrect"
    assert [item["result"] for item in interactions] == ["correct" if answer.correct else wrong_result for answer in answers]
    assert all(item["correct_responses"] for item in interactions)
    state = cmi["suspend_data"]
    assert state.startswith('{"v":1') and '"s":1' in state and len(state) <= 4096

    # Everything the SCOs set was accepted and in the format an LMS such as Moodle enforces.
    assert lms.failed_calls() == []
    assert format_problems(lms.calls(), version) == []
    assert lms.errors == []
    assert lms.foreign_requests() == []
    missing = [path for path, status in lms_server.requests if status == 404 and path.startswith(base)]
    assert missing == []
