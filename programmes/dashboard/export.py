"""The dashboard's Excel exports: a chart's table (each category with its figures; the baseline's with its ratios)
and the rows behind one figure. Labels, local times; text neutralised against formula injection
(core.spreadsheets)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import neutralised
from programmes.dashboard.selectors import Board

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(title: str, caption: list, header: list, lines: list[list], notes: list[str]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "".join(c for c in title if c not in "[]:*?/\\")[:31] or _("Sheet")
    sheet.append([neutralised(str(value)) for value in caption])
    sheet.append([str(value) for value in header])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for line in lines:
        sheet.append([neutralised(value if isinstance(value, int) else str(value)) for value in line])
    for note in notes:
        sheet.append([])
        sheet.append([neutralised(str(note))])
    sheet.freeze_panes = "A3"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 20
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ratio(cell: dict) -> str:
    shown = f"{cell['percent']}%" if cell["percent"] is not None else "—"
    return f"{shown}（{cell['numerator']}/{cell['denominator']}）"


def table_workbook(board: Board, caption: list) -> bytes:
    chart = board.chart
    header = [_("Category"), *(series.name for series in chart.series)]
    lines = [[row["label"], *(cell["value"] for cell in row["cells"])] for row in chart.rows]
    ratios = board.extra.get("ratios")
    if ratios:
        header += board.extra["ratio_labels"]
        for line, ratio in zip(lines, ratios, strict=True):
            line += [_ratio(cell) for cell in ratio["cells"]]
    return _book(chart.title, [chart.title, *caption], header, lines, [chart.note] if chart.note else [])


def rows_workbook(board: Board, title: str, rows: list[dict], caption: list) -> bytes:
    return _book(title, [title, *caption], board.columns, [row["cells"] for row in rows], [])
