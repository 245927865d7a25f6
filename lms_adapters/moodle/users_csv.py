"""Participants and their enrolments as Moodle's Upload users CSV
(Site administration > Users > Upload users).

One row per person: ``username,firstname,lastname,email,emailstop,idnumber,lang``,
then ``course<n>,role<n>,group<n>`` per enrolment (the course's short name in the
person's language, role student, the course group), then ``cohort1`` (the target
group). Usernames are stable and valid for Moodle: the name in lower-case ASCII
(Latvian and Lithuanian letters lose their marks, Cyrillic is transliterated)
plus the person's record reference, so they never change and never collide.

People without an e-mail address (often minors, who need none in the records)
get an address on the reserved ``.invalid`` domain, which can never receive mail,
and ``emailstop=1`` so Moodle sends them nothing; the trainer hands them their
login. The adapter takes plain rows, never the database.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from curriculum.files import write_atomically
from curriculum.model import Programme

from ._common import MoodleExportError
from .identifiers import cohort_idnumber, course_shortname, user_idnumber

NO_MAIL_DOMAIN = "users.invalid"
USERNAME_LIMIT = 100
STUDENT_ROLE = "student"

# Russian Cyrillic to Latin as in passports (ICAO Doc 9303).
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєў",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia", "i", "i", "ie", "u"],
    )
)
_NOT_ALLOWED = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class UploadEnrolment:
    course_id: str
    group: str | None = None


@dataclass(frozen=True)
class UploadUser:
    ref: str  # the participant's stable reference in the records, e.g. P-000001
    first_name: str
    last_name: str
    email: str | None
    language: str | None
    target_group: str | None
    enrolments: tuple[UploadEnrolment, ...]


def ascii_name(text: str) -> str:
    """Lower-case ASCII letters and digits, words joined by '-': 'Jānis Bērziņš' -> 'janis-berzins'."""
    folded = "".join(_CYRILLIC.get(char, char) for char in text.casefold())
    plain = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALLOWED.sub("-", plain).strip("-")


def username_for(user: UploadUser) -> str:
    """e.g. janis.berzins.p-000001: readable, stable (the reference never changes), unique."""
    parts = [part for part in (ascii_name(user.first_name), ascii_name(user.last_name)) if part]
    ref = ascii_name(user.ref)
    if not ref:
        raise MoodleExportError(f"the participant {user.first_name} {user.last_name} has no record reference to build a username from")
    name = ".".join(parts)[: USERNAME_LIMIT - len(ref) - 1]
    return f"{name}.{ref}" if name else ref


def _course_language(programme: Programme, course_id: str, preferred: str | None) -> str:
    course = programme.course(course_id)
    if course is None:
        raise MoodleExportError(f"an enrolment names the course '{course_id}', which the programme '{programme.id}' does not have")
    languages = programme.course_languages(course)
    return preferred if preferred in languages else languages[0]


def upload_users_rows(programme: Programme, users: Iterable[UploadUser]) -> list[list[str]]:
    """The header and one row per person, sorted by reference."""
    people = sorted(users, key=lambda user: user.ref)
    width = max((len(user.enrolments) for user in people), default=1) or 1
    header = ["username", "firstname", "lastname", "email", "emailstop", "idnumber", "lang"]
    for n in range(1, width + 1):
        header += [f"course{n}", f"role{n}", f"group{n}"]
    header.append("cohort1")
    rows = [header]
    for user in people:
        username = username_for(user)
        email = (user.email or "").strip()
        language = user.language if user.language in programme.languages else programme.main_language
        row = [username, user.first_name, user.last_name, email or f"{username}@{NO_MAIL_DOMAIN}", "0" if email else "1", user_idnumber(user.ref), language]
        for enrolment in sorted(user.enrolments, key=lambda item: item.course_id):
            shortname = course_shortname(programme.id, enrolment.course_id, _course_language(programme, enrolment.course_id, user.language))
            row += [shortname, STUDENT_ROLE, enrolment.group or ""]
        row += [""] * (len(header) - 1 - len(row))
        row.append(cohort_idnumber(programme.id, user.target_group) if user.target_group else "")
        rows.append(row)
    return rows


def upload_users_csv(programme: Programme, users: Iterable[UploadUser]) -> bytes:
    """UTF-8 CSV (no byte-order mark, comma-separated, '\\n' line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(upload_users_rows(programme, users))
    return buffer.getvalue().encode("utf-8")


def users_csv_file_name(programme: Programme) -> str:
    return f"{programme.id}-moodle-upload-users.csv"


def write_upload_users_csv(programme: Programme, users: Iterable[UploadUser], out_dir: Path) -> Path:
    return write_atomically(Path(out_dir) / users_csv_file_name(programme), upload_users_csv(programme, users))


__all__ = [
    "NO_MAIL_DOMAIN",
    "UploadEnrolment",
    "UploadUser",
    "ascii_name",
    "upload_users_csv",
    "upload_users_rows",
    "username_for",
    "users_csv_file_name",
    "write_upload_users_csv",
]
