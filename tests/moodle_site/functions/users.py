"""Users: core_user_create_users (with the password policy), update, lookup by field."""

from __future__ import annotations

import re
from typing import Any

from .._errors import MoodleError, invalid_parameter, moodle_exception
from .._registry import Context, external
from .._spec import many, single, value
from .._state import User

_PREFERENCES = many(single({"type": value("raw"), "value": value("raw")}), optional=True)
_CUSTOMFIELDS = many(single({"type": value("alphanumext"), "value": value("raw")}), optional=True)
_USER_FIELDS = {
    "auth": value("plugin", "manual"),
    "firstname": value("notags"),
    "lastname": value("notags"),
    "email": value("raw"),
    "maildisplay": value("int", optional=True),
    "city": value("notags", optional=True),
    "country": value("alpha", optional=True),
    "timezone": value("timezone", optional=True),
    "description": value("raw", optional=True),
    "firstnamephonetic": value("notags", optional=True),
    "lastnamephonetic": value("notags", optional=True),
    "middlename": value("notags", optional=True),
    "alternatename": value("notags", optional=True),
    "interests": value("text", optional=True),
    "idnumber": value("raw", ""),
    "institution": value("text", optional=True),
    "department": value("text", optional=True),
    "phone1": value("notags", optional=True),
    "phone2": value("notags", optional=True),
    "address": value("notags", optional=True),
    "lang": value("safedir", "en"),
    "calendartype": value("plugin", "gregorian"),
    "theme": value("plugin", optional=True),
    "mailformat": value("int", optional=True),
    "customfields": _CUSTOMFIELDS,
    "preferences": _PREFERENCES,
}


@external("core_user_create_users", {"users": many(single({
    "createpassword": value("bool", optional=True),
    "username": value("username"),
    "password": value("raw", optional=True),
    **_USER_FIELDS,
}))}, write=True)
def create_users(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    state = context.state
    created = []
    for data in params["users"]:
        # Checks in Moodle 4.5's order; the password policy comes last (user_create_user).
        if state.users_by("username", data["username"]):
            raise invalid_parameter(f"Username already exists: {data['username']}")
        if data["auth"] not in _AUTH_PLUGINS:
            raise invalid_parameter(f"Invalid authentication type: {data['auth']}")
        if data["lang"] not in context.languages:
            raise invalid_parameter(f"Invalid language code: {data['lang']}")
        if not data.get("password") and not data.get("createpassword"):
            raise invalid_parameter("Invalid password: you must provide a password, or set createpassword.")
        if not _valid_email(data["email"]):
            raise invalid_parameter(f"Email address is invalid: {data['email']}")
        if state.users_by("email", data["email"]):
            raise invalid_parameter(f"Email address already exists: {data['email']}")
        if not data.get("createpassword"):
            problems = password_problems(data["password"])
            if problems:
                raise moodle_exception(problems, f"error/{problems}")
        user = User(id=state.next_id("user"), username=data["username"], firstname=data["firstname"],
                    lastname=data["lastname"], email=data["email"], idnumber=data["idnumber"], auth=data["auth"],
                    lang=data["lang"], password_set=True, city=data.get("city") or "",
                    country=data.get("country") or "", description=data.get("description") or "")
        state.users[user.id] = user
        created.append({"id": user.id, "username": user.username})
    return created


_AUTH_PLUGINS = ("manual", "nologin", "email", "ldap", "oauth2", "cas", "db", "lti", "shibboleth")


def _valid_email(address: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", address))


def password_problems(password: str) -> str:
    """Moodle's default password policy; each failure as `<div>message</div>`, in Moodle's order."""
    rules = [
        (len(password) < 8, "Passwords must be at least 8 characters long."),
        (len(re.findall(r"\d", password)) < 1, "Passwords must have at least 1 digit(s)."),
        (len(re.findall(r"[a-z]", password)) < 1, "Passwords must have at least 1 lower case letter(s)."),
        (len(re.findall(r"[A-Z]", password)) < 1, "Passwords must have at least 1 upper case letter(s)."),
        (len(re.findall(r"[^a-zA-Z0-9]", password)) < 1,
         "Passwords must have at least 1 special character(s) such as as *, -, or #."),
    ]
    return "".join(f"<div>{message}</div>" for failed, message in rules if failed)


@external("core_user_update_users", {"users": many(single({
    "id": value("int"),
    "username": value("username", optional=True),
    "password": value("raw", optional=True),
    "suspended": value("bool", optional=True),
    **{key: (value(spec.type, optional=True) if hasattr(spec, "type") else spec) for key, spec in _USER_FIELDS.items()},
}))}, write=True)
def update_users(context: Context, params: dict[str, Any]) -> None:
    """Answers null; unknown users (and the guest) are skipped silently, as in Moodle 4.5."""
    state = context.state
    for data in params["users"]:
        user = state.users.get(data["id"])
        if user is None or user.username == "guest":
            continue
        if data.get("username") and any(u.username == data["username"] and u.id != user.id for u in state.users.values()):
            raise MoodleError("dml_write_exception", "dmlwriteexception", "Error writing to database")
        if data.get("password"):
            problems = password_problems(data["password"])
            if problems:
                raise moodle_exception(problems, f"error/{problems}")
        for key in ("username", "firstname", "lastname", "email", "idnumber", "auth", "lang", "city", "country",
                    "description"):
            if data.get(key) is not None:
                setattr(user, key, data[key])
        if data.get("suspended") is not None:
            user.suspended = int(data["suspended"])
    return None


@external("core_user_get_users_by_field", {"field": value("alpha"), "values": many(value("raw"))}, write=False)
def get_users_by_field(context: Context, params: dict[str, Any]) -> list[dict[str, Any]]:
    field = params["field"]
    if field not in ("id", "idnumber", "username", "email"):
        raise MoodleError("coding_exception", "codingerror",
                          "Coding error detected, it must be fixed by a programmer: invalid field parameter",
                          f"The search field '{field}' is not supported, look at the web service documentation")
    wanted = []
    for item in params["values"]:
        cleaned = item if field != "email" or _valid_email(item) else ""
        if field == "id" and not re.fullmatch(r"-?\d+", item):
            cleaned = str(int(float(item))) if re.fullmatch(r"-?\d+(\.\d+)?", item) else "0"
        if cleaned != item:
            raise invalid_parameter(f"The field '{field}' value is invalid: {item}(cleaned value: {cleaned})")
        wanted.append(cleaned)
    # An exact, case-sensitive match: the database compares the column as PostgreSQL does.
    found = [u for u in context.state.users.values() if str(getattr(u, field)) in wanted and getattr(u, field) != ""]
    return [user_record(context, user) for user in sorted(found, key=lambda u: u.id)]


def user_record(context: Context, user: User) -> dict[str, Any]:
    picture = f"{context.url}/theme/image.php/boost/core/1/u/f"
    record: dict[str, Any] = {
        "id": user.id, "username": user.username, "firstname": user.firstname, "lastname": user.lastname,
        "fullname": user.fullname, "email": user.email, "department": "", "idnumber": user.idnumber,
        "firstaccess": 0, "lastaccess": 0, "auth": user.auth, "suspended": bool(user.suspended), "confirmed": True,
        "lang": user.lang, "theme": "", "timezone": user.timezone, "mailformat": 1, "trackforums": 0,
        "description": user.description, "descriptionformat": 1, "city": user.city, "country": user.country,
        "profileimageurlsmall": picture + "2", "profileimageurl": picture + "1",
    }
    # user_get_user_details leaves out empty fields (an unset idnumber is absent, not "").
    return {key: item for key, item in record.items() if item != ""}
