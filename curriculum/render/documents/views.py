"""What the guide and handbook templates show: the programme, one course, one language.

Everything here is already chosen and translated (the programme's fallback
rule applied, Markdown turned into safe HTML, minutes added up), so templates
only lay it out and an organisation overriding them needs no Python. The
variables are listed in docs/printing.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from markupsafe import Markup

from ...model import Activity, Course, Module, ModuleRef, Programme, Question, QuestionType, StudyMode
from ...model.text import LocalisedText
from ..markdown import render_markdown
from .labels import QUESTION_HINTS, Labels

Kind = Literal["guide", "handbook"]
KINDS: tuple[Kind, ...] = ("guide", "handbook")

# Maps a relative link or image target in a Markdown file to what the output
# uses (a file URI for the PDF, a copied file for the site).
TargetRewriter = Callable[[Path, str], str]


# Markdown already rendered: every course of a programme shows the same
# chapters and modules, in the PDF and on the site. Per text: each rendering
# with the rewritten targets it got, since the PDF and the site rewrite them
# differently.
_MARKDOWN_CACHE_SIZE = 4096
_markdown_cache: dict[tuple[str, Path, int, bool], list[tuple[str, tuple[tuple[str, str], ...]]]] = {}


def _rendered_markdown(source: str, base: Path, shift: int, rewrite: Callable[[str], str] | None) -> str:
    """render_markdown, reused when the same text gets the same targets (the rewriter is still
    called for each target, as it may copy the file it names)."""
    key = (source, base, shift, rewrite is None)
    for html, targets in _markdown_cache.get(key, ()):
        if rewrite is None or all(rewrite(target) == result for target, result in targets):
            return html
    calls: list[tuple[str, str]] = []

    def recording(target: str) -> str:
        assert rewrite is not None
        result = rewrite(target)
        calls.append((target, result))
        return result

    html = render_markdown(source, rewrite_target=recording if rewrite else None, shift_headings=shift)
    if len(_markdown_cache) >= _MARKDOWN_CACHE_SIZE:
        _markdown_cache.clear()
    _markdown_cache.setdefault(key, []).append((html, tuple(calls)))
    return html


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    """One entry of the contents: ``anchor`` is its id in the PDF and its page name on the site."""

    anchor: str
    title: str
    number: str = ""
    group: str = ""

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title

    @property
    def page(self) -> str:
        return f"{self.anchor}.html"


@dataclass(frozen=True)
class TargetGroupView:
    name: str
    description: str


@dataclass(frozen=True)
class ActivityView:
    id: str
    start: str
    end: str
    title: str
    method: str
    grouping: str
    minutes: int
    materials: list[str]
    instructions: Markup
    case_title: str

    @property
    def label(self) -> str:
        return f"{self.start}–{self.end} {self.title}"


@dataclass(frozen=True)
class CaseView:
    id: str
    title: str
    text: Markup
    discussion_points: list[str]
    used_in: list[ActivityView] = field(default_factory=list)


@dataclass(frozen=True)
class AdaptationView:
    group: str
    minutes: str
    added: list[str]
    dropped: list[str]
    cases: list[str]
    note: Markup


@dataclass(frozen=True)
class OptionView:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionView:
    number: int
    anchor: str
    type: str
    hint: str
    prompt: str
    options: list[OptionView]
    answer: str
    accepted_answers: list[str]
    feedback_correct: str
    feedback_incorrect: str
    points: str
    answer_lines: int


@dataclass(frozen=True)
class QuestionGroup:
    title: str
    questions: list[QuestionView]


@dataclass(frozen=True)
class ModuleView:
    number: int
    section: Section
    id: str
    title: str
    summary: str
    minutes: int
    duration: str
    mode: str
    mandatory: bool
    adapted_for: str
    outcomes: list[str]
    activities: list[ActivityView]
    learner_text: Markup
    trainer_notes: Markup  # the module's own, the same for every target group
    group_notes: Markup  # what the adaptation for this course's target group adds
    cases: list[CaseView]
    adaptations: list[AdaptationView]
    materials: list[str]
    in_other_courses: bool = False  # taught in other courses of the programme too (to other groups)

    @property
    def has_group_part(self) -> bool:
        """Whether the guide prints a part for this course's group after the module's plan:
        the adaptation note, the case studies, the other groups' adaptations."""
        return bool(self.adapted_for or self.group_notes or self.cases or self.adaptations)


