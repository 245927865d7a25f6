"""What tests set directly, as if it had happened in Moodle's web pages:
restored course content and learners' progress (read back by `moodle pull`)."""

from __future__ import annotations

from ._state import NOW, Completion, Course, CourseModule, Quiz, SiteState
from .functions.attendance import record_mark
from .functions.sections import add_section


def seed_course_content(state: SiteState, courseid: int, scorm_name: str, quiz_name: str, modules: int
                        ) -> dict[str, int]:
    if courseid not in state.courses:
        raise KeyError(f"no course {courseid} on the test site")
    sections = state.course_sections(courseid)
    target = sections[1] if len(sections) > 1 else sections[0]
    scorm_cmid = state.next_id("course_modules")
    # Like our packages: one SCO per module, then the knowledge check.
    titles = [(f"ITEM-{number}", f"Module {number}") for number in range(1, modules + 1)]
    scorm = state.new_scorm(courseid, scorm_cmid, scorm_name, [*titles, ("ITEM-CHECK", "Knowledge check")])
    scorm_cm = CourseModule(scorm_cmid, courseid, "scorm", scorm.id, scorm_name, target.id)
    quiz_id = state.next_id("quiz")
    quiz_cm = CourseModule(state.next_id("course_modules"), courseid, "quiz", quiz_id, quiz_name, sections[-1].id)
    state.quizzes[quiz_id] = Quiz(quiz_id, courseid, quiz_cm.id, quiz_name)
    for module in (scorm_cm, quiz_cm):
        state.modules[module.id] = module
        state.sections[module.section].sequence.append(module.id)
    return {"scorm": scorm_cm.id, "quiz": quiz_cm.id}


def seed_restored_course(state: SiteState, categoryid: int, fullname: str, shortname: str, section_names: list[str],
                         lang: str, modules: int) -> int:
    """A course as `restore_backup.php` leaves it from one of our backups: sections named after the
    modules, a SCORM package and a quiz; the restored names carry Moodle's " copy 1" / "_1" suffix."""
    if categoryid not in state.categories:
        raise KeyError(f"no category {categoryid} on the test site")
    course = Course(id=state.next_id("course"), fullname=f"{fullname} copy 1", shortname=f"{shortname}_1",
                    categoryid=categoryid, lang=lang, enablecompletion=1)
    state.courses[course.id] = course
    add_section(state, course.id, 0)
    for number, name in enumerate(section_names, start=1):
        add_section(state, course.id, number, name)
    seed_course_content(state, course.id, "E-learning", "Knowledge check", modules)
    return course.id


def set_activity_completion(state: SiteState, courseid: int, userid: int, cmid: int, completion_state: int,
                            timecompleted: int | None) -> None:
    module = state.modules.get(cmid)
    if module is None or module.course != courseid:
        raise KeyError(f"no activity {cmid} in course {courseid} on the test site")
    when = timecompleted if timecompleted is not None else (NOW if completion_state else 0)
    state.activity_completion[(cmid, userid)] = Completion(completion_state, when)


def set_course_completion(state: SiteState, courseid: int, userid: int, timecompleted: int | None) -> None:
    if timecompleted is None:
        state.course_completion.pop((courseid, userid), None)
    else:
        state.course_completion[(courseid, userid)] = timecompleted


def set_scorm_score(state: SiteState, cmid: int, userid: int, score: float, status: str, attempt: int,
                    sco: str) -> None:
    scorm = next((s for s in state.scorms.values() if s.cmid == cmid), None)
    if scorm is None:
        raise KeyError(f"no SCORM activity {cmid} on the test site")
    target = next((s for s in scorm.scoes if s.identifier == sco), None)
    if target is None:
        raise KeyError(f"no SCO {sco!r} in SCORM activity {cmid}: {[s.identifier for s in scorm.scoes]}")
    attempts = scorm.tracks.setdefault((userid, target.id), [])
    while len(attempts) < attempt:
        attempts.append({})
    raw = str(int(score)) if float(score).is_integer() else str(score)
    attempts[attempt - 1].update({"cmi.core.lesson_status": status, "cmi.core.score.raw": raw,
                                  "cmi.core.score.max": "100", "cmi.core.score.min": "0",
                                  "x.start.time": str(NOW)})


def set_attendance_status(state: SiteState, sessionid: int, userid: int, acronym: str, takenby: int) -> None:
    session = state.attendance_sessions[sessionid]
    statuses = state.attendances[session.attendanceid].statuses
    status = next(s for s in statuses if s.acronym == acronym)
    record_mark(state, session, userid, status.id, takenby)
