"""The plan is pure: Moodle's state in, create / update / unchanged out (no HTTP here)."""

from __future__ import annotations

from lms_adapters.moodle.publish import DesiredCohort, DesiredCourse, DesiredGroup, DesiredUser, MoodleState, PublishRequest, make_plan
from lms_adapters.moodle.publish._state import CourseState
from lms_adapters.moodle.webservice import SiteInfo

SITE = SiteInfo("Moodle", "4.5.6", "2024100706", "admin", 2, frozenset())
COURSE = DesiredCourse(course_id="c", language="lv", idnumber="curriculum:p:c:lv", shortname="P-C-LV", fullname="Kurss", summary="", startdate=100,
                       enddate=200, section_names=("Viens", "Divi"), students=("u1", "u2"), groups=(DesiredGroup("g", "riga", ("u1",)),))
REQUEST = PublishRequest("p", "curriculum:p", "Programme", "", (COURSE,),
                         (DesiredUser("u1", "a@example.lv", "A", "B", "a@example.lv"), DesiredUser("u2", "c@example.lv", "C", "D", "c@example.lv")),
                         (DesiredCohort("curriculum:p:cohort:x", "X", ("u1", "u2")),))


def test_an_empty_site_means_create_everything():
    counts = make_plan(REQUEST, MoodleState(site=SITE)).counts()
    assert {kind: dict(counter) for kind, counter in counts.items()} == {
        "category": {"create": 1}, "course": {"create": 1}, "section": {"create": 2}, "user": {"create": 2}, "enrolment": {"create": 2},
        "group": {"create": 1}, "group member": {"create": 1}, "cohort": {"create": 1}, "cohort member": {"create": 2},
    }


def test_what_moodle_holds_is_unchanged_and_what_differs_is_updated():
    record = {"fullname": "Kurss (old)", "shortname": "P-C-LV", "idnumber": COURSE.idnumber, "summary": "", "startdate": 100, "enddate": 200, "lang": "lv", "enablecompletion": 1}
    course = CourseState(id=5, record=record, sections={0: (10, ""), 1: (11, "Viens"), 2: (12, "New section")}, contents_read=True,
                         enrolled={31: {5}, 32: {5}}, groups={"g": {"id": 7}}, group_members={7: {31}})
    state = MoodleState(site=SITE, category={"id": 3}, courses={COURSE.idnumber: course},
                        users={"u1": {"id": 31}, "u2": {"id": 32}}, cohorts={"curriculum:p:cohort:x": {"id": 9}}, cohort_members={9: {31}})
    plan = make_plan(REQUEST, state)
    actions = {(item.kind, item.name): (item.action, item.detail) for item in plan.items}
    assert actions[("course", "P-C-LV")] == ("update", "fullname")
    assert actions[("section", "P-C-LV 1. Viens")][0] == "unchanged" and actions[("section", "P-C-LV 2. Divi")][0] == "update"
    assert {item.action for item in plan.of_kind("enrolment")} == {"unchanged"}
    assert [item.action for item in plan.of_kind("cohort member")] == ["unchanged", "create"]
    assert plan.writes_needed


def test_a_teacher_who_is_not_in_moodle_is_skipped_not_created():
    teacher = DesiredUser("teacher:t@example.lv", "t@example.lv", "", "", "t@example.lv", create=False)
    request = PublishRequest("p", "curriculum:p", "Programme", "", (DesiredCourse(**{**COURSE.__dict__, "teachers": (teacher.idnumber,)}),), (*REQUEST.users, teacher))
    plan = make_plan(request, MoodleState(site=SITE))
    assert [(item.kind, item.action) for item in plan.items if "t@example.lv" in item.name] == [("user", "skipped"), ("enrolment", "skipped")]


def test_a_course_to_be_duplicated_is_compared_with_its_template():
    from dataclasses import replace

    from lms_adapters.moodle.publish._state import TemplateState

    course = replace(COURSE, section_names=("Viens", "Divi", "Trīs"), template_course_id=42)
    template = TemplateState(id=42, section_names={0: "", 1: "Viens", 2: "Otrs"}, has_attendance=False)
    plan = make_plan(replace(REQUEST, courses=(course,)), MoodleState(site=SITE, templates={42: template}))
    assert [(item.action, item.detail) for item in plan.of_kind("section")] == [
        ("unchanged", "named so in template course 42"),
        ("update", "renamed after duplicating the template"),
        ("skipped", "template course 42 has no such section: add it there"),
    ]
    assert [item.detail for item in plan.of_kind("course")] == ["from template course 42"]


def test_a_copy_found_by_short_name_without_its_idnumber_gets_it():
    """A template copy whose publish stopped before its idnumber was set: the plan says so, and apply sets it."""
    record = {"fullname": "Kurss", "shortname": "P-C-LV", "idnumber": "", "summary": "", "startdate": 100, "enddate": 200, "lang": "lv", "enablecompletion": 1}
    state = MoodleState(site=SITE, category={"id": 3}, courses={COURSE.idnumber: CourseState(id=5, record=record)})
    [course] = make_plan(REQUEST, state).of_kind("course")
    assert (course.action, course.detail) == ("update", "idnumber")
