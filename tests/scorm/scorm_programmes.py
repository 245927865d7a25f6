"""Programmes for the SCORM tests: the bundled ones, and small ones written on the fly."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import yaml

from curriculum.content import LoadResult, load_programme
from programme_cases import Case, bundled_cases, load_bundled  # noqa: F401  (the SCORM tests import them from here)


def write_programme(folder: Path, modules: dict[str, dict], learner: dict[str, str], cases: dict[tuple[str, str], str] | None = None, course_extra: dict | None = None) -> Path:
    """A one-course English programme in ``folder`` with the given modules (module.yaml data by id)."""
    folder.mkdir(parents=True, exist_ok=True)
    programme = {
        "id": "test-programme",
        "code": "TEST",
        "title": {"en": "Test programme"},
        "languages": ["en"],
        "organiser": {"id": "org", "name": {"en": "Test organiser"}, "role": "organiser", "country": "LV"},
        "period": {"start": "2026-01-01", "end": "2026-12-31"},
        "target_groups": [{"id": "staff", "name": {"en": "Staff"}}],
        "courses": [
            {
                "id": "test-course",
                "title": {"en": "Test course"},
                "summary": {"en": "A course written by the tests."},
                "target_groups": ["staff"],
                "hours": {"contact": sum(module["minutes"] for module in modules.values()) / 60},
                "modules": [{"module": module_id} for module_id in modules],
                **(course_extra or {}),
            }
        ],
    }
    (folder / "programme.yaml").write_text(yaml.safe_dump(programme, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for module_id, data in modules.items():
        module_folder = folder / "modules" / module_id
        (module_folder / "cases").mkdir(parents=True, exist_ok=True)
        (module_folder / "module.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        (module_folder / "learner.en.md").write_text(learner.get(module_id, "## Text\n\nSomething to read.\n"), encoding="utf-8")
        (module_folder / "trainer.en.md").write_text("## Notes\n\nTRAINER-ONLY-NOTE: never for learners.\n", encoding="utf-8")
        for (case_module, case_id), text in (cases or {}).items():
            if case_module == module_id:
                (module_folder / "cases" / f"{case_id}.en.md").write_text(text, encoding="utf-8")
    return folder


def simple_module(title: str, questions: list[dict], minutes: int = 30, case_studies: list[dict] | None = None) -> dict:
    return {
        "title": {"en": title},
        "summary": {"en": f"About {title}."},
        "minutes": minutes,
        "outcomes": [{"id": "outcome", "text": {"en": f"Explain {title}."}}],
        "activities": [{"id": "input", "title": {"en": "Input"}, "method": "presentation", "minutes": minutes}],
        "case_studies": case_studies or [],
        "assessment": {"questions": questions},
    }


def load(folder: Path) -> LoadResult:
    result = load_programme(folder)
    assert result.ok, "\n".join(problem.describe() for problem in result.problems)
    return result


HOSTILE_LEARNER = dedent(
    """\
    ## Hostile prose

    Plain <script>alert('learner-script')</script> text and <img src=x onerror="alert('learner-onerror')"> inline.

    <div onclick="alert('learner-onclick')">a raw block</div>

    A [javascript link](javascript:alert('learner-js-link')) and a [data link](data:text/html,<script>alert(1)</script>).
    An image that climbs out: ![escaping picture](../../../etc/passwd) and a link that climbs: [secret](../../secret.txt).
    A picture from the web: ![remote picture](https://example.org/picture.png) and [a web page](https://example.org/page).
    A local picture: ![room layout](room.svg).
    Local files a browser would run: [a page](evil.html), [the drawing as a page](room.svg), ![page as picture](evil.html).
    """
)

HOSTILE_CASE = dedent(
    """\
    The case <script>alert('case-script')</script> begins.

    <iframe src="javascript:alert('case-iframe')"></iframe>

    [click](javascript:alert('case-js')) and ![up](../room.svg) and [up again](..%2F..%2Fsecret.txt).
    """
)

ROOM_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'


def hostile_programme(folder: Path) -> Path:
    """A programme whose every text tries to get script, handlers and escaping paths into a package."""
    question = {
        "id": "q-hostile",
        "type": "single_choice",
        "prompt": {"en": "Pick <script>alert('prompt-script')</script> <img src=x onerror=alert('prompt-onerror')>"},
        "options": [
            {"text": {"en": "<b onmouseover=alert('option-handler')>right</b>"}, "correct": True, "feedback": {"en": "<script>alert('feedback')</script>"}},
            {"text": {"en": "javascript:alert('option-js')"}},
        ],
    }
    short = {
        "id": "q-hostile-text",
        "type": "short_answer",
        "prompt": {"en": "Type </script><script>alert('short-prompt')</script>"},
        "accepted_answers": [{"en": "</script><script>alert('accepted')</script>"}],
    }
    module = simple_module("Hostile <script>alert('title')</script>", [question, short], case_studies=[
        {"id": "hostile-case", "title": {"en": "Case <img src=x onerror=alert('case-title')>"}, "discussion_points": [{"en": "<a href='javascript:alert(1)'>point</a>"}]},
    ])
    module["outcomes"][0]["text"]["en"] = "Outcome <svg onload=alert('outcome')>"
    module["activities"][0]["case_study"] = "hostile-case"
    write_programme(folder, {"hostile-module": module}, {"hostile-module": HOSTILE_LEARNER}, {("hostile-module", "hostile-case"): HOSTILE_CASE})
    (folder / "modules" / "hostile-module" / "room.svg").write_text(ROOM_SVG, encoding="utf-8")
    (folder / "modules" / "hostile-module" / "evil.html").write_text("<script>alert('evil-page')</script>\n", encoding="utf-8")
    (folder / "secret.txt").write_text("SECRET-OUTSIDE-THE-MODULE\n", encoding="utf-8")
    return folder


def long_programme(folder: Path, modules: int = 40, questions_per_module: int = 5) -> Path:
    """A long course: many modules, many questions, half of them free-text answers."""
    data = {}
    for number in range(1, modules + 1):
        questions = []
        for index in range(questions_per_module):
            if index % 2:
                questions.append({"id": f"q{index}", "type": "short_answer", "prompt": {"en": f"Module {number}, question {index}: name it."}, "accepted_answers": [{"en": f"answer {number}-{index}"}]})
            else:
                questions.append({
                    "id": f"q{index}",
                    "type": "multiple_choice",
                    "prompt": {"en": f"Module {number}, question {index}: pick the right ones."},
                    "options": [{"text": {"en": f"Option {letter}"}, "correct": letter in "ac"} for letter in "abcdef"],
                })
        data[f"module-{number:02d}"] = simple_module(f"Module {number}", questions, minutes=30)
    return write_programme(folder, data, {})
