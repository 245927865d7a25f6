"""The stable names that tie a Moodle object to our content, shared by the web-service
publish and the files an admin imports, so both routes land on the same objects and a
second publish finds what the first one made."""

from __future__ import annotations

from ._common import MoodleExportError

IDNUMBER_LIMIT = 100  # Moodle's idnumber columns are VARCHAR(100)


def category_idnumber(programme_id: str) -> str:
    return _fit(f"curriculum:{programme_id}")


def course_idnumber(programme_id: str, course_id: str, language: str) -> str:
    return _fit(f"curriculum:{programme_id}:{course_id}:{language}")


def course_shortname(programme_id: str, course_id: str, language: str) -> str:
    """Moodle requires a unique short name; ours is readable and stable."""
    return _fit(f"{programme_id}-{course_id}-{language}".upper())


def group_idnumber(programme_id: str, course_id: str, language: str, group_code: str) -> str:
    return _fit(f"curriculum:{programme_id}:{course_id}:{language}:group:{group_code}")


def cohort_idnumber(programme_id: str, target_group: str) -> str:
    return _fit(f"curriculum:{programme_id}:cohort:{target_group}")


def user_idnumber(external_ref: str) -> str:
    """Participants carry a stable reference (``P-000001``) in the records."""
    return _fit(f"curriculum:{external_ref}")


def _fit(value: str) -> str:
    if len(value) > IDNUMBER_LIMIT:
        raise MoodleExportError(
            f"'{value}' would be {len(value)} characters long, and Moodle keeps at most {IDNUMBER_LIMIT} in an ID number or short name: "
            "shorten the programme id, course id, group code or participant reference it is made of"
        )
    return value
