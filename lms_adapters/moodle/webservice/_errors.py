"""Moodle's errors as exceptions a caller can catch, with messages that say what to do.

Moodle answers errors with HTTP 200 and ``{"exception", "errorcode", "message"}``
(plus ``debuginfo`` when the site has debugging on). The class name is
namespaced differently across versions, so errors are told apart by
``errorcode`` only.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from curriculum.errors import CurriculumError

SERVICES_PAGE = "Site administration > Server > Web services > External services"
TOKENS_PAGE = "Site administration > Server > Web services > Manage tokens"
ROLES_PAGE = "Site administration > Users > Permissions > Define roles"


class MoodleError(CurriculumError):
    """Moodle refused a call or could not be reached. ``function`` and ``errorcode`` say which and why."""

    def __init__(self, message: str, *, function: str | None = None, errorcode: str | None = None, debuginfo: str | None = None) -> None:
        super().__init__(message)
        self.function = function
        self.errorcode = errorcode
        self.debuginfo = debuginfo


class MoodleUnavailableError(MoodleError):
    """No usable answer after the retries: timeouts, dropped connections, 5xx."""


class MoodleResponseError(MoodleError):
    """The answer is not Moodle's JSON (a wrong address, a proxy page, the XML format)."""


class InvalidTokenError(MoodleError):
    """The site does not know the token."""


class AccessDeniedError(MoodleError):
    """The function is not in the token's service, or the user may not use REST."""


class MissingFunctionsError(AccessDeniedError):
    """Site info shows functions the work needs that the token's service lacks."""

    def __init__(self, missing: list[str], purpose: str) -> None:
        self.missing = missing
        super().__init__(
            f"the Moodle token cannot call {len(missing)} function(s) that {purpose} needs: {', '.join(missing)}. "
            f"Add them to the token's service in {SERVICES_PAGE} > Functions (nothing was changed in Moodle)",
            errorcode="accessexception",
        )


class InvalidParameterError(MoodleError):
    """Moodle rejected a parameter (debuginfo, when the site shows it, names which)."""


class DuplicateIdNumberError(MoodleError):
    """An object with this idnumber, short name or username exists already."""


class PasswordPolicyError(MoodleError):
    """A password does not meet the site's password policy."""


class RecordNotFoundError(MoodleError):
    """Moodle cannot find a record: an unknown function, course, user..."""


class NoPermissionError(MoodleError):
    """The token's user lacks a capability the function checks."""


DUPLICATE_CODES = {"categoryidnumbertaken", "courseidnumbertaken", "shortnametaken", "idnumbertaken", "cohortidnumbertaken", "groupidnumbertaken"}
_DUPLICATE_DEBUG = re.compile(r"already exists|already used|duplicate", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")


def plain_text(html: str) -> str:
    """Moodle puts HTML in some error codes (the password policy): keep the words."""
    text = unescape(_TAGS.sub(" ", html))
    text = re.sub(r"^error/", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def error_from_answer(answer: dict[str, Any], function: str, site: str) -> MoodleError:
    """The exception for one error answer of ``function``."""
    code = str(answer.get("errorcode") or "")
    message = str(answer.get("message") or "")
    debug = answer.get("debuginfo")
    debuginfo = str(debug).strip() if debug else None
    detail = f" ({debuginfo})" if debuginfo else ""
    extra = {"function": function, "errorcode": code, "debuginfo": debuginfo}
    if code == "invalidtoken":
        return InvalidTokenError(
            f"Moodle at {site} does not accept the token: it is wrong, expired or made for another site. "
            f"An admin creates one in {TOKENS_PAGE}; give it with --token, CURRICULUM_MOODLE_TOKEN or [moodle] token in curriculum.toml",
            **extra,
        )
    if code == "accessexception":
        return AccessDeniedError(_access_message(function, debuginfo), **extra)
    if "<" in code:  # the password policy puts its HTML in errorcode
        return PasswordPolicyError(
            f"Moodle's password policy refused a password in {function}: {plain_text(code)}. "
            "Publish lets Moodle create and e-mail passwords (createpassword); check the policy in "
            "Site administration > General > Security > Site security settings",
            **{**extra, "errorcode": "passwordpolicy"},
        )
    if code in DUPLICATE_CODES or (code == "invalidparameter" and debuginfo and _DUPLICATE_DEBUG.search(debuginfo)):
        return DuplicateIdNumberError(
            f"{function}: Moodle already has this object ({message}{detail}). Another tool or a person created it with "
            "the same ID number or short name. A course of ours left without its ID number in the programme's category is "
            "matched by short name on the next publish; anything else must be renamed or moved in Moodle first",
            **extra,
        )
    if code == "errorinvalidparam" and '"lang"' in message:
        return InvalidParameterError(
            f"Moodle refused the language in {function}: the site has no language pack for it. An admin installs it in "
            "Site administration > Language > Language packs, or publish only the languages the site has (--lang)",
            **extra,
        )
    if code in ("invalidparameter", "errorinvalidparam"):
        return InvalidParameterError(
            f"Moodle rejected a parameter of {function}: {message}{detail}"
            + ("" if debuginfo else ". Turn on debugging in Moodle (Site administration > Development > Debugging) to see which one"),
            **extra,
        )
    if code in ("invalidrecord", "invaliduser"):
        if "external_functions" in message:
            return RecordNotFoundError(
                f"Moodle does not know the function {function}: the site is older than Moodle 4.x or lacks the plugin that provides it",
                **extra,
            )
        return RecordNotFoundError(
            f"{function}: Moodle cannot find a record it needs ({message}{detail}). Was something deleted in Moodle since the last publish?",
            **extra,
        )
    if code == "nopermissions":
        return NoPermissionError(
            f"the token's user may not do what {function} needs: {message}{detail}. Give that user's role the capability "
            f"in {ROLES_PAGE}",
            **extra,
        )
    return MoodleError(f"Moodle refused {function}: {message or code}{detail} (error code {code or 'none'})", **extra)


def _access_message(function: str, debuginfo: str | None) -> str:
    service = f"the function {function} is not in the token's service: add it in {SERVICES_PAGE} > (the service) > Functions"
    rest = (
        f"the token's user may not use the REST protocol: give their role the capability webservice/rest:use "
        f"({ROLES_PAGE}) and check the token in {TOKENS_PAGE}"
    )
    if debuginfo and "rest:use" in debuginfo:
        return f"Moodle refused {function}: {rest}"
    if debuginfo and "not allowed" in debuginfo:
        return f"Moodle refused {function}: {service}"
    return f"Moodle refused {function} (access control exception). Either {service}; or {rest}"
