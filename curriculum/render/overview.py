"""HTML overviews of programmes, and the demo's index page."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from ..content import Problem
from ..model import Programme, StudyMode
from ..services.validation import completeness
from .environment import template_environment

# Labels of the page itself, per language; content comes translated from the files.
LABELS: dict[str, dict[str, str]] = {
    "en": {
        "organiser": "Organiser", "funder": "Funder", "period": "Period", "partners": "Partners", "phases": "Phases",
        "target_groups": "Target groups", "courses": "Courses", "events": "Events", "guide": "Methodological guide",
        "module": "Module", "minutes": "Minutes", "activities": "Activities", "questions": "Questions",
        "contact": "contact hours", "self_study": "self-study hours", "academic": "academic hours",
        "completeness": "Translations", "problems": "Problems", "none": "none", "occurrences": "times",
        "plans": "Individual integration plan templates", "goals": "goals", "self": "self-study", "adapted": "adapted for",
        "outcomes": "Learning outcomes",
    },
    "lv": {
        "organiser": "Organizators", "funder": "Finansētājs", "period": "Laiks", "partners": "Partneri", "phases": "Posmi",
        "target_groups": "Mērķa grupas", "courses": "Kursi", "events": "Pasākumi", "guide": "Metodiskie norādījumi",
        "module": "Modulis", "minutes": "Minūtes", "activities": "Aktivitātes", "questions": "Jautājumi",
        "contact": "kontaktstundas", "self_study": "patstāvīgā darba stundas", "academic": "akadēmiskās stundas",
        "completeness": "Tulkojumi", "problems": "Problēmas", "none": "nav", "occurrences": "reizes",
        "plans": "Individuālo integrācijas plānu paraugi", "goals": "mērķi", "self": "patstāvīgi", "adapted": "pielāgots:",
        "outcomes": "Mācīšanās rezultāti",
    },
    "ru": {
        "organiser": "Организатор", "funder": "Финансирование", "period": "Период", "partners": "Партнёры", "phases": "Этапы",
        "target_groups": "Целевые группы", "courses": "Курсы", "events": "Мероприятия", "guide": "Методическое пособие",
        "module": "Модуль", "minutes": "Минуты", "activities": "Активности", "questions": "Вопросы",
        "contact": "контактных часов", "self_study": "часов самостоятельной работы", "academic": "академических часов",
        "completeness": "Переводы", "problems": "Проблемы", "none": "нет", "occurrences": "раз",
        "plans": "Шаблоны индивидуальных планов интеграции", "goals": "целей", "self": "самостоятельно", "adapted": "адаптирован для",
        "outcomes": "Результаты обучения",
    },
    "lt": {
        "organiser": "Organizatorius", "funder": "Finansuotojas", "period": "Laikotarpis", "partners": "Partneriai", "phases": "Etapai",
        "target_groups": "Tikslinės grupės", "courses": "Kursai", "events": "Renginiai", "guide": "Metodinės rekomendacijos",
        "module": "Modulis", "minutes": "Minutės", "activities": "Veiklos", "questions": "Klausimai",
        "contact": "kontaktinės valandos", "self_study": "savarankiško darbo valandos", "academic": "akademinės valandos",
        "completeness": "Vertimai", "problems": "Problemos", "none": "nėra", "occurrences": "kartai",
        "plans": "Individualių integracijos planų šablonai", "goals": "tikslai", "self": "savarankiškai", "adapted": "pritaikyta:",
        "outcomes": "Mokymosi rezultatai",
    },
}


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language, LABELS["en"])


def render_programme_overview(programme: Programme, language: str, problems: Sequence[Problem] = ()) -> str:
    def text(value: Any) -> str:
        return programme.text(value, language)

    groups = programme.all_target_groups()
    courses = []
    for course in programme.courses:
        rows = []
        for ref, module in programme.course_modules(course):
            adapted_for = course.target_group_of(ref) if programme.modules[ref.module].adaptation_for(course.target_group_of(ref)) else None
            rows.append(
                {
                    "id": module.id,
                    "title": text(module.title),
                    "minutes": module.minutes,
                    "self_study": course.mode_of(ref) is StudyMode.SELF_STUDY,
                    "activities": len(module.activities),
                    "questions": len(module.assessment.questions),
                    "outcomes": [text(outcome.text) for outcome in module.outcomes],
                    "adapted_for": text(groups[adapted_for].name) if adapted_for in groups else adapted_for,
                }
            )
        courses.append(
            {
                "course": course,
                "title": text(course.title),
                "summary": text(course.summary),
                "groups": [text(groups[group].name) if group in groups else group for group in course.target_groups],
                "modules": rows,
                "questions": len(programme.knowledge_check(course)),
            }
        )
    return template_environment().get_template("overview/programme.html").render(
        programme=programme,
        language=language,
        labels=labels_for(language),
        text=text,
        date=lambda value: format_date(value, format="long", locale=language),
        number=lambda value: format_decimal(value, format="#,##0.#", locale=language),
        groups=groups,
        courses=courses,
        completeness=completeness(programme),
        problems=problems,
    )


def render_index(outputs: Sequence[Any], out_dir: Path, programmes: Sequence[Programme]) -> str:
    by_programme: dict[str | None, list[dict[str, str]]] = {}
    for output in outputs:
        by_programme.setdefault(output.programme, []).append(
            {"label": output.label, "href": Path(os.path.relpath(output.path, out_dir)).as_posix()}
        )
    titles = {}
    for programme in programmes:
        titles[programme.id] = programme.text(programme.title, programme.main_language)
    folders = {output.programme for output in outputs if output.programme}
    return template_environment().get_template("overview/index.html").render(
        general=by_programme.get(None, []),
        sections=[(folder, by_programme[folder]) for folder in sorted(folders)],
        titles={folder: next((titles[p.id] for p in programmes if folder.endswith(p.id)), folder) for folder in folders},
    )