@dataclass(frozen=True)
class ChapterView:
    number: int
    section: Section
    title: str
    body: Markup


@dataclass(frozen=True)
class ChecklistGroup:
    title: str
    items: list[str]


@dataclass
class DocumentView:
    """One document (the guide or the handbook) of one course in one language."""

    kind: Kind
    language: str
    labels: Labels
    title: str
    document_name: str
    course_id: str
    course_title: str
    course_summary: str
    programme_title: str
    programme_summary: str
    organiser_name: str
    organiser_place: str
    organiser_logo: Logo | None
    funder_name: str
    funder_programme: str
    managing_authority: str
    acknowledgement: str
    funder_logo: Logo | None
    project_number: str
    partners: list[str]
    period: str
    year: str
    content_version: str
    facts: list[Fact]
    target_groups: list[TargetGroupView]
    modules: list[ModuleView]
    total_minutes: int
    chapters: list[ChapterView] = field(default_factory=list)
    question_groups: list[QuestionGroup] = field(default_factory=list)
    max_points: str = ""
    pass_mark: str = ""
    checklist: list[ChecklistGroup] = field(default_factory=list)
    all_outcomes: list[str] = field(default_factory=list)
    run_again: list[tuple[str, list[Markup]]] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)

    @property
    def contents(self) -> list[Section]:
        """Every section in reading order (modules and chapters included)."""
        return list(self.sections.values())

    def section(self, key: str) -> Section:
        return self.sections[key]

    @property
    def author(self) -> str:
        return self.organiser_name


