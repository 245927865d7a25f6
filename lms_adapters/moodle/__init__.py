"""Moodle: publishing over its web services, and files a Moodle admin imports
(course backups, Common Cartridge, question banks, the Upload users CSV).

The web-service side: ``MoodleClient`` (REST, PHP bracket encoding, errors by
errorcode, retries), ``publish`` / ``plan_publish`` (a programme's courses,
people, groups, cohorts and sessions, batched and idempotent) and
``pull_courses`` (completion, SCORM scores and attendance back). The file
packages live in ``lms_adapters.moodle.backup``, ``.cartridge``,
``.questions`` and ``.users_csv``.
"""

from ._common import MoodleExportError
from .publish import Plan, PlanItem, PublishReport, PublishRequest, plan_publish, publish
from .pull import PULL_FUNCTIONS, PulledCourse, pull_courses
from .webservice import (
    AccessDeniedError,
    DuplicateIdNumberError,
    InvalidParameterError,
    InvalidTokenError,
    MissingFunctionsError,
    MoodleClient,
    MoodleError,
    MoodleResponseError,
    MoodleUnavailableError,
    NoPermissionError,
    PasswordPolicyError,
    RecordNotFoundError,
    SiteInfo,
)

__all__ = [
    "AccessDeniedError",
    "DuplicateIdNumberError",
    "InvalidParameterError",
    "InvalidTokenError",
    "MissingFunctionsError",
    "MoodleClient",
    "MoodleError",
    "MoodleExportError",
    "MoodleResponseError",
    "MoodleUnavailableError",
    "NoPermissionError",
    "PULL_FUNCTIONS",
    "PasswordPolicyError",
    "Plan",
    "PlanItem",
    "PublishReport",
    "PublishRequest",
    "PulledCourse",
    "RecordNotFoundError",
    "SiteInfo",
    "plan_publish",
    "publish",
    "pull_courses",
]
