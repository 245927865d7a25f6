"""Writing tidy spreadsheets: one table per sheet, headers in the first row.

Files are reproducible: the same data gives the same bytes (fixed zip entry
times and document dates), so re-running the demo changes nothing.
"""

from __future__ import annotations

import re
import zipfile

from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="E7EBF0")


def add_table_sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], first: bool = False) -> Worksheet:
    sheet = workbook.active if first else workbook.create_sheet()
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(list(row))
    for index, header in enumerate(headers, start=1):
        width = max([len(str(header))] + [len(str(cell.value or "")) for cell in sheet[get_column_letter(index)][1:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    sheet.freeze_panes = "A2"
    return sheet


FIXED_TIMESTAMP = "2000-01-01T00:00:00Z"


def workbook_bytes(workbook: Workbook, timestamp: str = FIXED_TIMESTAMP) -> bytes:
    """The workbook saved with fixed zip times and document dates."""
    buffer = BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(BytesIO(buffer.getvalue()))
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + timestamp.encode() + rb"\g<3>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return output.getvalue()


def attendance_template(session_code: str, date: str, minutes: int, people: Sequence[tuple[str, str, str, str]]) -> bytes:
    """An attendance sheet to fill in: session, ref, names, organisation, status, minutes.

    The status column offers the four statuses as a drop-down list.
    """
    workbook = Workbook()
    headers = ["session", "ref", "first_name", "last_name", "organisation", "date", "status", "minutes"]
    sheet = add_table_sheet(
        workbook, "attendance", headers, ([session_code, ref, first, last, organisation, date, "", ""] for ref, first, last, organisation in people), first=True
    )
    statuses = DataValidation(type="list", formula1='"present,late,excused,absent"', allow_blank=True, showErrorMessage=True)
    statuses.error = "Choose present, late, excused or absent"
    minutes_rule = DataValidation(type="whole", operator="between", formula1="0", formula2=str(minutes), allow_blank=True, showErrorMessage=True)
    minutes_rule.error = f"Minutes between 0 and {minutes}"
    sheet.add_data_validation(statuses)
    sheet.add_data_validation(minutes_rule)
    last_row = max(2, len(people) + 1)
    statuses.add(f"G2:G{last_row}")
    minutes_rule.add(f"H2:H{last_row}")
    help_sheet = workbook.create_sheet("how to fill in")
    for line in (
        "Write one status per person: present, late, excused or absent.",
        f"Minutes: leave empty for present (counts the whole session, {minutes} min), excused and absent (0).",
        "For late arrivals write the minutes the person attended.",
        "Import with: curriculum attendance import PROGRAMME THIS-FILE.xlsx",
    ):
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 100
    return workbook_bytes(workbook)