def build_view(
    programme: Programme,
    course: Course,
    language: str,
    kind: Kind,
    *,
    programme_folder: Path,
    module_folders: dict[str, Path],
    rewrite_target: TargetRewriter | None = None,
    link: Callable[[Section], str] | None = None,
    content_version: str = "",
) -> DocumentView:
    """The view of ``kind`` for ``course`` in ``language``.

    ``link`` gives the href of a section: an anchor in the PDF (the default),
    a page on the site.
    """
    link = link or (lambda section: f"#{section.anchor}")
    labels = Labels(language)

    def text(value: LocalisedText) -> str:
        return programme.text(value, language)

    def markdown(value: LocalisedText, base: Path, shift: int) -> Markup:
        source = text(value)
        if not source.strip():
            return Markup("")
        rewrite = (lambda target: rewrite_target(base, target)) if rewrite_target else None
        return Markup(_rendered_markdown(source, base, shift, rewrite))

    groups = programme.all_target_groups()

    def group_name(group_id: str) -> str:
        return text(groups[group_id].name) if group_id in groups else group_id

    def logo(path: str | None, alt: str) -> Logo | None:
        if not path:
            return None
        file = (programme_folder / path).resolve()
        return Logo(file, alt) if file.is_file() else None

    guide = kind == "guide"
    sections: dict[str, Section] = {}
    about = "about_course" if guide else "about_this_course"
    sections["about"] = Section("about", labels[about])
    chapters: list[ChapterView] = []
    if guide:
        for number, chapter in enumerate(programme.guide.chapters, start=1):
            section = Section(f"chapter-{chapter.id}", text(chapter.title), str(number), group="guidelines")
            sections[section.anchor] = section
            chapters.append(ChapterView(number, section, text(chapter.title), markdown(chapter.body, programme_folder / "guide", 0)))

    elsewhere = {ref.module for other in programme.courses if other.id != course.id for ref in other.modules}
    modules = [
        _module_view(programme, course, ref, module, number, labels, text, markdown, group_name, module_folders, guide, module.id in elsewhere)
        for number, (ref, module) in enumerate(programme.course_modules(course), start=1)
    ]
    for module in modules:
        sections[module.section.anchor] = module.section

    question_groups = _question_groups(programme, course, labels, text, {m.id: m.title for m in modules})
    sections["knowledge-check"] = Section("knowledge-check", labels["knowledge_check_answers" if guide else "knowledge_check"])
    if guide:
        sections["run-again"] = Section("run-again", labels["run_again"])
        for number, key in enumerate(("materials-checklist", "questionnaire", "evaluation-form"), start=1):
            title = labels[key.replace("-", "_")]
            sections[key] = Section(key, title, labels.format("appendix_n", n=number), group="appendices")
    else:
        sections["notes"] = Section("notes", labels["notes"])

    hours = course.hours
    facts = [Fact(labels["contact_hours"], labels.fmt_number(hours.contact))]
    if hours.self_study:
        facts.append(Fact(labels["self_study_hours"], labels.fmt_number(hours.self_study)))
    facts.append(Fact(labels["academic_hours"], labels.fmt_number(hours.academic_hours)))
    facts.append(Fact(labels["delivery"], labels.delivery_name(course.delivery)))
    if course.max_participants:
        facts.append(Fact(labels["group_size"], labels.format("up_to", n=course.max_participants)))
    facts.append(Fact(labels["languages"], labels.language_list(programme.course_languages(course))))
    completion = course.completion
    rules = [labels.format("attendance_rule", percent=labels.fmt_number(completion.min_attendance_percent))]
    if completion.pass_mark_percent is not None:
        rules.append(labels.format("pass_mark_rule", percent=labels.fmt_number(completion.pass_mark_percent)))
    facts.append(Fact(labels["completion"], "; ".join(rules)))
    titles = {module.id: module.title for module in modules}
    mandatory = [titles.get(module_id, module_id) for module_id in completion.mandatory_modules]
    if mandatory:
        facts.append(Fact(labels["mandatory_modules"], "; ".join(mandatory)))
    if course.certificate.enabled:
        facts.append(Fact(labels["certificate"], labels["certificate_given"]))

    funder = programme.funder
    organiser = programme.organiser
    place = ", ".join(part for part in (organiser.city, str(programme.period.start.year)) if part)
    guide_title = text(programme.guide.title) if guide else ""
    all_outcomes = [outcome for module in modules for outcome in module.outcomes]
    view = DocumentView(
        kind=kind,
        language=language,
        labels=labels,
        title=(guide_title or labels["guide"]) if guide else labels["handbook"],
        document_name=labels["guide_short" if guide else "handbook_short"],
        course_id=course.id,
        course_title=text(course.title),
        course_summary=text(course.summary),
        programme_title=text(programme.title),
        programme_summary=text(programme.summary),
        organiser_name=text(organiser.name),
        organiser_place=place,
        organiser_logo=logo(organiser.logo, text(organiser.name)),
        funder_name=text(funder.name) if funder else "",
        funder_programme=text(funder.programme) if funder else "",
        managing_authority=text(funder.managing_authority) if funder else "",
        acknowledgement=text(funder.acknowledgement) if funder else "",
        funder_logo=logo(funder.logo, text(funder.name)) if funder else None,
        project_number=(programme.funding.project_number or "") if programme.funding else "",
        partners=[text(partner.name) for partner in programme.partners],
        period=labels.fmt_period(programme.period.start, programme.period.end),
        year=str(programme.period.start.year),
        content_version=content_version[:12],
        facts=facts,
        target_groups=[
            TargetGroupView(group_name(group), text(groups[group].description) if group in groups else "") for group in course.target_groups
        ],
        modules=modules,
        total_minutes=sum(module.minutes for module in modules),
        chapters=chapters,
        question_groups=question_groups,
        max_points=labels.format("max_points", points=labels.fmt_number(sum(q.points for _, q in programme.knowledge_check(course)))),
        pass_mark=labels.format("pass_mark", percent=labels.fmt_number(completion.pass_mark_percent)) if completion.pass_mark_percent is not None else "",
        all_outcomes=all_outcomes,
        sections=sections,
    )
    if guide:
        view.checklist = _checklist(modules, labels)
        view.run_again = _run_again(view, course, labels, mandatory, rules, link)
    return view


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _module_view(
    programme: Programme,
    course: Course,
    ref: ModuleRef,
    module: Module,
    number: int,
    labels: Labels,
    text: Callable[[LocalisedText], str],
    markdown: Callable[[LocalisedText, Path, int], Markup],
    group_name: Callable[[str], str],
    module_folders: dict[str, Path],
    guide: bool,
    in_other_courses: bool,
) -> ModuleView:
    folder = module_folders.get(module.id, Path("."))
    original = programme.modules.get(module.id, module)
    target_group = course.target_group_of(ref)
    own_adaptation = original.adaptation_for(target_group)
    cases_by_id = {case.id: case for case in original.case_studies}

    activities = []
    elapsed = 0
    for activity in module.activities:
        case = cases_by_id.get(activity.case_study) if activity.case_study else None
        activities.append(
            ActivityView(
                id=activity.id,
                start=_clock(elapsed),
                end=_clock(elapsed + activity.minutes),
                title=text(activity.title),
                method=labels.method_name(activity.method),
                grouping=labels.grouping_name(activity.grouping),
                minutes=activity.minutes,
                materials=[text(item) for item in activity.materials],
                instructions=markdown(activity.instructions, folder, 2),
                case_title=text(case.title) if case else "",
            )
        )
        elapsed += activity.minutes

    cases = [
        CaseView(
            case.id,
            text(case.title),
            markdown(case.text, folder / "cases", 2),
            [text(point) for point in case.discussion_points],
            [view for view, activity in zip(activities, module.activities) if activity.case_study == case.id],
        )
        for case in module.case_studies
    ]
    adaptations = []
    if guide:
        titles = {activity.id: text(activity.title) for activity in original.activities}
        for adaptation in original.adaptations:
            if adaptation.target_group == target_group:
                continue
            after = labels.format("adaptation_after", activity=_unquoted(titles[adaptation.insert_after])) if adaptation.insert_after in titles else ""
            adaptations.append(
                AdaptationView(
                    group=group_name(adaptation.target_group),
                    minutes=labels.format("adaptation_minutes", minutes=adaptation.minutes) if adaptation.minutes and adaptation.minutes != original.minutes else "",
                    added=[_added(activity, labels, text, after) for activity in adaptation.add_activities],
                    dropped=[titles.get(activity_id, activity_id) for activity_id in adaptation.drop_activities],
                    cases=[
                        labels.format(
                            "adaptation_case",
                            activity=_unquoted(titles.get(activity_id, activity_id)),
                            case=_unquoted(text(cases_by_id[case_id].title) if case_id in cases_by_id else case_id),
                        )
                        for activity_id, case_id in adaptation.use_case_studies.items()
                    ],
                    note=markdown(adaptation.trainer_notes, folder, 3),
                )
            )
    materials = list(dict.fromkeys(item for activity in activities for item in activity.materials))
    self_study = course.mode_of(ref) is StudyMode.SELF_STUDY
    title = text(module.title)
    return ModuleView(
        number=number,
        section=Section(f"module-{module.id}", title, str(number), group="modules"),
        id=module.id,
        title=title,
        summary=text(module.summary),
        minutes=module.minutes,
        duration=labels.fmt_minutes(module.minutes),
        mode=labels["self_study" if self_study else "contact"],
        mandatory=ref.mandatory,
        adapted_for=labels.format("adapted_for", group=group_name(target_group)) if own_adaptation else "",
        outcomes=[text(outcome.text) for outcome in module.outcomes],
        activities=activities,
        learner_text=markdown(module.learner_text, folder, 0),
        trainer_notes=markdown(original.trainer_notes, folder, 1),
        group_notes=markdown(own_adaptation.trainer_notes, folder, 1) if own_adaptation else Markup(""),
        cases=cases,
        adaptations=adaptations,
        materials=materials,
        in_other_courses=in_other_courses,
    )


