"""The knowledge check: questions with their answers and feedback."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .base import ContentModel, Slug
from .text import EMPTY_TEXT, LocalisedText


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    SHORT_ANSWER = "short_answer"


class Option(ContentModel):
    """One answer a learner can pick; ``feedback`` is shown when it is picked."""

    text: LocalisedText
    correct: bool = False
    feedback: LocalisedText = EMPTY_TEXT


class Question(ContentModel):
    id: Slug
    type: QuestionType
    prompt: LocalisedText
    options: tuple[Option, ...] = ()
    # true_false: the right answer.
    answer: bool | None = None
    # short_answer: the accepted answers (compared case-insensitively).
    accepted_answers: tuple[LocalisedText, ...] = ()
    points: float = Field(default=1.0, gt=0)
    feedback_correct: LocalisedText = EMPTY_TEXT
    feedback_incorrect: LocalisedText = EMPTY_TEXT

    @model_validator(mode="after")
    def _answer_fits_type(self) -> "Question":
        correct = sum(option.correct for option in self.options)
        if self.type is QuestionType.SINGLE_CHOICE:
            if len(self.options) < 2:
                raise ValueError("a single-choice question needs at least two options")
            if correct != 1:
                raise ValueError(f"a single-choice question needs exactly one correct option, it has {correct}")
        elif self.type is QuestionType.MULTIPLE_CHOICE:
            if len(self.options) < 2:
                raise ValueError("a multiple-choice question needs at least two options")
            if correct < 1:
                raise ValueError("a multiple-choice question needs at least one correct option")
        elif self.type is QuestionType.TRUE_FALSE:
            if self.answer is None:
                raise ValueError("a true/false question needs 'answer: true' or 'answer: false'")
            if self.options:
                raise ValueError("a true/false question has no 'options', only 'answer'")
        elif self.type is QuestionType.SHORT_ANSWER:
            if not self.accepted_answers:
                raise ValueError("a short-answer question needs at least one entry in 'accepted_answers'")
        return self

    def texts(self) -> dict[str, LocalisedText]:
        """Every translatable text of the question, by field path."""
        found: dict[str, LocalisedText] = {"prompt": self.prompt}
        for index, option in enumerate(self.options):
            found[f"options.{index}.text"] = option.text
            if option.feedback:
                found[f"options.{index}.feedback"] = option.feedback
        for index, accepted in enumerate(self.accepted_answers):
            found[f"accepted_answers.{index}"] = accepted
        if self.feedback_correct:
            found["feedback_correct"] = self.feedback_correct
        if self.feedback_incorrect:
            found["feedback_incorrect"] = self.feedback_incorrect
        return found


class Assessment(ContentModel):
    """A set of questions; a course's knowledge check gathers its modules' ones."""

    questions: tuple[Question, ...] = ()

    @property
    def max_points(self) -> float:
        return sum(question.points for question in self.questions)
