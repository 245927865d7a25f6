"""What the Moodle adapters share (backup, cartridge, question bank, users CSV, identifiers):
the error a trainer sees, the course look-up and the few labels the files add around the
content."""

from __future__ import annotations

from pathlib import Path

from curriculum.errors import CurriculumError
from curriculum.model import Course, Programme


# Moodle's default role ids (the same on every stock site): a publish enrols with them, a backup
# names the student role, a pull reads who is a student.
STUDENT_ROLE = 5
EDITING_TEACHER_ROLE = 3


class MoodleExportError(CurriculumError):
    """A Moodle file or name cannot be built as asked."""


def resolve_course(programme: Programme, course_id: str, language: str) -> Course:
    """The course, or an error naming the courses and languages there are."""
    course = programme.course(course_id)
    if course is None:
        known = ", ".join(item.id for item in programme.courses) or "none"
        raise MoodleExportError(f"the programme '{programme.id}' has no course '{course_id}'; its courses: {known}")
    languages = programme.course_languages(course)
    if language not in languages:
        raise MoodleExportError(f"the course '{course_id}' has no language '{language}'; its languages: {', '.join(languages)}")
    return course


# The words the files add around the content; content itself arrives translated.
LABELS: dict[str, dict[str, str]] = {
    "en": {"trainer_notes": "{title}: trainer notes", "elearning": "{title} (e-learning)", "general": "General", "check": "Knowledge check"},
    "lv": {"trainer_notes": "{title}: piezīmes trenerim", "elearning": "{title} (e-mācības)", "general": "Vispārīgi", "check": "Zināšanu pārbaude"},
    "lt": {"trainer_notes": "{title}: pastabos lektoriui", "elearning": "{title} (e. mokymasis)", "general": "Bendra", "check": "Žinių patikrinimas"},
    "ru": {"trainer_notes": "{title}: заметки для тренера", "elearning": "{title} (электронное обучение)", "general": "Общее", "check": "Проверка знаний"},
}


def label(language: str, key: str, **values: str) -> str:
    return LABELS.get(language, LABELS["en"])[key].format(**values)


