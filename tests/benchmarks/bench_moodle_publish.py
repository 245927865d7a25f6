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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from lms_adapters.moodle.identifiers import category_idnumber, cohort_idnumber, course_idnumber, course_shortname, group_idnumber, user_idnumber  # noqa: E402
from lms_adapters.moodle.publish import DesiredCohort, DesiredCourse, DesiredGroup, DesiredSession, DesiredUser, PublishRequest, publish  # noqa: E402
from lms_adapters.moodle.webservice import MoodleClient  # noqa: E402
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


def measure(label: str, work, setup=None) -> tuple[int, int]:
    """Calls and time of ``work`` on a fresh site (after ``setup``, which is not counted)."""
    with running_moodle_site(latency=LATENCY) as site, MoodleClient(site.url, site.token) as client:
        if setup is not None:
            setup(client, site)
            client.calls.clear()
        wall, cpu = time.perf_counter(), time.process_time()
        work(client, site)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        calls, writes = len(client.calls), len(client.write_calls)
    print(f"{label:<44} {calls:>6} calls ({writes:>5} writes) {wall:>7.2f} s wall {cpu:>6.2f} s CPU (client and server share the process)")
    return calls, writes


def main() -> None:
    global LATENCY
    participants = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    LATENCY = float(sys.argv[2]) if len(sys.argv) > 2 else LATENCY
    request = synthetic_request(participants)
    print(f"{COURSES} courses x {MODULES} modules, {participants} participants, {SESSIONS} sessions a course, one cohort; "
          f"{LATENCY * 1000:.0f} ms added to every answer")
    ours, _ = measure("publish (batched, this project)", lambda client, site: publish(client, request))

    again, again_writes = measure("re-publish with no changes", lambda client, site: publish(client, request),
                                  setup=lambda client, site: publish(client, request))
    naive, _ = measure("naive baseline (one call per object)", lambda client, site: naive_publish(client, request))
    section_calls = COURSES * MODULES
    print(f"ratio naive/ours: {naive / ours:.1f}x the calls")
    print(f"of our {ours} calls, {section_calls} name sections (core_update_inplace_editable takes one section) and "
          f"{COURSES * (SESSIONS + 1)} create attendance activities and sessions (one each); the rest: {ours - section_calls - COURSES * (SESSIONS + 1)}")
    print(f"re-publish: {again} calls, {again_writes} writes (target: reads only, under 40)")


if __name__ == "__main__":
    main()
