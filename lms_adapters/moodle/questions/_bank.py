"""A course's knowledge check as Moodle's question bank sees it, decided once for
both formats: categories, names, Moodle question types and answer fractions.

Our types map to Moodle's: single_choice -> multichoice (one answer),
multiple_choice -> multichoice (several answers: the right ones share 100 %,
the wrong ones share -100 %, so ticking everything scores nothing),
true_false -> truefalse, short_answer -> shortanswer (case-insensitive, with a
catch-all '*' answer that carries the feedback for a wrong answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from curriculum.model import Programme
from curriculum.model.assessment import Question, QuestionType
from curriculum.render.markdown import render_markdown

from .._common import MoodleExportError, resolve_course

# Moodle accepts only these grade fractions on import (question_bank::fraction_options_full()).
FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0)


@dataclass(frozen=True)
class BankAnswer:
    text: str  # HTML for choices, plain text for short answers and true/false
    fraction: float
    feedback: str = ""


@dataclass(frozen=True)
class BankQuestion:
    category: tuple[str, ...]
    name: str
    idnumber: str
    qtype: str  # multichoice | truefalse | shortanswer
    text: str  # HTML
    points: float
    answers: tuple[BankAnswer, ...]
    single: bool = True
    correct_feedback: str = ""
    incorrect_feedback: str = ""


@dataclass(frozen=True)
class QuestionBank:
    course_title: str
    language: str
    questions: tuple[BankQuestion, ...]


def share(count: int) -> float:
    """100 split ``count`` ways, as one of the fractions Moodle accepts."""
    value = round(100 / count, 5)
    if not any(abs(value - allowed) < 0.00001 for allowed in FRACTIONS):
        raise MoodleExportError(f"Moodle cannot split a mark {count} ways (at most 10 right or 10 wrong answers in a question)")
    return value


def inline_html(text: str) -> str:
    """Short text (an option, a feedback) as HTML without a wrapping paragraph."""
    html = render_markdown(text).strip()
    match = re.fullmatch(r"<p>(.*)</p>", html, flags=re.DOTALL)
    return match.group(1) if match and "<p>" not in match.group(1) else html


def _question(programme: Programme, language: str, category: tuple[str, ...], number: int, module_id: str | None, question: Question) -> BankQuestion:
    text = lambda value: programme.text(value, language)  # noqa: E731
    common = {
        "category": category,
        "name": f"{number:02d} {question.id}",
        "idnumber": f"{module_id or 'course'}.{question.id}",
        "text": render_markdown(text(question.prompt)).strip(),
        "points": question.points,
        "correct_feedback": inline_html(text(question.feedback_correct)) if question.feedback_correct else "",
        "incorrect_feedback": inline_html(text(question.feedback_incorrect)) if question.feedback_incorrect else "",
    }
    if question.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        single = question.type is QuestionType.SINGLE_CHOICE
        right = sum(option.correct for option in question.options)
        wrong = len(question.options) - right
        answers = tuple(
            BankAnswer(
                inline_html(text(option.text)),
                100.0 if single and option.correct else 0.0 if single else share(right) if option.correct else -share(wrong) if wrong else 0.0,
                inline_html(text(option.feedback)) if option.feedback else "",
            )
            for option in question.options
        )
        return BankQuestion(qtype="multichoice", answers=answers, single=single, **common)
    if question.type is QuestionType.TRUE_FALSE:
        right, wrong = common["correct_feedback"], common["incorrect_feedback"]
        answers = (
            BankAnswer("true", 100.0 if question.answer else 0.0, right if question.answer else wrong),
            BankAnswer("false", 0.0 if question.answer else 100.0, wrong if question.answer else right),
        )
        return BankQuestion(qtype="truefalse", answers=answers, **common)
    accepted = tuple(BankAnswer(text(value).strip(), 100.0, common["correct_feedback"]) for value in question.accepted_answers)
    catch_all = (BankAnswer("*", 0.0, common["incorrect_feedback"]),) if common["incorrect_feedback"] else ()
    return BankQuestion(qtype="shortanswer", answers=accepted + catch_all, **common)


def question_bank(programme: Programme, course_id: str, language: str) -> QuestionBank:
    """The knowledge check of ``course_id``: a category for the course and one below it per module."""
    course = resolve_course(programme, course_id, language)
    title = f"{programme.text(course.title, language)} ({language})"
    modules = {module.id: f"{number:02d} {programme.text(module.title, language)}" for number, (_, module) in enumerate(programme.course_modules(course), start=1)}
    questions = tuple(
        _question(programme, language, (title, modules[module_id]) if module_id in modules else (title,), number, module_id, question)
        for number, (module_id, question) in enumerate(programme.knowledge_check(course), start=1)
    )
    return QuestionBank(title, language, questions)


def category_path(names: tuple[str, ...]) -> str:
    """Moodle's path below the course's top category; a '/' inside a name is written '//'."""
    return "$course$/top/" + "/".join(name.replace("/", "//") for name in names)
