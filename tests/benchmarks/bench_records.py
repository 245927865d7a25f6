"""Benchmark: attendance for 100,000 participants x 20 sessions, then completion.

Run on demand (pytest does not collect this folder):

    .venv/bin/python tests/benchmarks/bench_records.py [--participants 100000] [--baseline 2000]

Prints rows per second, peak Python memory and SQL statements for the
project's way (bulk upsert, aggregate completion) and for a naive
row-at-a-time ORM baseline measured in the same run on a smaller group
(the naive way would take many minutes at full size), plus their ratios.
Target: completion for all 100,000 in under 5 seconds on SQLite, and a
statement count that does not grow with the number of participants.
"""

from __future__ import annotations

import argparse
import resource
import datetime as dt
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert, select

from curriculum.content import load_programme
from curriculum.model import AttendanceStatus, CompletionFacts, StudyMode, decide_completion
from curriculum.services.attendance import AttendanceEntry, upsert_attendance
from curriculum.services.completion import compute_completion
from curriculum.services.sessions import SessionPlan, schedule_sessions
from curriculum.store import UnitOfWork, open_database
from curriculum.store.orm import AttendanceRow, EnrolmentRow, ParticipantRow, SessionModuleRow, TrainingSessionRow

MINI = Path(__file__).parents[1] / "content" / "fixtures" / "mini" / "desk-basics"
SESSIONS = 20