_QUOTES = "\"'“”„«»‘’"


def _unquoted(title: str) -> str:
    """A title written in quotes, without them: the labels put it in the language's own quotes."""
    stripped = title.strip()
    inner = stripped[1:-1]
    if len(stripped) > 2 and stripped[0] in _QUOTES and stripped[-1] in _QUOTES and not any(mark in inner for mark in _QUOTES):
        return inner
    return title


def _added(activity: Activity, labels: Labels, text: Callable[[LocalisedText], str], after: str) -> str:
    parts = [text(activity.title), f"{labels.method_name(activity.method)}, {labels.grouping_name(activity.grouping).lower()}, {labels.fmt_minutes(activity.minutes)}"]
    return f"{parts[0]} ({parts[1]})" + (f", {after}" if after else "")


def _question_groups(
    programme: Programme, course: Course, labels: Labels, text: Callable[[LocalisedText], str], module_titles: dict[str, str]
) -> list[QuestionGroup]:
    groups: list[QuestionGroup] = []
    number = 0
    for module_id, question in programme.knowledge_check(course):
        title = module_titles.get(module_id, module_id) if module_id else labels["from_course"]
        if not groups or groups[-1].title != title:
            groups.append(QuestionGroup(title, []))
        number += 1
        groups[-1].questions.append(_question_view(question, number, labels, text))
    return groups


