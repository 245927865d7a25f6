"""Rules about records: attendance statuses and who completed a course.

Pure functions over plain facts, so the rule is tested without a database and
the store can feed it from one aggregate query however many people there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .course import CompletionRule


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    EXCUSED = "excused"
    ABSENT = "absent"


# Statuses whose minutes count toward completion; excused absence does not.
COUNTING_STATUSES = frozenset({AttendanceStatus.PRESENT, AttendanceStatus.LATE})


@dataclass(frozen=True)
class CompletionFacts:
    """What the records say about one participant in one course."""

    participant_id: int
    attended_minutes: int
    covered_modules: frozenset[str]
    check_score: float | None = None


@dataclass(frozen=True)
class CompletionDecision:
    participant_id: int
    attended_minutes: int
    required_minutes: int
    percent: float
    completed: bool
    reasons: tuple[str, ...]

    @property
    def attended_hours(self) -> float:
        return round(self.attended_minutes / 60, 2)


def decide_completion(rule: CompletionRule, contact_minutes: int, facts: CompletionFacts, module_titles: dict[str, str] | None = None) -> CompletionDecision:
    """Did this person complete? And if not, every reason why, in plain words."""
    titles = module_titles or {}
    percent = 100.0 if contact_minutes == 0 else round(100 * facts.attended_minutes / contact_minutes, 1)
    reasons: list[str] = []
    if contact_minutes and percent + 1e-9 < rule.min_attendance_percent:
        reasons.append(
            f"attended {facts.attended_minutes / 60:g} of {contact_minutes / 60:g} contact hours ({percent:g}%), "
            f"needs {rule.min_attendance_percent:g}%"
        )
    for module in rule.mandatory_modules:
        if module not in facts.covered_modules:
            reasons.append(f"missed the mandatory module '{titles.get(module, module)}'")
    if rule.pass_mark_percent is not None:
        if facts.check_score is None:
            reasons.append("no knowledge-check result recorded")
        elif facts.check_score + 1e-9 < rule.pass_mark_percent:
            reasons.append(f"knowledge check {facts.check_score:g}%, pass mark {rule.pass_mark_percent:g}%")
    return CompletionDecision(
        participant_id=facts.participant_id,
        attended_minutes=facts.attended_minutes,
        required_minutes=round(contact_minutes * rule.min_attendance_percent / 100),
        percent=percent,
        completed=not reasons,
        reasons=tuple(reasons),
    )
