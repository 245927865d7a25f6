"""External functions by area; importing this package registers them all."""

from . import attendance, cohorts, completion, courses, enrol, groups, scorm, site_info, users  # noqa: F401
