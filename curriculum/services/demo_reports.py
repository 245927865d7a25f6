"""The demo step for records outputs: each programme's funder report and sign-in sheets.

Runs after the pilot step has filled the database: for every programme it
writes ``records/report.xlsx`` and ``records/report.pdf`` (in the
programme's main language) and a sign-in sheet PDF per scheduled session,
or the first few per course or event when a programme has many sessions.
The same records give the same bytes, so a second demo run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from sqlalchemy import select

from ..model import Programme
from ..render.report import report_pdf, report_workbook
from ..render.signin import signin_sheet_pdf
from ..store import UnitOfWork, open_database
from ..store.orm import TrainingSessionRow
from .indicators import Indicators, compute_indicators
from .demo_context import DemoContext, DemoResult, Output


ALL_SHEETS_UP_TO = 30  # sessions in a programme; above that, the first few per course or event
SHEETS_PER_ACTIVITY = 3


def sheet_file_name(code: str) -> str:
    return "sign-in-" + re.sub(r"[^A-Za-z0-9._-]+", "_", code).strip("_") + ".pdf"


def write_reports(context: DemoContext, result: DemoResult) -> list[Output]:

    outputs: list[Output] = []
    engine = open_database(context.database_url)
    try:
        programmes = context.programmes
        for index, item in enumerate(programmes):
            programme = item.programme
            assert programme is not None
            name = item.folder.name
            context.progress(f"funder report and sign-in sheets of {name}", index, len(programmes))
            folder = context.folder_for(item) / "records"
            folder.mkdir(parents=True, exist_ok=True)
            with UnitOfWork(engine) as uow:
                figures = compute_indicators(uow, programme)
                (folder / "report.xlsx").write_bytes(report_workbook(programme, figures))
                (folder / "report.pdf").write_bytes(report_pdf(programme, figures, folder=item.folder, prepared_on=report_date(programme, figures)))
                outputs.append(Output("funder indicators report (XLSX)", folder / "report.xlsx", name))
                outputs.append(Output("funder indicators report (PDF)", folder / "report.pdf", name))
                for code in sessions_to_print(uow, programme.id):
                    file = folder / sheet_file_name(code)
                    file.write_bytes(signin_sheet_pdf(uow, programme, code, folder=item.folder))
                    outputs.append(Output(f"sign-in sheet {code}", file, name))
    finally:
        engine.dispose()
    return outputs


def report_date(programme: Programme, figures: Indicators) -> dt.date:
    """The pilot's report is dated at the end of the programme (or of its last session): a re-run gives the same file."""
    return max(filter(None, [programme.period.end, figures.last_session]))


def sessions_to_print(uow: UnitOfWork, programme_id: str) -> list[str]:
    """Every session's code, or the first few of each course or event when there are many."""
    session = uow.session
    assert session is not None
    rows = session.execute(
        select(TrainingSessionRow.code, TrainingSessionRow.course_id, TrainingSessionRow.event_id)
        .where(TrainingSessionRow.programme_id == programme_id)
        .order_by(TrainingSessionRow.date, TrainingSessionRow.start_time, TrainingSessionRow.code)
    ).all()
    if len(rows) <= ALL_SHEETS_UP_TO:
        return [code for code, _, _ in rows]
    taken: dict[str, int] = defaultdict(int)
    codes = []
    for code, course_id, event_id in rows:
        activity = course_id or event_id or ""
        if taken[activity] < SHEETS_PER_ACTIVITY:
            taken[activity] += 1
            codes.append(code)
    return codes
