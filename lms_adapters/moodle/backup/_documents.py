"""Every file Moodle's restore reads, as bytes by path inside the backup.

Shapes follow what Moodle 4.5 writes (backup/moodle2/backup_stepslib.php and each
activity's backup_*_stepslib.php) for a course backup without user data: the
empty files are there too, because restore steps open them unconditionally.
"""

from __future__ import annotations

import hashlib

from lxml import etree

from .._common import STUDENT_ROLE
from ._plan import (
    COURSE_CONTEXT_ID,
    COURSE_GRADE_ITEM_ID,
    COURSE_ID,
    GRADE_CATEGORY_ID,
    SCO_BASE,
    Activity,
    BackupPlan,
    Section,
)
from ._xml import document, element, wrapper

MOODLE_VERSION = "2024100700"
MOODLE_RELEASE = "4.5 (Build: 20241007)"
BACKUP_VERSION = "2024100700"
BACKUP_RELEASE = "4.5"
PLUGIN_VERSION = "2024100700"  # every core activity module of 4.5.0

ROOT_SETTINGS = (
    ("imscc11", 0), ("users", 0), ("anonymize", 0), ("role_assignments", 0), ("activities", 1), ("blocks", 0),
    ("files", 1), ("filters", 0), ("comments", 0), ("badges", 0), ("calendarevents", 0), ("userscompletion", 0),
    ("logs", 0), ("grade_histories", 0), ("questionbank", 1), ("groups", 1), ("competencies", 0), ("customfield", 1),
    ("contentbankcontent", 1), ("xapistate", 0), ("legacyfiles", 0),
)


def _empty(tag: str, *inner: str) -> bytes:
    return document(wrapper(tag, [wrapper(name) for name in inner]))


def backup_documents(plan: BackupPlan) -> dict[str, bytes]:
    files: dict[str, bytes] = {
        "moodle_backup.xml": moodle_backup(plan),
        "files.xml": files_xml(plan),
        "roles.xml": roles_definition(),
        "gradebook.xml": gradebook(plan),
        "questions.xml": _empty("question_categories"),
        "groups.xml": _empty("groups", "groupcustomfields", "groupings"),
        "outcomes.xml": _empty("outcomes_definition"),
        "scales.xml": _empty("scales_definition"),
        "completion.xml": _empty("course_completion"),
        "badges.xml": _empty("badges"),
        "grade_history.xml": _empty("grade_history", "grade_grades"),
        "users.xml": _empty("users"),
    }
    files.update(course_documents(plan))
    for section in plan.sections:
        files[f"{section.directory}/section.xml"] = section_xml(plan, section)
        files[f"{section.directory}/inforef.xml"] = _empty("inforef")
    for activity in plan.activities:
        files.update(activity_documents(plan, activity))
    for stored in plan.files:
        files[f"files/{stored.contenthash[:2]}/{stored.contenthash}"] = stored.data
    return files


# -- moodle_backup.xml --------------------------------------------------------------


def _setting(level: str, name: str, value: object, **owner: str) -> etree._Element:
    fields: dict = {"level": level}
    fields.update(owner)
    fields.update({"name": name, "value": value})
    return element("setting", fields)


