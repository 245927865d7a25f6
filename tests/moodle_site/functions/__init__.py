"""External functions by area; importing this package registers them all."""

from . import (  # noqa: F401
    attendance, categories, cohorts, completion, courses, duplicate, enrol, groups, scorm, sections, site_info, users,
)
