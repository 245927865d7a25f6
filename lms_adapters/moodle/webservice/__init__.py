"""Moodle's REST web service: a client that encodes like PHP, retries, and turns
error answers into exceptions that say what to do."""

from ._client import ATTENDANCE_FUNCTIONS, CallRecord, MoodleClient, SiteInfo, is_read
from ._encoding import php_form
from ._errors import (
    AccessDeniedError,
    DuplicateIdNumberError,
    InvalidParameterError,
    InvalidTokenError,
    MissingFunctionsError,
    MoodleError,
    MoodleResponseError,
    MoodleUnavailableError,
    NoPermissionError,
    PasswordPolicyError,
    RecordNotFoundError,
    error_from_answer,
    plain_text,
)

__all__ = [
    "ATTENDANCE_FUNCTIONS",
    "AccessDeniedError",
    "CallRecord",
    "DuplicateIdNumberError",
    "InvalidParameterError",
    "InvalidTokenError",
    "MissingFunctionsError",
    "MoodleClient",
    "MoodleError",
    "MoodleResponseError",
    "MoodleUnavailableError",
    "NoPermissionError",
    "PasswordPolicyError",
    "RecordNotFoundError",
    "SiteInfo",
    "error_from_answer",
    "is_read",
    "php_form",
    "plain_text",
]