def _question_view(question: Question, number: int, labels: Labels, text: Callable[[LocalisedText], str]) -> QuestionView:
    answer = ""
    if question.type is QuestionType.TRUE_FALSE and question.answer is not None:
        answer = labels["true" if question.answer else "false"]
    return QuestionView(
        number=number,
        anchor=f"question-{number}",
        type=question.type.value,
        hint=labels[QUESTION_HINTS[question.type]],
        prompt=text(question.prompt),
        options=[OptionView(text(option.text), option.correct, text(option.feedback)) for option in question.options],
        answer=answer,
        accepted_answers=[text(accepted) for accepted in question.accepted_answers],
        feedback_correct=text(question.feedback_correct),
        feedback_incorrect=text(question.feedback_incorrect),
        points=labels.format("points", points=labels.fmt_number(question.points)),
        answer_lines=3,
    )


def _checklist(modules: list[ModuleView], labels: Labels) -> list[ChecklistGroup]:
    groups = [ChecklistGroup(labels["materials_general"], labels["materials_general_items"].split("|"))]
    for module in modules:
        if module.materials:
            groups.append(ChecklistGroup(f"{module.number}. {module.title}", module.materials))
    return groups


def _run_again(
    view: DocumentView, course: Course, labels: Labels, mandatory: list[str], rules: list[str], link: Callable[[Section], str]
) -> list[tuple[str, list[Markup]]]:
    def ref(key: str) -> Markup:
        section = view.sections[key]
        return Markup('<a class="xref" href="{}">{}</a>').format(link(section), section.number or section.title)

    def line(key: str, **values: object) -> Markup:
        return Markup.escape(labels[key]).format(**values)

    size = labels.format("up_to", n=course.max_participants) if course.max_participants else "–"
    before = [
        line("again_agree", duration=labels.fmt_hours(course.hours.total), size=size),
        line("again_update"),
        line("again_materials", materials=ref("materials-checklist"), questionnaire=ref("questionnaire")),
    ]
    during = [line("again_attendance", rule="; ".join(rules))]
    if mandatory:
        during.append(line("again_mandatory", modules="; ".join(mandatory)))
    during.append(line("again_plans"))
    after = [line("again_check", check=ref("knowledge-check"), evaluation=ref("evaluation-form"))]
    if course.certificate.enabled:
        after.append(line("again_certificates"))
    after.append(line("again_learn"))
    return [(labels["before"], before), (labels["during"], during), (labels["after"], after)]
