"""What a learner does in the tests, and what the test expects an LMS to have received.

The expectations come from the content model, not from the package: the
questions, their right answers and points are read from the programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from curriculum.model import Programme
from curriculum.model.assessment import Question, QuestionType

KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass
class Answer:
    number: int
    question: Question
    correct: bool
    interaction_id: str


def check_questions(programme: Programme, course_id: str) -> list[tuple[int, str, Question]]:
    course = programme.course(course_id)
    assert course is not None
    return [(number, f"{module_id or 'course'}.{question.id}", question) for number, (module_id, question) in enumerate(programme.knowledge_check(course), start=1)]


def answer_check(frame, programme: Programme, course_id: str, language: str, wrong: set[int] = frozenset()) -> list[Answer]:
    """Answers every question of the check in ``frame``; the numbers in ``wrong`` are answered wrongly."""
    answers = []
    for number, interaction_id, question in check_questions(programme, course_id):
        right = number not in wrong
        fieldset = frame.locator(f"#q{number}")
        if question.type is QuestionType.SHORT_ANSWER:
            text = programme.text(question.accepted_answers[0], language) if right else "no idea at all"
            fieldset.locator("input[type=text]").fill(text)
            fieldset.locator("input[type=text]").dispatch_event("change")
        elif question.type is QuestionType.TRUE_FALSE:
            value = ("t" if question.answer else "f") if right else ("f" if question.answer else "t")
            fieldset.locator(f"input[value='{value}']").check()
        else:
            correct = [KEYS[index] for index, option in enumerate(question.options) if option.correct]
            wrong_keys = [KEYS[index] for index, option in enumerate(question.options) if not option.correct]
            for key in (correct if right else wrong_keys[:1]):
                fieldset.locator(f"input[value='{key}']").check()
        answers.append(Answer(number, question, right, interaction_id))
    return answers


def expected_percent(answers: list[Answer]) -> float:
    total = sum(answer.question.points for answer in answers)
    earned = sum(answer.question.points for answer in answers if answer.correct)
    return round(earned / total * 100, 2)


# The data model formats a SCORM 1.2 LMS enforces (Moodle's player checks these; scorm-again is laxer).
_CMI_12 = {
    r"cmi\.core\.lesson_location": r"^[\s\S]{0,255}$",
    r"cmi\.core\.lesson_status": r"^(passed|completed|failed|incomplete|browsed)$",
    r"cmi\.core\.exit": r"^(time-out|suspend|logout|)$",
    r"cmi\.core\.session_time": r"^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$",
    r"cmi\.core\.score\.(raw|min|max)": r"^(100(\.0*)?|[0-9]{1,2}(\.[0-9]*)?)$",
    r"cmi\.suspend_data": r"^[\s\S]{0,4096}$",
    r"cmi\.interactions\.\d+\.id": r"^[\x21-\x7e]{1,255}$",
    r"cmi\.interactions\.\d+\.type": r"^(true-false|choice|fill-in|matching|performance|sequencing|likert|numeric)$",
    r"cmi\.interactions\.\d+\.time": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,2})?$",
    r"cmi\.interactions\.\d+\.weighting": r"^-?[0-9]{0,3}(\.[0-9]*)?$",
    r"cmi\.interactions\.\d+\.(student_response|correct_responses\.\d+\.pattern)": r"^[\s\S]{0,255}$",
    r"cmi\.interactions\.\d+\.result": r"^(correct|wrong|unanticipated|neutral|[0-9]{0,3}(\.[0-9]*)?)$",
    r"cmi\.interactions\.\d+\.latency": r"^([0-9]{2,4}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,2})?$",
}
_CMI_2004 = {
    r"cmi\.location": r"^[\s\S]{0,1000}$",
    r"cmi\.completion_status": r"^(completed|incomplete|not attempted|unknown)$",
    r"cmi\.success_status": r"^(passed|failed|unknown)$",
    r"cmi\.exit": r"^(time-out|suspend|logout|normal|)$",
    r"cmi\.session_time": r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$",
    r"cmi\.progress_measure": r"^(0(\.\d+)?|1(\.0+)?)$",
    r"cmi\.score\.scaled": r"^(-?0(\.\d+)?|-?1(\.0+)?)$",
    r"cmi\.score\.(raw|min|max)": r"^-?\d+(\.\d+)?$",
    r"cmi\.suspend_data": r"^[\s\S]{0,64000}$",
    r"cmi\.interactions\.\d+\.id": r"^\S{1,4000}$",
    r"cmi\.interactions\.\d+\.type": r"^(true-false|choice|fill-in)$",
    r"cmi\.interactions\.\d+\.description": r"^\{lang=[a-z]{2,3}\}[^{][\s\S]{0,249}$",
    r"cmi\.interactions\.\d+\.timestamp": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$",
    r"cmi\.interactions\.\d+\.weighting": r"^-?\d+(\.\d+)?$",
    r"cmi\.interactions\.\d+\.result": r"^(correct|incorrect)$",
    r"cmi\.interactions\.\d+\.latency": r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$",
    r"cmi\.interactions\.\d+\.(learner_response|correct_responses\.\d+\.pattern)": r"^[\s\S]+$",
    r"adl\.nav\.request": r"^(continue|previous|exit|exitAll|abandon|abandonAll|suspendAll|_none_)$",
}


def format_problems(calls: list[dict], version: str) -> list[str]:
    """Every SetValue whose element is unknown here or whose value breaks the version's format."""
    formats = _CMI_12 if version == "1.2" else _CMI_2004
    problems = []
    for call in calls:
        pattern = next((value for element, value in formats.items() if re.fullmatch(element, call["element"])), None)
        if pattern is None:
            problems.append(f"unexpected element {call['element']}")
        elif not re.fullmatch(pattern, call["value"]):
            problems.append(f"{call['element']} = {call['value']!r} does not match {pattern}")
    return problems


def interactions_of(cmi: dict) -> list[dict]:
    interactions = cmi.get("interactions") or []
    if isinstance(interactions, dict):
        interactions = [interactions[key] for key in sorted(interactions, key=lambda value: int(value)) if key.isdigit()]
    return interactions