def moodle_backup(plan: BackupPlan) -> bytes:
    backup_id = hashlib.md5(f"{plan.idnumber}".encode()).hexdigest()
    information = element(
        "information",
        {
            "name": plan.file_name,
            "moodle_version": MOODLE_VERSION,
            "moodle_release": MOODLE_RELEASE,
            "backup_version": BACKUP_VERSION,
            "backup_release": BACKUP_RELEASE,
            "backup_date": plan.timestamp,
            "mnet_remoteusers": 0,
            "include_files": 1,
            "include_file_references_to_external_content": 0,
            "original_wwwroot": "https://curriculum.invalid",
            "original_site_identifier_hash": hashlib.md5(b"curriculum").hexdigest(),
            "original_course_id": COURSE_ID,
            "original_course_format": "topics",
            "original_course_fullname": plan.fullname,
            "original_course_shortname": plan.shortname,
            "original_course_startdate": plan.startdate,
            "original_course_enddate": plan.enddate,
            "original_course_contextid": COURSE_CONTEXT_ID,
            "original_system_contextid": 1,
        },
        [
            wrapper(
                "details",
                [
                    element(
                        "detail",
                        {"type": "course", "format": "moodle2", "interactive": 1, "mode": 10, "execution": 1, "executiontime": 0},
                        backup_id=backup_id,
                    )
                ],
            ),
            wrapper(
                "contents",
                [
                    wrapper(
                        "activities",
                        [
                            element(
                                "activity",
                                {
                                    "moduleid": activity.moduleid,
                                    "sectionid": activity.section_id,
                                    "modulename": activity.modname,
                                    "title": activity.name,
                                    "directory": activity.directory,
                                    "insubsection": "",
                                },
                            )
                            for activity in plan.activities
                        ],
                    ),
                    wrapper(
                        "sections",
                        [
                            element(
                                "section",
                                # Moodle's title is the section's name, or its number when it has none.
                                {"sectionid": section.id, "title": section.name or section.number, "directory": section.directory, "parentcmid": "", "modname": ""},
                            )
                            for section in plan.sections
                        ],
                    ),
                    element("course", {"courseid": COURSE_ID, "title": plan.shortname, "directory": "course"}),
                ],
            ),
            wrapper(
                "settings",
                [
                    _setting("root", "filename", plan.file_name),
                    *(_setting("root", name, value) for name, value in ROOT_SETTINGS),
                    *(
                        _setting("section", f"section_{section.id}_{kind}", value, section=f"section_{section.id}")
                        for section in plan.sections
                        for kind, value in (("included", 1), ("userinfo", 0))
                    ),
                    *(
                        _setting("activity", f"{activity.modname}_{activity.moduleid}_{kind}", value, activity=f"{activity.modname}_{activity.moduleid}")
                        for activity in plan.activities
                        for kind, value in (("included", 1), ("userinfo", 0))
                    ),
                ],
            ),
        ],
    )
    return document(wrapper("moodle_backup", [information]))


# -- files, roles, gradebook ------------------------------------------------------


def files_xml(plan: BackupPlan) -> bytes:
    rows = []
    for stored in plan.files:
        rows.append(
            element(
                "file",
                {
                    "contenthash": stored.contenthash,
                    "contextid": stored.contextid,
                    "component": stored.component,
                    "filearea": stored.filearea,
                    "itemid": 0,
                    "filepath": stored.filepath,
                    "filename": stored.filename,
                    "userid": None,
                    "filesize": len(stored.data),
                    "mimetype": stored.mimetype,
                    "status": 0,
                    "timecreated": plan.timestamp,
                    "timemodified": plan.timestamp,
                    "source": None,
                    "author": None,
                    "license": None,
                    "sortorder": 0,
                    "repositorytype": None,
                    "repositoryid": None,
                    "reference": None,
                },
                id=stored.id,
            )
        )
    return document(wrapper("files", rows))


def roles_definition() -> bytes:
    role = element(
        "role",
        {"name": "", "shortname": "student", "nameincourse": None, "description": "", "sortorder": 5, "archetype": "student"},
        id=STUDENT_ROLE,
    )
    return document(wrapper("roles_definition", [role]))


def _grade_item(item_id: int, category: int | None, fields: dict) -> etree._Element:
    values = {
        "categoryid": category,
        "itemname": None,
        "itemtype": "course",
        "itemmodule": None,
        "iteminstance": GRADE_CATEGORY_ID,
        "itemnumber": None,
        "iteminfo": None,
        "idnumber": None,
        "calculation": None,
        "gradetype": 1,
        "grademax": 100.0,
        "grademin": 0.0,
        "scaleid": None,
        "outcomeid": None,
        "gradepass": 0.0,
        "multfactor": 1.0,
        "plusfactor": 0.0,
        "aggregationcoef": 0.0,
        "aggregationcoef2": 0.0,
        "weightoverride": 0,
        "sortorder": 1,
        "display": 0,
        "decimals": None,
        "hidden": 0,
        "locked": 0,
        "locktime": 0,
        "needsupdate": 0,
    }
    values.update(fields)
    return element("grade_item", values, [wrapper("grade_grades")], id=item_id)


