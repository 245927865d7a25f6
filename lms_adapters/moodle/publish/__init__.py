"""Publishing a programme to Moodle over web services: read, plan, apply.

``plan_publish`` reads what Moodle holds (batched, a fixed number of calls)
and compares it with the request; ``publish`` also carries the plan out.
"""

from __future__ import annotations

from ..webservice import ATTENDANCE_FUNCTIONS, MoodleClient
from ._apply import MAX_INPUT_VARS, Progress, PublishReport, apply_plan, chunks
from ._plan import CREATE, SKIPPED, UNCHANGED, UPDATE, Plan, PlanItem, make_plan
from ._request import (
    EDITING_TEACHER_ROLE,
    STUDENT_ROLE,
    DesiredCohort,
    DesiredCourse,
    DesiredGroup,
    DesiredSession,
    DesiredUser,
    PublishRequest,
)
from ._state import MoodleState, courses_in_category, find_category, read_state, session_code_of

READ_FUNCTIONS = (
    "core_webservice_get_site_info",
    "core_course_get_categories",
    "core_course_get_courses_by_field",
    "core_course_get_contents",
    "core_enrol_get_enrolled_users",
    "core_group_get_course_groups",
    "core_group_get_group_members",
    "core_user_get_users_by_field",
    "core_cohort_search_cohorts",
    "core_cohort_get_cohort_members",
)
WRITE_FUNCTIONS = (
    "core_course_create_categories",
    "core_course_create_courses",
    "core_course_update_courses",
    "core_update_inplace_editable",
    "core_user_create_users",
    "enrol_manual_enrol_users",
    "core_group_create_groups",
    "core_group_add_group_members",
    "core_cohort_create_cohorts",
    "core_cohort_add_cohort_members",
)
TEMPLATE_FUNCTIONS = ("core_course_duplicate_course",)


def required_functions(request: PublishRequest) -> list[str]:
    """Every function this publish may call (attendance ones are optional: detected, not required)."""
    needed = [*READ_FUNCTIONS, *WRITE_FUNCTIONS]
    if any(course.template_course_id for course in request.courses):
        needed += TEMPLATE_FUNCTIONS
    return needed


def plan_publish(client: MoodleClient, request: PublishRequest) -> tuple[Plan, MoodleState]:
    """Check the token's functions, read Moodle's state, and compare: nothing is written."""
    client.require_functions(required_functions(request), "publishing")
    state = read_state(client, request)
    return make_plan(request, state), state


def publish(client: MoodleClient, request: PublishRequest, progress: Progress | None = None) -> tuple[Plan, PublishReport]:
    """Plan, then write only what differs. A second identical publish makes no write call."""
    plan, state = plan_publish(client, request)
    report = apply_plan(client, request, state, progress) if plan.writes_needed else unchanged_report(state, request)
    report.notes[:0] = list(request.notes)
    return plan, report


def unchanged_report(state: MoodleState, request: PublishRequest) -> PublishReport:
    """The report of a publish that had nothing to write: where Moodle holds the category and courses."""
    report = PublishReport(category_id=int(state.category["id"]) if state.category else None)
    report.course_ids = {course.idnumber: state.courses[course.idnumber].id for course in request.courses if course.idnumber in state.courses}
    return report


__all__ = [
    "ATTENDANCE_FUNCTIONS",
    "CREATE",
    "DesiredCohort",
    "DesiredCourse",
    "DesiredGroup",
    "DesiredSession",
    "DesiredUser",
    "EDITING_TEACHER_ROLE",
    "MAX_INPUT_VARS",
    "MoodleState",
    "Plan",
    "PlanItem",
    "PublishReport",
    "PublishRequest",
    "READ_FUNCTIONS",
    "SKIPPED",
    "STUDENT_ROLE",
    "UNCHANGED",
    "UPDATE",
    "WRITE_FUNCTIONS",
    "apply_plan",
    "chunks",
    "courses_in_category",
    "find_category",
    "make_plan",
    "plan_publish",
    "publish",
    "read_state",
    "required_functions",
    "session_code_of",
    "unchanged_report",
]
