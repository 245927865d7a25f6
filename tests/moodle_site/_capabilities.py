"""Which capability each function checks, and its name as Moodle shows it in `nopermissions` errors.

Only used when a test takes a capability away (`site.deny_capability`): by default
the token's user is a site admin and may do everything.
"""

from __future__ import annotations

# function -> capability it requires (checked after parameter validation, as Moodle does)
REQUIRED = {
    "core_course_create_categories": "moodle/category:manage",
    "core_course_create_courses": "moodle/course:create",
    "core_course_update_courses": "moodle/course:update",  # per course, reported as a warning
    "core_update_inplace_editable": "moodle/course:update",  # checked by the format callback, after the lookup
    "core_course_duplicate_course": "moodle/backup:backupcourse",
    "core_user_create_users": "moodle/user:create",
    "core_user_update_users": "moodle/user:update",
    "enrol_manual_enrol_users": "enrol/manual:enrol",
    "core_enrol_get_enrolled_users": "moodle/course:viewparticipants",
    "core_group_create_groups": "moodle/course:managegroups",
    "core_group_get_course_groups": "moodle/course:managegroups",
    "core_group_add_group_members": "moodle/course:managegroups",
    "core_group_get_group_members": "moodle/course:managegroups",
    "core_cohort_create_cohorts": "moodle/cohort:manage",
    "core_cohort_add_cohort_members": "moodle/cohort:assign",
    "core_cohort_get_cohorts": "moodle/cohort:view",
    "core_cohort_search_cohorts": "moodle/cohort:view",
    "core_cohort_get_cohort_members": "moodle/cohort:view",
    "core_completion_get_activities_completion_status": "report/progress:view",
    "core_completion_get_course_completion_status": "report/completion:view",
    "mod_scorm_get_scorm_sco_tracks": "mod/scorm:viewreport",
    "mod_attendance_add_attendance": "mod/attendance:addinstance",
    "mod_attendance_add_session": "mod/attendance:manageattendances",
    "mod_attendance_update_user_status": "mod/attendance:takeattendances",
}

DISPLAY_NAMES = {
    "moodle/category:manage": "Manage course categories",
    "moodle/course:create": "Create courses",
    "moodle/course:update": "Update course settings",
    "moodle/backup:backupcourse": "Backup courses",
    "moodle/user:create": "Create users",
    "moodle/user:update": "Update user profiles",
    "enrol/manual:enrol": "Enrol users",
    "moodle/course:viewparticipants": "View participants",
    "moodle/course:managegroups": "Manage groups",
    "moodle/cohort:manage": "Create, delete and move cohorts",
    "moodle/cohort:assign": "Add and remove cohort members",
    "moodle/cohort:view": "View site cohorts",
    "report/progress:view": "View activity completion reports",
    "report/completion:view": "View course completion report",
    "mod/scorm:viewreport": "View SCORM reports",
    "mod/attendance:addinstance": "Add a new Attendance",
    "mod/attendance:manageattendances": "Manage Attendances",
    "mod/attendance:takeattendances": "Taking Attendances",
}