def gradebook(plan: BackupPlan) -> bytes:
    category = element(
        "grade_category",
        {
            "parent": None,
            "depth": 1,
            "path": f"/{GRADE_CATEGORY_ID}/",
            "fullname": "?",
            "aggregation": 13,
            "keephigh": 0,
            "droplow": 0,
            "aggregateonlygraded": 1,
            "aggregateoutcomes": 0,
            "timecreated": plan.timestamp,
            "timemodified": plan.timestamp,
            "hidden": 0,
        },
        id=GRADE_CATEGORY_ID,
    )
    course_item = _grade_item(COURSE_GRADE_ITEM_ID, None, {"timecreated": plan.timestamp, "timemodified": plan.timestamp})
    settings = wrapper("grade_settings", [element("grade_setting", {"name": "minmaxtouse", "value": 1}, id="")])
    return document(
        wrapper(
            "gradebook",
            [wrapper("attributes"), wrapper("grade_categories", [category]), wrapper("grade_items", [course_item]), wrapper("grade_letters"), settings],
        )
    )


# -- course/ ----------------------------------------------------------------------


def course_documents(plan: BackupPlan) -> dict[str, bytes]:
    course = element(
        "course",
        {
            "shortname": plan.shortname,
            "fullname": plan.fullname,
            "idnumber": plan.idnumber,
            "summary": plan.summary,
            "summaryformat": 1,
            "format": "topics",
            "showgrades": 1,
            "newsitems": 0,
            "startdate": plan.startdate,
            "enddate": plan.enddate,
            "marker": 0,
            "maxbytes": 0,
            "legacyfiles": 0,
            "showreports": 0,
            "visible": 1,
            "groupmode": 0,
            "groupmodeforce": 0,
            "defaultgroupingid": 0,
            "lang": plan.language,
            "theme": "",
            "timecreated": plan.timestamp,
            "timemodified": plan.timestamp,
            "requested": 0,
            "showactivitydates": 1,
            "showcompletionconditions": 1,
            "pdfexportfont": None,
            "enablecompletion": 1,
            "completionnotify": 0,
        },
        [
            element("category", {"name": plan.programme.text(plan.programme.title, plan.language), "description": None}, id=1),
            wrapper("tags"),
            wrapper("customfields"),
            # Moodle 4.x writes the course format's options in their own list.
            wrapper(
                "courseformatoptions",
                [
                    element("courseformatoption", {"format": "topics", "sectionid": 0, "name": name, "value": value})
                    for name, value in (("coursedisplay", 0), ("hiddensections", 1))
                ],
            ),
        ],
        id=COURSE_ID,
        contextid=COURSE_CONTEXT_ID,
    )
    manual = element(
        "enrol",
        {
            "enrol": "manual",
            "status": 0,
            "name": None,
            "enrolperiod": 0,
            "enrolstartdate": 0,
            "enrolenddate": 0,
            "expirynotify": 0,
            "expirythreshold": 86400,
            "notifyall": 0,
            "password": None,
            "cost": None,
            "currency": None,
            "roleid": STUDENT_ROLE,
            **{f"customint{n}": None for n in range(1, 9)},
            **{f"customchar{n}": None for n in range(1, 4)},
            **{f"customdec{n}": None for n in range(1, 3)},
            **{f"customtext{n}": None for n in range(1, 5)},
            "timecreated": plan.timestamp,
            "timemodified": plan.timestamp,
        },
        [wrapper("user_enrolments")],
        id=1,
    )
    inforef = wrapper("inforef", [wrapper("roleref", [element("role", {"id": STUDENT_ROLE})])])
    return {
        "course/course.xml": document(course),
        "course/enrolments.xml": document(wrapper("enrolments", [wrapper("enrols", [manual])])),
        "course/inforef.xml": document(inforef),
        "course/roles.xml": _empty("roles", "role_overrides", "role_assignments"),
        "course/completiondefaults.xml": _empty("course_completion_defaults"),
        "course/calendar.xml": _empty("events"),
        "course/comments.xml": _empty("comments"),
        "course/competencies.xml": _empty("course_competencies", "competencies", "user_competencies"),
        "course/contentbank.xml": _empty("contents"),
        "course/filters.xml": _empty("filters", "filter_actives", "filter_configs"),
        "course/logs.xml": _empty("logs"),
        "course/logstores.xml": _empty("logstores"),
        "course/loglastaccess.xml": _empty("lastaccesses"),
    }


