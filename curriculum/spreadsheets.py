"""Reading the tables trainers receive: CSV (any common dialect) and XLSX.

Employers' exports come with a byte-order mark, with ';' or ',' between
fields, with headers in the local language. Everything is read as text with
its 1-based row number (the header is row 1), so errors can point at the cell
a person sees in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from .errors import CurriculumError


class TableError(CurriculumError):
    """The file cannot be read as a table at all."""


@dataclass(frozen=True)
class TableRow:
    number: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    file: Path
    columns: list[str]
    rows: list[TableRow]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(file: Path, aliases: dict[str, str]) -> Table:
    """Rows of ``file`` with headers mapped through ``aliases`` (lower-cased header -> field)."""
    if not file.is_file():
        raise TableError(f"{file} does not exist")
    suffix = file.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        raw_rows = _xlsx_rows(file)
    elif suffix in {".csv", ".txt"}:
        raw_rows = _csv_rows(file)
    else:
        raise TableError(f"{file.name}: use a .csv or .xlsx file")
    if not raw_rows:
        raise TableError(f"{file.name} is empty")
    header = [_cell_text(cell) for cell in raw_rows[0]]
    columns = []
    for name in header:
        key = " ".join(name.replace("\ufeff", "").lower().replace("_", " ").split())
        columns.append(aliases.get(key, key))
    rows = []
    for number, raw in enumerate(raw_rows[1:], start=2):
        cells = [_cell_text(cell) for cell in raw]
        if not any(cells):
            continue
        rows.append(TableRow(number, {column: cells[index] if index < len(cells) else "" for index, column in enumerate(columns) if column}))
    return Table(file, columns, rows)


def _csv_rows(file: Path) -> list[list[str]]:
    data = file.read_bytes()
    for encoding in ("utf-8-sig", "cp1257", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(f"{file.name}: cannot read the text; save it as CSV UTF-8")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(file: Path) -> list[list[object]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise TableError(f"{file.name} is not a readable Excel file ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
