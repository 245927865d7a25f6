"""A course's knowledge check as a question bank Moodle imports: Moodle XML and GIFT.

    from lms_adapters.moodle.questions import write_question_bank
    write_question_bank(programme, "social-workers-course", "lv", "xml", Path("out"))

In Moodle: Course > More > Question bank > Import, choose the format, upload the
file. Questions land in a category named after the course (one sub-category per
module), ready for a quiz.
"""

from __future__ import annotations

from pathlib import Path

from curriculum.files import write_atomically
from curriculum.model import Programme

from .._common import MoodleExportError
from ._bank import BankAnswer, BankQuestion, QuestionBank, question_bank
from ._gift import gift
from ._moodle_xml import moodle_xml

FORMATS = ("xml", "gift")


def question_bank_file_name(programme: Programme, course_id: str, language: str, format: str) -> str:
    """e.g. different-client-social-workers-course-lv-questions.xml (or .gift.txt)."""
    suffix = {"xml": "xml", "gift": "gift.txt"}[_format(format)]
    return f"{programme.id}-{course_id}-{language}-questions.{suffix}"


def build_question_bank(programme: Programme, course_id: str, language: str, format: str) -> bytes:
    bank = question_bank(programme, course_id, language)
    return moodle_xml(bank) if _format(format) == "xml" else gift(bank)


def write_question_bank(programme: Programme, course_id: str, language: str, format: str, out_dir: Path) -> Path:
    data = build_question_bank(programme, course_id, language, format)
    return write_atomically(Path(out_dir) / question_bank_file_name(programme, course_id, language, format), data)


def _format(format: str) -> str:
    value = format.strip().lower()
    if value not in FORMATS:
        raise MoodleExportError(f"'{format}' is not a question format this writes: use xml (Moodle XML) or gift")
    return value


__all__ = [
    "FORMATS",
    "BankAnswer",
    "BankQuestion",
    "QuestionBank",
    "build_question_bank",
    "question_bank",
    "question_bank_file_name",
    "write_question_bank",
]
