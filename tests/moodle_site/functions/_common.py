"""Lookups shared by the areas, failing the way Moodle fails."""

from __future__ import annotations

from .._errors import missing_record
from .._state import Course, SiteState, User


def course_or_fail(state: SiteState, courseid: int) -> Course:
    course = state.courses.get(courseid)
    if course is None:
        raise missing_record("course")
    return course


def user_or_fail(state: SiteState, userid: int) -> User:
    user = state.users.get(userid)
    if user is None:
        raise missing_record("user")
    return user


def warning(item: str, itemid: int, warningcode: str, message: str) -> dict[str, object]:
    return {"item": item, "itemid": itemid, "warningcode": warningcode, "message": message}
