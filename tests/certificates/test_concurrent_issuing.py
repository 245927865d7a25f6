"""Two real processes issue certificates at the same moment (PostgreSQL, and SQLite).

Each process runs the real service in its own interpreter and holds its
transaction open for a second after taking the series lock (a slow progress
callback), so the two runs really overlap. Numbers must come out unique and
without gaps, and nobody may get two certificates for one course.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from curriculum.content import load_programme
from curriculum.model import AttendanceStatus
from curriculum.services.attendance import record_session
from curriculum.services.participants import import_participants
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import CertificateRow, ParticipantRow
from helpers import MINI, write_csv

PEOPLE = 30

WORKER = r"""
import datetime as dt, json, sys, time
from pathlib import Path
from curriculum.content import load_programme
from curriculum.services.certificates import issue_certificates
from curriculum.signing import load_or_create_key
from curriculum.store import UnitOfWork, open_database

url, folder, course, key_file, flag = sys.argv[1:6]
programme = load_programme(Path(folder)).require()
key = load_or_create_key(Path(key_file))
engine = open_database(url)
print("ready", flush=True)
while not Path(flag).exists():
    time.sleep(0.01)
def slow(done, total):
    if done == 0:
        time.sleep(1.0)  # hold the series lock while the other process tries to issue
with UnitOfWork(engine) as uow:
    summary = issue_certificates(uow, programme, course, key, "http://127.0.0.1:8765/verify/", issued_on=dt.date(2026, 2, 6), progress=slow)
    uow.commit()
print(json.dumps({"issued": [r.serial for r in summary.issued], "existing": [r.serial for r in summary.existing]}))
"""


def _two_course_programme(tmp_path: Path) -> Path:
    folder = tmp_path / "desk"
    shutil.copytree(MINI, folder)
    yaml = (folder / "programme.yaml").read_text(encoding="utf-8")
    second = yaml[yaml.index("  - id: desk-basics"):].replace("desk-basics", "desk-refresher").replace("Serving every client well", "Refresher")
    (folder / "programme.yaml").write_text(yaml + second, encoding="utf-8")
    return folder


@pytest.fixture(params=[pytest.param("postgresql", marks=pytest.mark.postgres), "sqlite"])
def two_courses(request, tmp_path: Path):
    folder = _two_course_programme(tmp_path)
    programme = load_programme(folder).require()
    if request.param == "sqlite":  # SQLite lets one writer at a time: the second waits for the first's commit
        url = f"sqlite:///{tmp_path / 'records.db'}"
    else:
        url = request.getfixturevalue("postgres_cluster").create_database(f"concurrent_{time.monotonic_ns()}")
    engine = open_database(url)
    rows = "".join(f"Līga{n};Ščerbakova{n};p{n}@example.lv\n" for n in range(PEOPLE))
    for course in ("desk-basics", "desk-refresher"):
        with UnitOfWork(engine) as uow:
            import_participants(uow, programme, write_csv(tmp_path / f"{course}.csv", "first_name;last_name;email\n" + rows), course, "g1")
            schedule_sessions(uow, programme, [SessionPlan(code=f"{course}-1", course=course, group="g1", date=dt.date(2026, 2, 2), start="10:00", end="11:00")])
            refs = uow.session.scalars(select(ParticipantRow.external_ref)).all()
            record_session(uow, programme, f"{course}-1", {ref: (AttendanceStatus.PRESENT, None) for ref in refs})
            uow.commit()
    yield url, folder, engine
    engine.dispose()


def _run_together(tmp_path: Path, url: str, folder: Path, courses: list[str]) -> list[dict]:
    flag = tmp_path / "go"
    key = tmp_path / "key.pem"
    processes = [
        subprocess.Popen([sys.executable, "-c", WORKER, url, str(folder), course, str(key), str(flag)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for course in courses
    ]
    for process in processes:
        assert process.stdout.readline().strip() == "ready", process.stderr.read()
    flag.touch()
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def test_two_processes_issuing_two_courses_get_one_gapless_run_of_numbers(two_courses, tmp_path: Path):
    url, folder, engine = two_courses
    started = time.monotonic()
    first, second = _run_together(tmp_path, url, folder, ["desk-basics", "desk-refresher"])
    assert time.monotonic() - started >= 2.0, "the two runs should have waited for each other"
    assert len(first["issued"]) == len(second["issued"]) == PEOPLE
    serials = sorted(first["issued"] + second["issued"])
    assert serials == [f"MINI-2026-{n:04d}" for n in range(1, 2 * PEOPLE + 1)]
    # each process got one consecutive block: the lock was held for the whole run
    for result in (first, second):
        numbers = sorted(int(serial[-4:]) for serial in result["issued"])
        assert numbers == list(range(numbers[0], numbers[0] + PEOPLE))


def test_two_processes_issuing_the_same_course_certify_each_person_once(two_courses, tmp_path: Path):
    url, folder, engine = two_courses
    first, second = _run_together(tmp_path, url, folder, ["desk-basics", "desk-basics"])
    winner, loser = (first, second) if first["issued"] else (second, first)
    assert len(winner["issued"]) == PEOPLE and loser["issued"] == []
    assert sorted(loser["existing"]) == sorted(winner["issued"])
    with UnitOfWork(engine) as uow:
        rows = uow.session.scalars(select(CertificateRow)).all()
    assert len(rows) == PEOPLE == len({row.participant_id for row in rows})
