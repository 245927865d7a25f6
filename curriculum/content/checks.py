"""Rules about content that one field alone cannot check.

Each check returns (field path, message); the loader turns paths into file
and line. Kept free of file access so the rules can be tested on models.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..model import Course, Module, Programme, StudyMode
from .problems import FieldPath

Finding = tuple[FieldPath, str]


def duplicate_ids(items: Iterable[object], path: FieldPath, what: str) -> list[Finding]:
    ids = [getattr(item, "id", None) for item in items]
    counts = Counter(ids)
    findings = []
    seen: set[object] = set()
    for index, item_id in enumerate(ids):
        if counts[item_id] > 1 and item_id in seen:
            findings.append(((*path, index, "id"), f"the {what} id '{item_id}' is used more than once; ids must be unique"))
        seen.add(item_id)
    return findings


def check_module(module: Module, known_target_groups: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    findings += duplicate_ids(module.outcomes, ("outcomes",), "outcome")
    findings += duplicate_ids(module.activities, ("activities",), "activity")
    findings += duplicate_ids(module.case_studies, ("case_studies",), "case study")
    findings += duplicate_ids(module.assessment.questions, ("assessment", "questions"), "question")
    if not module.outcomes:
        findings.append((("outcomes",), "the module has no learning outcomes; write at least one"))
    if not module.activities:
        findings.append((("activities",), "the module has no activities; write the timed plan"))
    elif module.planned_minutes != module.minutes:
        findings.append(
            (("minutes",), f"the activities add up to {module.planned_minutes} minutes but the module lasts {module.minutes}")
        )
    case_ids = {case.id for case in module.case_studies}
    activity_ids = {activity.id for activity in module.activities}
    for index, activity in enumerate(module.activities):
        if activity.case_study and activity.case_study not in case_ids:
            findings.append(((("activities", index, "case_study")), _unknown("case study", activity.case_study, case_ids)))
    for index, case in enumerate(module.case_studies):
        for group in case.target_groups:
            if group not in known_target_groups:
                findings.append((("case_studies", index, "target_groups"), _unknown("target group", group, known_target_groups)))
    seen_groups: set[str] = set()
    for index, adaptation in enumerate(module.adaptations):
        path: FieldPath = ("adaptations", index)
        if adaptation.target_group not in known_target_groups:
            findings.append(((*path, "target_group"), _unknown("target group", adaptation.target_group, known_target_groups)))
        if adaptation.target_group in seen_groups:
            findings.append(((*path, "target_group"), f"there are two adaptations for '{adaptation.target_group}'; merge them"))
        seen_groups.add(adaptation.target_group)
        for dropped in adaptation.drop_activities:
            if dropped not in activity_ids:
                findings.append(((*path, "drop_activities"), _unknown("activity", dropped, activity_ids)))
        if adaptation.insert_after and adaptation.insert_after not in activity_ids:
            findings.append(((*path, "insert_after"), _unknown("activity", adaptation.insert_after, activity_ids)))
        for activity_id, case_id in adaptation.use_case_studies.items():
            if activity_id not in activity_ids:
                findings.append(((*path, "use_case_studies", activity_id), _unknown("activity", activity_id, activity_ids)))
            if case_id not in case_ids:
                findings.append(((*path, "use_case_studies", activity_id), _unknown("case study", case_id, case_ids)))
        added_ids = [activity.id for activity in adaptation.add_activities]
        for clash in sorted(set(added_ids) & (activity_ids - set(adaptation.drop_activities))):
            findings.append(((*path, "add_activities"), f"the added activity id '{clash}' is already used in the module"))
        for activity_index, activity in enumerate(adaptation.add_activities):
            if activity.case_study and activity.case_study not in case_ids:
                findings.append(((*path, "add_activities", activity_index, "case_study"), _unknown("case study", activity.case_study, case_ids)))
        adapted = module.adapted(adaptation.target_group)
        if adapted.activities and adapted.planned_minutes != adapted.minutes:
            findings.append(
                (
                    (*path, "minutes") if adaptation.minutes else path,
                    f"for '{adaptation.target_group}' the activities add up to {adapted.planned_minutes} minutes "
                    f"but the adapted module lasts {adapted.minutes}",
                )
            )
    return findings


def check_programme(programme: Programme, broken_modules: set[str] = frozenset()) -> list[Finding]:
    """Cross-references, sums and uniqueness across programme.yaml."""
    findings: list[Finding] = []
    findings += duplicate_ids(programme.courses, ("courses",), "course")
    findings += duplicate_ids(programme.events, ("events",), "event")
    findings += duplicate_ids(programme.target_groups, ("target_groups",), "target group")
    findings += duplicate_ids(programme.phases, ("phases",), "phase")
    findings += duplicate_ids(programme.partners, ("partners",), "partner")
    findings += duplicate_ids(programme.guide.chapters, ("guide", "chapters"), "chapter")
    findings += duplicate_ids(programme.plan_templates, ("plan_templates",), "plan template")
    duplicates = Counter(programme.languages)
    for index, code in enumerate(programme.languages):
        if duplicates[code] > 1:
            findings.append((("languages", index), f"the language '{code}' is listed twice"))
            duplicates[code] = 0
    library_groups = {group.id for group in programme.library_target_groups}
    for index, group in enumerate(programme.target_groups):
        if group.id in library_groups:
            findings.append(
                (("target_groups", index, "id"), f"the target group '{group.id}' is already defined in _library/target_groups.yaml; use it without redefining it")
            )
    groups = set(programme.all_target_groups())
    modules = set(programme.modules) | set(broken_modules)
    for index, course in enumerate(programme.courses):
        findings += _check_course(programme, course, ("courses", index), groups, modules, broken_modules)
    event_ids = {event.id for event in programme.events}
    for index, event in enumerate(programme.events):
        path: FieldPath = ("events", index)
        for group in event.target_groups:
            if group not in groups:
                findings.append(((*path, "target_groups"), _unknown("target group", group, groups)))
        for module_id in event.modules:
            if module_id not in modules:
                findings.append(((*path, "modules"), _unknown("module", module_id, modules)))
        days = [day.day for day in event.days]
        if len(days) != len(set(days)):
            findings.append(((*path, "days"), "two days have the same number"))
        for day_index, day in enumerate(event.days):
            for session_index, session in enumerate(day.sessions):
                if session.end <= session.start:
                    findings.append(
                        ((*path, "days", day_index, "sessions", session_index, "end"), f"ends ({session.end:%H:%M}) before it starts ({session.start:%H:%M})")
                    )
    for index, template in enumerate(programme.plan_templates):
        path = ("plan_templates", index)
        findings += duplicate_ids(template.goals, (*path, "goals"), "goal")
        for goal_index, goal in enumerate(template.goals):
            for module_id in goal.suggested_modules:
                if module_id not in modules:
                    findings.append(((*path, "goals", goal_index, "suggested_modules"), _unknown("module", module_id, modules)))
            for event_id in goal.suggested_events:
                if event_id not in event_ids:
                    findings.append(((*path, "goals", goal_index, "suggested_events"), _unknown("event", event_id, event_ids)))
    for index, phase in enumerate(programme.phases):
        if phase.period and (phase.period.start < programme.period.start or phase.period.end > programme.period.end):
            findings.append(((("phases", index, "period")), "the phase lies outside the programme's period"))
    return findings


def _check_course(
    programme: Programme, course: Course, path: FieldPath, groups: set[str], modules: set[str], broken: set[str]
) -> list[Finding]:
    findings: list[Finding] = []
    for group in course.target_groups:
        if group not in groups:
            findings.append(((*path, "target_groups"), _unknown("target group", group, groups)))
    for code in course.languages:
        if code not in programme.languages:
            findings.append(((*path, "languages"), f"the language '{code}' is not one of the programme's languages ({', '.join(programme.languages)})"))
    used = [ref.module for ref in course.modules]
    counts = Counter(used)
    for index, ref in enumerate(course.modules):
        ref_path = (*path, "modules", index)
        if ref.module not in modules:
            findings.append(((*ref_path, "module"), _unknown("module", ref.module, modules)))
        if counts[ref.module] > 1:
            findings.append(((*ref_path, "module"), f"the module '{ref.module}' is used twice in this course"))
            counts[ref.module] = 0
        if ref.adapt_for and ref.adapt_for not in groups:
            findings.append(((*ref_path, "adapt_for"), _unknown("target group", ref.adapt_for, groups)))
    for mandatory in course.completion.mandatory_modules:
        if mandatory not in used:
            findings.append(((*path, "completion", "mandatory_modules"), f"'{mandatory}' is not one of this course's modules ({', '.join(used)})"))
    if any(ref.module in broken or ref.module not in modules for ref in course.modules):
        return findings  # sums would only repeat the module's own problem
    for mode, stated in ((StudyMode.CONTACT, course.hours.contact), (StudyMode.SELF_STUDY, course.hours.self_study)):
        minutes = programme.course_minutes(course, mode)
        if abs(minutes - stated * 60) > 0.5:
            label = "contact" if mode is StudyMode.CONTACT else "self_study"
            findings.append(
                ((*path, "hours", label), f"the {label.replace('_', '-')} modules add up to {_hours(minutes)} hours ({minutes} minutes) but the course states {stated:g}")
            )
    if course.hours.academic is not None and abs(course.hours.academic - course.hours.academic_hours) > 0.051:
        findings.append(
            ((*path, "hours", "academic"), f"{course.hours.total:g} clock hours are {course.hours.academic_hours:g} academic hours of 45 minutes, not {course.hours.academic:g}")
        )
    if not programme.knowledge_check(course):
        findings.append(((*path,), "the course has no knowledge check: its modules have no questions and it has no knowledge_check"))
    return findings


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def _unknown(what: str, value: str, known: set[str]) -> str:
    import difflib

    guesses = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f" Did you mean '{guesses[0]}'?" if guesses else ""
    return f"unknown {what} '{value}'.{hint}"
