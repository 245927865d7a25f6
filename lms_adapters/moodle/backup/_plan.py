"""What goes into a course backup, decided before any XML is written: sections,
activities, files and the ids that tie them together.

Moodle maps every id in a backup to a new one on restore, so ours only need to
be consistent inside the file; they are small fixed numbers, which keeps the
backup byte-identical from one run to the next.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from curriculum.model import Course, Programme
from curriculum.render.markdown import render_markdown
from lms_adapters.moodle.identifiers import course_idnumber, course_shortname
from lms_adapters.scorm import build_scorm_package, package_filename, plan_package

from .._common import label, resolve_course
from ._scorm import ScormPackage, read_scorm_package

COURSE_ID = 1
COURSE_CONTEXT_ID = 2
SECTION_BASE = 100
MODULE_BASE = 1000
INSTANCE_BASE = 2000
CONTEXT_BASE = 3000
FILE_BASE = 5000
SCO_BASE = 6000
GRADE_CATEGORY_ID = 1
COURSE_GRADE_ITEM_ID = 1

MIMETYPES = {".js": "application/x-javascript", ".css": "text/css", ".html": "text/html", ".xml": "application/xml", ".zip": "application/zip"}


@dataclass(frozen=True)
class StoredFile:
    """One row of files.xml; the content goes to files/<hash[0:2]>/<hash>."""

    id: int
    contextid: int
    component: str
    filearea: str
    filepath: str
    filename: str
    data: bytes

    @property
    def contenthash(self) -> str:
        return hashlib.sha1(self.data).hexdigest()

    @property
    def mimetype(self) -> str:
        suffix = Path(self.filename).suffix.lower()
        return MIMETYPES.get(suffix) or mimetypes.guess_type(self.filename)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Activity:
    moduleid: int
    instanceid: int
    contextid: int
    modname: str
    name: str
    section_id: int
    section_number: int
    visible: bool
    completion: int  # 0 none, 2 automatic
    completionview: bool
    content: str = ""
    files: tuple[StoredFile, ...] = ()

    @property
    def directory(self) -> str:
        return f"activities/{self.modname}_{self.moduleid}"


@dataclass(frozen=True)
class Section:
    id: int
    number: int
    name: str | None
    summary: str
    activities: tuple[Activity, ...]

    @property
    def directory(self) -> str:
        return f"sections/section_{self.id}"


@dataclass(frozen=True)
class BackupPlan:
    programme: Programme
    course: Course
    language: str
    timestamp: int
    fullname: str
    shortname: str
    idnumber: str
    summary: str
    startdate: int
    enddate: int
    sections: tuple[Section, ...]
    scorm: ScormPackage
    pass_mark_percent: float
    file_name: str

    @property
    def activities(self) -> list[Activity]:
        return [activity for section in self.sections for activity in section.activities]

    @property
    def files(self) -> list[StoredFile]:
        return [stored for activity in self.activities for stored in activity.files]


def _midnight(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc).timestamp())


def backup_file_name(programme: Programme, course: "Course | str", language: str) -> str:
    """e.g. different-client-social-workers-course-lv.mbz."""
    course_id = course if isinstance(course, str) else course.id
    return f"{programme.id}-{course_id}-{language}.mbz"


def _prose(text: str) -> str:
    # Relative links and images point into the module folder, which a page does not
    # carry (the SCORM package does): they become plain text anchors.
    return render_markdown(text, rewrite_target=lambda target: "#") if text.strip() else ""


def _scorm_files(scorm: ScormPackage, package_name: str, contextid: int) -> tuple[StoredFile, ...]:
    """The package itself (file area 'package') and every file in it unpacked ('content'),
    as Moodle keeps them after an upload."""
    files = [StoredFile(FILE_BASE, contextid, "mod_scorm", "package", "/", package_name, scorm.data)]
    for index, (path, content) in enumerate(sorted(scorm.members.items()), start=1):
        folder, _, name = path.rpartition("/")
        files.append(StoredFile(FILE_BASE + index, contextid, "mod_scorm", "content", f"/{folder}/" if folder else "/", name, content))
    return tuple(files)


def plan_backup(
    programme: Programme,
    course: "Course | str",
    language: str,
    *,
    scorm_version: str = "1.2",
    module_folders: Mapping[str, Path] | None = None,
) -> BackupPlan:
    course_id = course if isinstance(course, str) else course.id
    found = resolve_course(programme, course_id, language)
    text = lambda value: programme.text(value, language)  # noqa: E731
    timestamp = _midnight(programme.period.start)
    fullname = text(found.title)
    summary_text = text(found.summary) or text(programme.summary)

    counter = iter(range(1, 10_000))
    sections: list[Section] = []

    def activity(modname: str, name: str, section: tuple[int, int], **values) -> Activity:
        number = next(counter)
        return Activity(MODULE_BASE + number, INSTANCE_BASE + number, CONTEXT_BASE + number, modname, name[:255], section[0], section[1], **values)

    # The whole course as one SCORM activity in the general section: every module is
    # a SCO in it and the knowledge check its scored last SCO.
    scorm = read_scorm_package(build_scorm_package(programme, course_id, language, scorm_version, module_folders=module_folders))
    package_activity = activity("scorm", label(language, "elearning", title=fullname), (SECTION_BASE, 0), visible=True, completion=2, completionview=False)
    package_name = package_filename(programme, course_id, language, scorm_version)
    package_activity = replace(package_activity, files=_scorm_files(scorm, package_name, package_activity.contextid))
    sections.append(Section(SECTION_BASE, 0, None, _prose(summary_text), (package_activity,)))

    for number, (_, module) in enumerate(programme.course_modules(found), start=1):
        place = (SECTION_BASE + number, number)
        title = text(module.title)
        items = [activity("page", title, place, visible=True, completion=2, completionview=True, content=_prose(text(module.learner_text)))]
        notes = text(module.trainer_notes)
        if notes.strip():
            items.append(
                activity("page", label(language, "trainer_notes", title=title), place, visible=False, completion=0, completionview=False, content=_prose(notes))
            )
        sections.append(Section(place[0], number, title[:255], _prose(text(module.summary)), tuple(items)))

    pass_mark = plan_package(programme, course_id, language, scorm_version).pass_mark_percent
    return BackupPlan(
        programme=programme,
        course=found,
        language=language,
        timestamp=timestamp,
        fullname=fullname,
        shortname=course_shortname(programme.id, course_id, language),
        idnumber=course_idnumber(programme.id, course_id, language),
        summary=_prose(summary_text),
        startdate=timestamp,
        enddate=_midnight(programme.period.end),
        sections=tuple(sections),
        scorm=scorm,
        pass_mark_percent=pass_mark,
        file_name=backup_file_name(programme, course_id, language),
    )
