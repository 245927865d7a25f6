"""HTTP calls and time to publish 4 courses x 8 modules and 500 participants to the
local Moodle (tests/moodle_site), beside a naive one-call-per-object baseline,
both measured in the same run, and a re-publish with no changes.

Run on demand (pytest does not collect tests/benchmarks):

    .venv/bin/python tests/benchmarks/bench_moodle_publish.py [PARTICIPANTS] [LATENCY_SECONDS]

LATENCY_SECONDS (default 0.02) is added by the site to every answer, like a
network and PHP start-up; a real Moodle often needs 50-200 ms a call.

The programme is synthesised as the adapter's input (PublishRequest): what the
service builds from the content and the records, so only Moodle traffic is timed.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lms_adapters.moodle.identifiers import category_idnumber, cohort_idnumber, course_idnumber, course_shortname, group_idnumber, user_idnumber  # noqa: E402
from lms_adapters.moodle.publish import DesiredCohort, DesiredCourse, DesiredGroup, DesiredSession, DesiredUser, PublishRequest, publish  # noqa: E402
from lms_adapters.moodle.webservice import MoodleClient, is_read  # noqa: E402
from moodle_site import running_moodle_site  # noqa: E402

COURSES, MODULES, SESSIONS = 4, 8, 2
START = 1_772_438_400  # 2026-03-02


def synthetic_request(participants: int) -> PublishRequest:
    programme = "bench"
    users = tuple(
        DesiredUser(user_idnumber(f"P-{number:06d}"), f"learner{number}@example.lv", f"Līga{number}", f"Bērziņa{number}", f"learner{number}@example.lv")
        for number in range(participants)
    )
    courses = []
    for index in range(COURSES):
        course_id = f"course-{index + 1}"
        people = [user.idnumber for number, user in enumerate(users) if number % COURSES == index]
        halves = [people[: len(people) // 2], people[len(people) // 2 :]]
        groups = tuple(DesiredGroup(group_idnumber(programme, course_id, "lv", f"g{part + 1}"), f"g{part + 1}", tuple(members)) for part, members in enumerate(halves))
        sessions = tuple(
            DesiredSession(f"{course_id}/g1/{number:02d}", START + number * 7 * 86400, 3 * 3600, f"[{course_id}/g1/{number:02d}] Rīga", groups[0].idnumber)
            for number in range(SESSIONS)
        )
        courses.append(DesiredCourse(
            course_id=course_id, language="lv", idnumber=course_idnumber(programme, course_id, "lv"), shortname=course_shortname(programme, course_id, "lv"),
            fullname=f"Kurss {index + 1}", summary="<p>Kursa apraksts</p>", startdate=START, enddate=START + 60 * 86400,
            section_names=tuple(f"Modulis {module + 1}" for module in range(MODULES)), students=tuple(people), groups=groups, sessions=sessions,
        ))
    cohorts = (DesiredCohort(cohort_idnumber(programme, "social-workers"), "Sociālie darbinieki", tuple(user.idnumber for user in users)),)
    return PublishRequest(programme, category_idnumber(programme), "Bench programme", "", tuple(courses), users, cohorts)


def naive_publish(client: MoodleClient, request: PublishRequest) -> None:
    """The baseline: one call per object and a look-up per person, as a first script would do."""
    category = client.call("core_course_create_categories", {"categories": [{"name": request.category_name, "idnumber": request.category_idnumber, "parent": 0}]})[0]["id"]
    user_ids = {}
    for user in request.users:
        found = client.call("core_user_get_users_by_field", {"field": "idnumber", "values": [user.idnumber]})
        if not found:
            found = client.call("core_user_create_users", {"users": [{"username": user.username, "createpassword": 1, "firstname": user.firstname,
                                                                       "lastname": user.lastname, "email": user.email, "idnumber": user.idnumber, "auth": "manual"}]})
        user_ids[user.idnumber] = found[0]["id"]
    for course in request.courses:
        course_id = client.call("core_course_create_courses", {"courses": [{"fullname": course.fullname, "shortname": course.shortname, "categoryid": category,
                                                                            "idnumber": course.idnumber, "numsections": len(course.section_names), "lang": "lv", "enablecompletion": 1}]})[0]["id"]
        sections = client.call("core_course_get_contents", {"courseid": course_id})
        for section, title in zip(sections[1:], course.section_names):
            client.call("core_update_inplace_editable", {"component": "format_topics", "itemtype": "sectionname", "itemid": section["id"], "value": title})
        for student in course.students:
            client.call("enrol_manual_enrol_users", {"enrolments": [{"roleid": 5, "userid": user_ids[student], "courseid": course_id}]})
        for group in course.groups:
            group_id = client.call("core_group_create_groups", {"groups": [{"courseid": course_id, "name": group.name, "description": "", "idnumber": group.idnumber}]})[0]["id"]
            for member in group.members:
                client.call("core_group_add_group_members", {"members": [{"groupid": group_id, "userid": user_ids[member]}]})
        attendance = client.call("mod_attendance_add_attendance", {"courseid": course_id, "name": "Apmeklējums"})["attendanceid"]
        for session in course.sessions:
            client.call("mod_attendance_add_session", {"attendanceid": attendance, "description": session.description, "sessiontime": session.start, "duration": session.duration})
    for cohort in request.cohorts:
        cohort_id = client.call("core_cohort_create_cohorts", {"cohorts": [{"categorytype": {"type": "system", "value": ""}, "name": cohort.name, "idnumber": cohort.idnumber}]})[0]["id"]
        for member in cohort.members:
            client.call("core_cohort_add_cohort_members", {"members": [{"cohorttype": {"type": "id", "value": cohort_id}, "usertype": {"type": "id", "value": user_ids[member]}}]})


LATENCY = 0.02


@dataclass
class Route:
    """One measured way of publishing: its calls per web-service function, and its times."""

    label: str
    short: str
    calls: Counter = field(default_factory=Counter)
    writes: int = 0
    wall: float = 0.0
    cpu: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.calls.values())


def measure(label: str, short: str, wanted: PublishRequest, work: Callable[[MoodleClient, Any], None],
            setup: Callable[[MoodleClient, Any], Any] | None = None) -> Route:
    """Calls and time of ``work`` on a fresh site, after ``setup`` (not counted; what it returns goes to ``work``).

    ``work`` gets a client of its own, as a second run of the command would (site info is read again)."""
    with running_moodle_site(latency=LATENCY) as site:
        with MoodleClient(site.url, site.token) as client:
            prepared = setup(client, site) if setup is not None else site
        with MoodleClient(site.url, site.token) as client:
            wall, cpu = time.perf_counter(), time.process_time()
            work(client, prepared)
            route = Route(label, short, Counter(call.function for call in client.calls), len(client.write_calls),
                          time.perf_counter() - wall, time.process_time() - cpu)
        sections_as_wanted(site, prepared if isinstance(prepared, PublishRequest) else wanted)
    print(f"{label:<46} {route.total:>6} calls ({route.writes:>5} writes) {route.wall:>7.2f} s wall {route.cpu:>6.2f} s CPU")
    return route


def with_templates(request: PublishRequest, site: Any) -> PublishRequest:
    """The request with every course duplicated from its own template, restored once from our backup."""
    courses = []
    for course in request.courses:
        template = site.seed_restored_course(list(course.section_names), fullname=course.fullname, shortname=course.shortname, lang=course.language)
        courses.append(replace(course, template_course_id=template))
    return replace(request, courses=tuple(courses))


def sections_as_wanted(site: Any, request: PublishRequest) -> None:
    """The benchmark counts only publishes that did the job: every course's sections carry the module names."""
    for course in request.courses:
        record = next(item for item in site.state.courses.values() if item.idnumber == course.idnumber)
        names = [section.display_name() for section in sorted(site.state.course_sections(record.id), key=lambda s: s.section)][1:]
        if names != list(course.section_names):
            raise SystemExit(f"{course.shortname}: sections {names}, wanted {list(course.section_names)}")


