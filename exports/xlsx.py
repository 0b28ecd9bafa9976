"""Writing rows to .xlsx: streaming (openpyxl's write-only mode), Chinese headers, times in the site's time zone,
and no cell that a spreadsheet would run as a formula (core.spreadsheets)."""

import datetime
import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import neutralised

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    if isinstance(value, datetime.datetime):
        # A spreadsheet cell has no time zone: write the time as people read it here (TIME_ZONE, Asia/Shanghai).
        return (timezone.localtime(value) if timezone.is_aware(value) else value).replace(tzinfo=None)
    if value is None:
        return ""
    if isinstance(value, int | float | datetime.date):
        return value
    return neutralised(str(value))


def write(target, *, title: str, headers: list[str], rows: Iterable[list], on_row=None) -> int:
    """Write a sheet to ``target`` (a path or a binary file); ``on_row(n)`` is called after every row."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    sheet.freeze_panes = "A2"
    count = 0
    for row in rows:
        sheet.append([safe(value) for value in row])
        count += 1
        if on_row is not None:
            on_row(count)
    book.save(target)
    return count


def to_bytes(**kwargs) -> bytes:
    buffer = io.BytesIO()
    write(buffer, **kwargs)
    return buffer.getvalue()
