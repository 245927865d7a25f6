"""Moodle's exceptions as the REST server reports them (HTTP 200, `exception` key).

Class names follow Moodle 4.5: most are namespaced (`core\\exception\\...`),
database misses and web-service access errors are not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class MoodleError(Exception):
    """An error answered as `{"exception","errorcode","message"[,"debuginfo"]}`."""

    exception: str
    errorcode: str
    message: str
    debuginfo: str | None = None

    def as_dict(self, debugging: bool) -> dict[str, str]:
        answer = {"exception": self.exception, "errorcode": self.errorcode, "message": self.message}
        if debugging and self.debuginfo is not None:
            answer["debuginfo"] = self.debuginfo
        return answer


MOODLE_EXCEPTION = "core\\exception\\moodle_exception"
INVALID_PARAMETER = "core\\exception\\invalid_parameter_exception"


def invalid_parameter(debuginfo: str) -> MoodleError:
    return MoodleError(INVALID_PARAMETER, "invalidparameter", "Invalid parameter value detected", debuginfo)


def moodle_exception(errorcode: str, message: str, debuginfo: str | None = None) -> MoodleError:
    return MoodleError(MOODLE_EXCEPTION, errorcode, message, debuginfo)


def missing_record(table: str) -> MoodleError:
    """`$DB->get_record(..., MUST_EXIST)` found nothing."""
    return MoodleError(
        "dml_missing_record_exception", "invalidrecord", f"Can't find data record in database table {table}."
    )


def invalid_token() -> MoodleError:
    return moodle_exception("invalidtoken", "Invalid token - token not found")


def access_exception(debuginfo: str) -> MoodleError:
    return MoodleError("webservice_access_exception", "accessexception", "Access control exception", debuginfo)


def function_not_allowed(function: str) -> MoodleError:
    return access_exception(
        f"Access to the function {function}() is not allowed.\n"
        "There could be multiple reasons for this:\n"
        "1. The service linked to the user token does not contain the function.\n"
        "2. The service is user-restricted and the user is not in the allowed user list.\n"
        "3. The service is IP-restricted and the user IP is not in the IP whitelist.\n"
        "4. The service is time-restricted and the time has expired.\n"
        "5. The token is time-restricted and the time has expired.\n"
        "6. The service requires a specific capability which the user does not have.\n"
        "7. The function is called with username/password (no user token is sent)\n"
        "and none of the services has the function to allow the user.\n"
        "These settings can be found in Administration > Site administration\n"
        "> Server > Web services > External services and Manage tokens."
    )


def rest_not_allowed() -> MoodleError:
    return access_exception(
        "You are not allowed to use the rest protocol (missing capability: webservice/rest:use)"
    )


def required_capability(capability: str, name: str) -> MoodleError:
    return MoodleError(
        "core\\exception\\required_capability_exception",
        "nopermissions",
        f"Sorry, but you do not currently have permissions to do that ({name}).",
        capability,
    )