def print_by_function(routes: list[Route]) -> None:
    """Where the calls go: one row per web-service function, one column per route."""
    functions = sorted({name for route in routes for name in route.calls}, key=lambda name: (-max(route.calls[name] for route in routes), name))
    width = max(len(name) for name in functions)
    print()
    print(f"{'calls per function':<{width}} " + " ".join(f"{route.short:>12}" for route in routes))
    for name in functions:
        kind = "w" if not is_read(name) else "r"
        print(f"{name:<{width}} " + " ".join(f"{route.calls[name] or '':>12}" for route in routes) + f"  {kind}")
    print(f"{'total':<{width}} " + " ".join(f"{route.total:>12}" for route in routes))


def main() -> None:
    global LATENCY
    participants = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    LATENCY = float(sys.argv[2]) if len(sys.argv) > 2 else LATENCY
    request = synthetic_request(participants)
    print(f"{COURSES} courses x {MODULES} modules, {participants} participants, {SESSIONS} sessions a course, one cohort; "
          f"{LATENCY * 1000:.0f} ms added to every answer; CPU time is client and server together (one process)")
    plain = measure("publish, plain courses", "plain", request, lambda client, site: publish(client, request))
    template = measure("publish from template courses", "template", request, lambda client, templated: publish(client, templated),
                       setup=lambda client, site: with_templates(request, site))
    again = measure("re-publish with no changes", "re-publish", request, lambda client, site: publish(client, request),
                    setup=lambda client, site: publish(client, request))
    naive = measure("naive baseline (one call per object)", "naive", request, lambda client, site: naive_publish(client, request))
    print_by_function([plain, template, again, naive])
    print()
    sections = plain.calls["core_update_inplace_editable"] + plain.calls["core_course_get_contents"]
    attendance = plain.calls["mod_attendance_add_attendance"] + plain.calls["mod_attendance_add_session"]
    print(f"ratio naive/plain: {naive.total / plain.total:.1f}x the calls; naive/template: {naive.total / template.total:.1f}x")
    print(f"plain publish: {plain.total} calls, of which {sections} find and name sections (one get_contents a course, one "
          f"core_update_inplace_editable a section) and {attendance} create attendance activities and sessions (one call each); "
          f"the other {plain.total - sections - attendance} do not grow with courses, sections or people")
    print(f"template publish: {template.total} calls, {template.calls['core_update_inplace_editable']} section renames (target: under 40)")
    print(f"re-publish: {again.total} calls, {again.writes} writes (target: reads only)")


if __name__ == "__main__":
    main()
