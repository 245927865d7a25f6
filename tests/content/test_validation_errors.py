"""A folder of broken content: every kind of mistake is reported at once,
each with its file, line and field, and the command never shows a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.content import load_programme
from cli_runner import run_cli

BROKEN = Path(__file__).parent / "fixtures" / "broken" / "bad-programme"

# (kind of mistake, file relative to the programme, line, field, words in the message)
EXPECTED = [
    ("YAML syntax error", "modules/syntax-error/module.yaml", 2, "", "not valid YAML"),
    ("duplicate key", "programme.yaml", 52, "events[0].title", "written twice"),
    ("typo in a key", "programme.yaml", 4, "sumary", "Did you mean 'summary'"),
    ("invalid language code in a text", "programme.yaml", 14, "phases[0].title.latvian", "not a language code"),
    ("invalid language code in a list", "programme.yaml", 36, "courses[2].languages[1]", "not a language code"),
    ("invalid id", "programme.yaml", 16, "target_groups[0].id", "not a valid id"),
    ("value not in the allowed list", "programme.yaml", 22, "courses[0].delivery", "use one of"),
    ("missing required field", "programme.yaml", 30, "courses[1].hours", "required field 'hours' is missing"),
    ("wrong type", "modules/bad-sum/module.yaml", 14, "activities[1].minutes", "whole number"),
    ("period ends before it starts", "programme.yaml", 11, "period", "ends (2026-01-01) before it starts"),
    ("unknown target group", "programme.yaml", 21, "courses[0].target_groups", "Did you mean 'desk-staff'"),
    ("unknown module", "programme.yaml", 27, "courses[0].modules[2].module", "unknown module 'no-such-module'"),
    ("mandatory module not in course", "programme.yaml", 29, "courses[0].completion.mandatory_modules", "'bad-sum' is not one of"),
    ("duplicate course id", "programme.yaml", 41, "courses[3].id", "used more than once"),
    ("duplicate activity id", "modules/bad-sum/module.yaml", 15, "activities[1].id", "used more than once"),
    ("missing translation in YAML", "programme.yaml", 20, "courses[0].title", "missing the 'lv' translation"),
    ("missing translation file", "modules/good-one/trainer.lv.md", None, "trainer_notes", "trainer.lv.md does not exist"),
    ("activities do not add up", "modules/bad-sum/module.yaml", 2, "minutes", "add up to 30 minutes but the module lasts 45"),
    ("course hours do not add up", "programme.yaml", 37, "courses[2].hours.contact", "add up to 1.5 hours"),
    ("academic hours wrong", "programme.yaml", 37, "courses[2].hours.academic", "2.7 academic hours"),
    ("unknown case study", "modules/good-one/module.yaml", 15, "activities[1].case_study", "unknown case study 'no-such-case'"),
    ("two correct options in single choice", "modules/good-one/module.yaml", 21, "assessment.questions[0]", "exactly one correct option"),
    ("broken Markdown link", "modules/good-one/learner.en.md", 3, "", "broken link: 'forms/missing-form.pdf'"),
    ("broken Markdown image", "modules/good-one/learner.en.md", 5, "", "broken image: 'room.png'"),
    ("link outside the module folder", "modules/good-one/learner.en.md", 9, "", "points outside this folder"),
    ("raw HTML in prose", "modules/good-one/learner.en.md", 7, "", "raw HTML"),
    ("missing logo file", "programme.yaml", 10, "organiser.logo", "'assets/missing-logo.svg' does not exist"),
    ("module without trainer notes", "modules/bad-sum/trainer.<lang>.md", None, "trainer_notes", "no trainer notes"),
]


@pytest.fixture(scope="module")
def problems():
    return load_programme(BROKEN).problems


@pytest.mark.parametrize("kind, file, line, field, words", EXPECTED, ids=[item[0] for item in EXPECTED])
def test_each_kind_of_mistake_is_reported_with_file_line_and_field(problems, kind, file, line, field, words):
    matches = [
        problem
        for problem in problems
        if problem.file == (BROKEN / file).resolve() and problem.line == line and problem.field == field and words in problem.message
    ]
    described = "\n".join(problem.describe(BROKEN) for problem in problems)
    assert matches, f"{kind}: expected {file}:{line} {field} '{words}' among:\n{described}"


def test_at_least_fifteen_kinds_of_mistake_are_covered():
    assert len({kind for kind, *_ in EXPECTED}) >= 15


def test_every_problem_names_a_file(problems):
    assert problems
    assert all(problem.file and problem.message for problem in problems)


def test_broken_content_gives_no_programme_to_work_with():
    result = load_programme(BROKEN)
    assert not result.ok
    with pytest.raises(Exception) as raised:
        result.require()
    assert "problem" in str(raised.value)


def test_the_command_exits_1_and_prints_every_problem_without_a_traceback():
    completed = run_cli("validate", str(BROKEN))
    assert completed.returncode == 1
    output = completed.stdout + completed.stderr
    assert "Traceback" not in output
    for _, file, line, field, words in EXPECTED:
        location = f"bad-programme/{file}" + (f":{line}" if line else "")
        assert location in output, location
        assert words in output


def test_a_path_that_is_not_content_gets_a_plain_error(tmp_path: Path):
    completed = run_cli("validate", str(tmp_path))
    assert completed.returncode == 2
    assert "is not a programme folder" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path):
    folder = tmp_path / "latin1"
    folder.mkdir()
    (folder / "programme.yaml").write_bytes("id: x\ntitle: {lv: Kursu cikls \xe2}\n".encode("latin-1"))
    result = load_programme(folder)
    assert any("not UTF-8" in problem.message for problem in result.problems)


def test_times_are_read_as_times_not_base_60_numbers(tmp_path: Path):
    from curriculum.content.yamlsource import read_yaml

    file = tmp_path / "times.yaml"
    file.write_text("start: 10:30\nend: 09:00\n", encoding="utf-8")
    assert read_yaml(file).data == {"start": "10:30", "end": "09:00"}


def test_the_documented_small_example_is_valid():
    mini = Path(__file__).parent / "fixtures" / "mini" / "desk-basics"
    result = load_programme(mini)
    assert result.problems == []
    assert result.ok
    docs = (Path(__file__).parents[2] / "docs" / "content-format.md").read_text(encoding="utf-8")
    # The doc's example is this fixture: the two stay the same text.
    assert (mini / "programme.yaml").read_text(encoding="utf-8").strip() in docs
    assert (mini / "modules" / "first-contact" / "module.yaml").read_text(encoding="utf-8").strip() in docs


def test_the_fast_yaml_reader_gives_the_same_values_lines_and_problems_as_the_python_one(monkeypatch):
    """read_yaml uses libyaml when PyYAML has it; every bundled file must read the same without it."""
    import yaml

    from curriculum.content import bundled_content_root
    from curriculum.content import yamlsource

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("this PyYAML was built without libyaml")
    files = sorted(bundled_content_root().rglob("*.yaml"))
    assert len(files) > 20
    files += sorted((Path(__file__).parent / "fixtures").rglob("*.yaml"))  # with broken YAML
    fast = {file: yamlsource.read_yaml(file) for file in files}
    monkeypatch.setattr(yamlsource, "_LOADER", yaml.SafeLoader)
    for file in files:
        slow = yamlsource.read_yaml(file)
        assert (fast[file].data, fast[file].lines) == (slow.data, slow.lines), file
        assert [(p.line, p.field) for p in fast[file].problems] == [(p.line, p.field) for p in slow.problems], file
