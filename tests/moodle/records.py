"""Records for the publish tests, made through the real services: people in two
courses of a bundled programme, in two languages, in groups, with sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from curriculum.content import load_valid_programme
from curriculum.services.participants import import_participants
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.store import UnitOfWork, open_database

PROGRAMME = "000-different-client"
SOCIAL = "social-workers-course"
MEDICAL = "medical-workers-course"


def people_csv(path: Path, count: int, start: int = 1, group: str = "riga-1", target_group: str = "social-workers") -> Path:
    """``count`` people; every third prefers Russian, one in five has no e-mail is avoided (all have one)."""
    lines = ["first_name;last_name;email;target_group;language;group"]
    for number in range(start, start + count):
        language = "ru" if number % 3 == 0 else "lv"
        lines.append(f"Līga{number};Bērziņa{number};liga.{number}@example.lv;{target_group};{language};{group}")
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def make_records(folder: Path, people: int = 6, url: str | None = None):
    """A SQLite database with ``people`` social workers (group riga-1) and 2 medical workers, and two sessions."""
    loaded = load_valid_programme(PROGRAMME)
    programme = loaded.programme
    url = url or f"sqlite:///{folder / 'records.db'}"
    engine = open_database(url)
    with UnitOfWork(engine) as uow:
        import_participants(uow, programme, people_csv(folder / "social.csv", people), SOCIAL, "riga-1")
        import_participants(uow, programme, people_csv(folder / "medical.csv", 2, start=1000, group="daugavpils", target_group="medical-workers"), MEDICAL, "daugavpils")
        schedule_sessions(uow, programme, [
            SessionPlan(code="sw/riga-1/01", course=SOCIAL, group="riga-1", date=dt.date(2026, 3, 2), start="10:00", end="13:00", venue="Rīga"),
            SessionPlan(code="sw/riga-1/02", course=SOCIAL, group="riga-1", date=dt.date(2026, 3, 9), start="10:00", end="13:00", venue="Rīga"),
        ])
        uow.commit()
    return loaded, engine, url