# -- sections/ ----------------------------------------------------------------------


def section_xml(plan: BackupPlan, section: Section) -> bytes:
    return document(
        element(
            "section",
            {
                "number": section.number,
                "name": section.name,
                "summary": section.summary,
                "summaryformat": 1,
                "sequence": ",".join(str(activity.moduleid) for activity in section.activities),
                "visible": 1,
                "availabilityjson": None,
                "component": None,
                "itemid": None,
                "timemodified": plan.timestamp,
            },
            id=section.id,
        )
    )


# -- activities/ --------------------------------------------------------------------


def activity_documents(plan: BackupPlan, activity: Activity) -> dict[str, bytes]:
    folder = activity.directory
    body = page_xml(plan, activity) if activity.modname == "page" else scorm_xml(plan, activity)
    inforef = wrapper("inforef", [wrapper("fileref", [element("file", {"id": stored.id}) for stored in activity.files])] if activity.files else [])
    return {
        f"{folder}/module.xml": module_xml(plan, activity),
        f"{folder}/{activity.modname}.xml": body,
        f"{folder}/inforef.xml": document(inforef),
        f"{folder}/grades.xml": activity_grades(plan, activity),
        f"{folder}/grade_history.xml": _empty("grade_history", "grade_grades"),
        f"{folder}/roles.xml": _empty("roles", "role_overrides", "role_assignments"),
        f"{folder}/filters.xml": _empty("filters", "filter_actives", "filter_configs"),
        f"{folder}/comments.xml": _empty("comments"),
        f"{folder}/calendar.xml": _empty("events"),
        f"{folder}/competencies.xml": _empty("course_module_competencies", "competencies"),
        f"{folder}/completion.xml": _empty("completions"),
        f"{folder}/logs.xml": _empty("logs"),
        f"{folder}/logstores.xml": _empty("logstores"),
    }


def module_xml(plan: BackupPlan, activity: Activity) -> bytes:
    return document(
        element(
            "module",
            {
                "modulename": activity.modname,
                "sectionid": activity.section_id,
                "sectionnumber": activity.section_number,
                "idnumber": "",
                "added": plan.timestamp,
                "score": 0,
                "indent": 0,
                "visible": int(activity.visible),
                "visibleoncoursepage": 1,
                "visibleold": int(activity.visible),
                "groupmode": 0,
                "groupingid": 0,
                "completion": activity.completion,
                "completiongradeitemnumber": None,
                "completionpassgrade": 0,
                "completionview": int(activity.completionview),
                "completionexpected": 0,
                "availability": None,
                "showdescription": 0,
                "downloadcontent": 1,
                "lang": "",
            },
            [wrapper("tags")],
            id=activity.moduleid,
            version=PLUGIN_VERSION,
        )
    )


def _activity(activity: Activity, body: etree._Element) -> bytes:
    root = element("activity", id=activity.instanceid, moduleid=activity.moduleid, modulename=activity.modname, contextid=activity.contextid)
    root.append(body)
    return document(root)