class StatementCounter:
    def __init__(self, engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.count += 1


def setup(url: str, participants: int):
    programme = load_programme(MINI).require()
    # 20 sessions of 3 minutes each = 60 minutes, the course's contact hour.
    course = programme.course("desk-basics")
    engine = open_database(url)
    plans = [
        SessionPlan(code=f"s{number:02d}", course="desk-basics", date=dt.date(2026, 1, 5) + dt.timedelta(days=number), start="10:00", end="10:03",
                    modules=["first-contact"] if number == 0 else [])
        for number in range(SESSIONS)
    ]
    with UnitOfWork(engine) as uow:
        schedule_sessions(uow, programme, plans)
        uow.session.execute(insert(ParticipantRow), [
            {"first_name": f"Dalībnieks{n}", "last_name": "Bērziņš", "dedup_key": f"bench:{n}", "external_ref": f"P-{n:06d}"} for n in range(1, participants + 1)
        ])
        ids = uow.session.scalars(select(ParticipantRow.id).order_by(ParticipantRow.id)).all()
        uow.session.execute(insert(EnrolmentRow), [{"participant_id": pid, "programme_id": programme.id, "course_id": course.id} for pid in ids])
        session_ids = uow.session.scalars(select(TrainingSessionRow.id).order_by(TrainingSessionRow.code)).all()
        uow.commit()
    return programme, engine, list(ids), list(session_ids)


def marks(ids: list[int], session_ids: list[int]) -> list[AttendanceEntry]:
    entries = []
    for pid in ids:
        for number, sid in enumerate(session_ids):
            if pid % 5 == 0 and number == pid % SESSIONS:  # one person in five misses a session
                entries.append(AttendanceEntry(sid, pid, AttendanceStatus.ABSENT, 0))
            else:
                entries.append(AttendanceEntry(sid, pid, AttendanceStatus.PRESENT, 3))
    return entries


def measure(label: str, work) -> tuple[float, float, object]:
    """Seconds, and the process's peak resident memory afterwards (MiB).

    Peak RSS rather than tracemalloc: tracing every allocation would slow the
    Python side several times and distort the timing.
    """
    started = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, value


def project_way(url: str, participants: int) -> dict:
    programme, engine, ids, session_ids = setup(url, participants)
    counter = StatementCounter(engine)
    entries = marks(ids, session_ids)

    def record():
        with UnitOfWork(engine) as uow:
            upsert_attendance(uow, entries)
            uow.commit()

    seconds, peak, _ = measure("record", record)
    statements = counter.count
    counter.count = 0

    def complete():
        with UnitOfWork(engine) as uow:
            return compute_completion(uow, programme, "desk-basics")

    completion_seconds, completion_peak, lines = measure("completion", complete)
    return {
        "rows": len(entries), "record_s": seconds, "record_peak_mib": peak, "record_statements": statements,
        "completion_s": completion_seconds, "completion_peak_mib": completion_peak, "completion_statements": counter.count,
        "completed": sum(line.decision.completed for line in lines), "people": len(lines),
    }


def naive_way(url: str, participants: int) -> dict:
    """One ORM object per mark, one query per person for completion."""
    programme, engine, ids, session_ids = setup(url, participants)
    counter = StatementCounter(engine)
    entries = marks(ids, session_ids)

    def record():
        with UnitOfWork(engine) as uow:
            for entry in entries:
                existing = uow.session.scalars(select(AttendanceRow).where(AttendanceRow.session_id == entry.session_id, AttendanceRow.participant_id == entry.participant_id)).one_or_none()
                row = existing or AttendanceRow(session_id=entry.session_id, participant_id=entry.participant_id)
                row.status, row.minutes = entry.status.value, entry.minutes
                uow.session.add(row)
                uow.session.flush()
            uow.commit()

    seconds, peak, _ = measure("record", record)
    statements = counter.count
    counter.count = 0
    course = programme.course("desk-basics")
    contact = programme.course_minutes(course, StudyMode.CONTACT)

    def complete():
        done = 0
        with UnitOfWork(engine) as uow:
            for pid in ids:
                rows = uow.session.scalars(select(AttendanceRow).where(AttendanceRow.participant_id == pid)).all()
                minutes = sum(row.minutes for row in rows if row.status in ("present", "late"))
                covered = set()
                for row in rows:
                    if row.status in ("present", "late"):
                        covered.update(uow.session.scalars(select(SessionModuleRow.module_id).where(SessionModuleRow.session_id == row.session_id)).all())
                done += decide_completion(course.completion, contact, CompletionFacts(pid, minutes, frozenset(covered))).completed
        return done

    completion_seconds, completion_peak, completed = measure("completion", complete)
    return {
        "rows": len(entries), "record_s": seconds, "record_peak_mib": peak, "record_statements": statements,
        "completion_s": completion_seconds, "completion_peak_mib": completion_peak, "completion_statements": counter.count,
        "completed": completed, "people": len(ids),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000, help="participants for the naive baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small = project_way(f"sqlite:///{folder}/small.db", args.baseline)
        naive = naive_way(f"sqlite:///{folder}/naive.db", args.baseline)
        full = project_way(f"sqlite:///{folder}/full.db", args.participants)
    print("peak MiB: the process's peak resident memory so far (it only grows; runs go naive, small, full)")
    print(f"{'':34}{'rows':>10}{'record s':>10}{'rows/s':>12}{'peak MiB':>10}{'stmts':>8}{'complete s':>12}{'people/s':>12}{'stmts':>8}")
    for label, result in ((f"naive ORM, {args.baseline:,} people", naive), (f"project, {args.baseline:,} people", small), (f"project, {args.participants:,} people", full)):
        print(
            f"{label:34}{result['rows']:>10,}{result['record_s']:>10.2f}{result['rows'] / result['record_s']:>12,.0f}{max(result['record_peak_mib'], result['completion_peak_mib']):>10.1f}"
            f"{result['record_statements']:>8}{result['completion_s']:>12.2f}{result['people'] / result['completion_s']:>12,.0f}{result['completion_statements']:>8}"
        )
    assert naive["completed"] == small["completed"], "the naive and the project's completion disagree"
    print(f"\nrecording: project {small['rows'] / small['record_s'] / (naive['rows'] / naive['record_s']):.0f}x the naive rows/s")
    print(f"completion: project {small['people'] / small['completion_s'] / (naive['people'] / naive['completion_s']):.0f}x the naive people/s")
    print(f"completion of {args.participants:,} people: {full['completion_s']:.2f} s (target < 5 s) with {full['completion_statements']} statements "
          f"(the same as for {args.baseline:,}: {small['completion_statements']})")


if __name__ == "__main__":
    main()
