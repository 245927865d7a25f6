"""The bundled programmes: complete, valid, in every declared language."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from curriculum.content import discover_programmes, load_all, validate_library
from curriculum.content.schema import content_schemas
from curriculum.model import StudyMode
from cli_runner import run_cli

SEED_PROGRAMMES = {"different-client", "integration-centre", "asylum-support", "roma-incubator", "municipal-competence"}


@pytest.fixture(scope="module")
def loaded(content_root: Path):
    return {result.folder.name: result for result in load_all(content_root)}


def test_there_is_a_programme_for_every_seed(loaded):
    ids = {result.programme.id for result in loaded.values() if result.programme}
    assert SEED_PROGRAMMES <= ids


def test_every_programme_validates_with_zero_problems(loaded, content_root):
    problems = {name: [problem.describe(content_root) for problem in result.problems] for name, result in loaded.items()}
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_library_validates_on_its_own(content_root):
    assert [problem.describe(content_root) for problem in validate_library(content_root / "_library")] == []


def test_no_translation_is_missing_in_any_declared_language(loaded):
    for name, result in loaded.items():
        assert result.programme.missing_translations() == [], name


def test_every_course_adds_up_and_has_a_knowledge_check(loaded):
    for result in loaded.values():
        programme = result.programme
        for course in programme.courses:
            contact = programme.course_minutes(course, StudyMode.CONTACT)
            self_study = programme.course_minutes(course, StudyMode.SELF_STUDY)
            assert contact == round(course.hours.contact * 60), (programme.id, course.id)
            assert self_study == round(course.hours.self_study * 60), (programme.id, course.id)
            assert programme.knowledge_check(course), (programme.id, course.id)


def test_the_anti_discrimination_courses_have_at_least_eight_questions(loaded):
    programme = next(result.programme for result in loaded.values() if result.programme.id == "different-client")
    assert len(programme.courses) >= 4
    for course in programme.courses:
        assert len(programme.knowledge_check(course)) >= 8, course.id
        assert len(course.modules) >= 6


def test_every_module_has_outcomes_activities_texts_and_trainer_notes(loaded):
    for result in loaded.values():
        programme = result.programme
        for module in programme.modules.values():
            label = f"{programme.id}/{module.id}"
            assert module.outcomes, label
            assert module.activities, label
            assert module.planned_minutes == module.minutes, label
            for language in programme.languages:
                if any(language in programme.course_languages(course) for course in programme.courses if module.id in [ref.module for ref in course.modules]):
                    assert module.learner_text.has(language), (label, language)
                    assert module.trainer_notes.has(language), (label, language)


def test_every_guide_chapter_has_text_in_every_language(loaded):
    for result in loaded.values():
        programme = result.programme
        for chapter in programme.guide.chapters:
            assert chapter.body.missing(programme.languages) == [], (programme.id, chapter.id)


def _as_json(file: Path):
    """YAML as a JSON document would hold it (dates become ISO strings)."""
    return json.loads(json.dumps(yaml.safe_load(file.read_text(encoding="utf-8")), default=str))


def test_the_json_schema_is_valid_and_accepts_the_bundled_content(content_root: Path):
    schemas = content_schemas()
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    programme_validator = jsonschema.Draft202012Validator(schemas["programme.schema.json"])
    module_validator = jsonschema.Draft202012Validator(schemas["module.schema.json"])
    groups_validator = jsonschema.Draft202012Validator(schemas["target-groups.schema.json"])
    for folder in discover_programmes(content_root):
        programme_validator.validate(_as_json(folder / "programme.yaml"))
    module_files = sorted(content_root.glob("*/modules/*/module.yaml"))
    assert module_files
    for file in module_files:
        module_validator.validate(_as_json(file))
    groups_validator.validate(_as_json(content_root / "_library" / "target_groups.yaml"))


def test_the_json_schema_rejects_a_typo(content_root: Path):
    validator = jsonschema.Draft202012Validator(content_schemas()["module.schema.json"])
    document = _as_json(next(content_root.glob("*/modules/*/module.yaml")))
    document["minuts"] = 90
    assert not validator.is_valid(document)


def test_show_prints_each_programme_tree(content_root: Path):
    for folder in discover_programmes(content_root):
        completed = run_cli("show", str(folder))
        assert completed.returncode == 0, completed.stderr
        assert "course" in completed.stdout
        assert "completeness" in completed.stdout
        assert "100%" in completed.stdout