def page_xml(plan: BackupPlan, activity: Activity) -> bytes:
    page = element(
        "page",
        {
            "name": activity.name,
            "intro": "",
            "introformat": 1,
            "content": activity.content,
            "contentformat": 1,
            "legacyfiles": 0,
            "legacyfileslast": None,
            "display": 5,
            "displayoptions": 'a:2:{s:10:"printintro";s:1:"0";s:17:"printlastmodified";s:1:"1";}',
            "revision": 1,
            "timemodified": plan.timestamp,
        },
        id=activity.instanceid,
    )
    return _activity(activity, page)


def scorm_xml(plan: BackupPlan, activity: Activity) -> bytes:
    package = plan.scorm
    reference = next(stored.filename for stored in activity.files if stored.filearea == "package")
    scoes = []
    for index, sco in enumerate(package.scoes):
        sco_id = SCO_BASE + index + 1
        datas = [element("sco_data", {"name": name, "value": value}, id=sco_id * 100 + position) for position, (name, value) in enumerate(sco.data, start=1)]
        scoes.append(
            element(
                "sco",
                {
                    "manifest": sco.manifest,
                    "organization": sco.organization,
                    "parent": sco.parent,
                    "identifier": sco.identifier,
                    "launch": sco.launch,
                    "scormtype": sco.scormtype,
                    "title": sco.title,
                    "sortorder": index + 1,
                },
                [wrapper("sco_datas", datas), wrapper("seq_ruleconds"), wrapper("seq_rolluprules"), wrapper("seq_objectives"), wrapper("sco_tracks")],
                id=sco_id,
            )
        )
    scorm = element(
        "scorm",
        {
            "name": activity.name,
            "scormtype": "local",
            "reference": reference,
            "intro": plan.summary,
            "introformat": 1,
            "version": package.version,
            "maxgrade": 100,
            "grademethod": 1,
            "whatgrade": 0,
            "maxattempt": 0,
            "forcecompleted": 0,
            "forcenewattempt": 0,
            "lastattemptlock": 0,
            "masteryoverride": 1,
            "displayattemptstatus": 1,
            "displaycoursestructure": 0,
            "updatefreq": 0,
            "sha1hash": hashlib.sha1(package.data).hexdigest(),
            "md5hash": "",
            "revision": 1,
            "launch": SCO_BASE + package.launch_index + 1,
            "skipview": 0,
            "hidebrowse": 0,
            "hidetoc": 0,
            "nav": 1,
            "navpositionleft": -100,
            "navpositiontop": -100,
            "auto": 0,
            "popup": 0,
            "options": "",
            "width": 100,
            "height": 600,
            "timeopen": 0,
            "timeclose": 0,
            "timemodified": plan.timestamp,
            # Complete when every SCO reports completed or passed (2 | 4): the modules
            # report completed, the knowledge check passed.
            "completionstatusrequired": 6,
            "completionscorerequired": None,
            "completionstatusallscos": 1,
            "autocommit": 0,
            "displayactivityname": 1,
        },
        [wrapper("scoes", scoes)],
        id=activity.instanceid,
    )
    return _activity(activity, scorm)


def activity_grades(plan: BackupPlan, activity: Activity) -> bytes:
    items = []
    if activity.modname == "scorm":
        items.append(
            _grade_item(
                COURSE_GRADE_ITEM_ID + 1,
                GRADE_CATEGORY_ID,
                {
                    "itemname": activity.name,
                    "itemtype": "mod",
                    "itemmodule": "scorm",
                    "iteminstance": activity.instanceid,
                    "itemnumber": 0,
                    "idnumber": "",
                    "gradepass": plan.pass_mark_percent,
                    "aggregationcoef2": 1.0,
                    "sortorder": 2,
                    "timecreated": plan.timestamp,
                    "timemodified": plan.timestamp,
                },
            )
        )
    return document(wrapper("activity_gradebook", [wrapper("grade_items", items), wrapper("grade_letters")]))


__all__ = ["backup_documents"]
