"""Modules: adaptations per target group and the rules of questions."""

import pytest
from pydantic import ValidationError

from curriculum.model import IntegrationPlan, Module, PlanTemplate, Question


def _module(**extra):
    data = {
        "id": "stereotypes",
        "title": {"en": "Stereotypes"},
        "minutes": 60,
        "activities": [
            {"id": "warm-up", "title": {"en": "Warm-up"}, "method": "icebreaker", "minutes": 10},
            {"id": "cases", "title": {"en": "Cases"}, "method": "case_study", "minutes": 40, "case_study": "desk"},
            {"id": "close", "title": {"en": "Close"}, "method": "reflection", "minutes": 10},
        ],
        "case_studies": [
            {"id": "desk", "title": {"en": "At the desk"}, "target_groups": ["municipal-staff"]},
            {"id": "ward", "title": {"en": "On the ward"}, "target_groups": ["medical-workers"]},
        ],
        "trainer_notes": {"en": "Keep it calm."},
    }
    data.update(extra)
    return Module.model_validate(data)


def test_a_module_without_adaptation_for_the_group_is_taught_as_written():
    module = _module()
    assert module.adapted("social-workers") is module


def test_an_adaptation_changes_duration_activities_and_case_study_without_copying():
    module = _module(
        adaptations=[
            {
                "target_group": "medical-workers",
                "minutes": 70,
                "drop_activities": ["warm-up"],
                "use_case_studies": {"cases": "ward"},
                "add_activities": [{"id": "triage", "title": {"en": "Triage role play"}, "method": "role_play", "minutes": 20}],
                "insert_after": "cases",
                "trainer_notes": {"en": "Ask about night shifts."},
            }
        ]
    )
    adapted = module.adapted("medical-workers")
    assert adapted.minutes == 70
    assert [activity.id for activity in adapted.activities] == ["cases", "triage", "close"]
    assert adapted.activities[0].case_study == "ward"
    assert adapted.planned_minutes == 70
    assert [case.id for case in adapted.case_studies] == ["ward"]
    assert adapted.trainer_notes.get("en") == "Keep it calm.\n\nAsk about night shifts."
    # the original is untouched
    assert module.minutes == 60 and module.activities[0].id == "warm-up"


@pytest.mark.parametrize(
    "question, words",
    [
        ({"type": "single_choice", "options": [{"text": {"en": "a"}, "correct": True}, {"text": {"en": "b"}, "correct": True}]}, "exactly one"),
        ({"type": "multiple_choice", "options": [{"text": {"en": "a"}}, {"text": {"en": "b"}}]}, "at least one correct"),
        ({"type": "true_false"}, "answer: true"),
        ({"type": "short_answer"}, "accepted_answers"),
    ],
)
def test_questions_must_have_a_right_answer(question, words):
    with pytest.raises(ValidationError, match=words):
        Question.model_validate({"id": "q", "prompt": {"en": "?"}, **question})


def test_an_integration_plan_starts_from_a_template_in_the_persons_language():
    template = PlanTemplate.model_validate(
        {
            "id": "new-refugee",
            "title": {"en": "Newly recognised refugee"},
            "goals": [
                {"id": "language", "area": "language", "title": {"en": "Latvian A1", "lv": "Latviešu valoda A1"}, "suggested_modules": ["greetings", "shopping"]},
                {"id": "work", "area": "work", "title": {"en": "First job"}, "suggested_modules": ["greetings"]},
            ],
        }
    )
    plan = IntegrationPlan.from_template(template, participant_ref="P-1", language="lv")
    assert [goal.title for goal in plan.goals] == ["Latviešu valoda A1", "First job"]
    assert plan.assigned_modules == ("greetings", "shopping")
