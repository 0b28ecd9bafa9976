"""The baseline's Excel exports: a list of teachers (one figure's rows) with their titles and honours, and the
figures of a school or county (per school, then the totals). Labels, never codes; names neutralised against
formula injection (core.spreadsheets)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import neutralised
from programmes.baseline.selectors import FIGURE_LABELS, FIGURES, RATIOS, CountyFigures, Figures, TeacherRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(title: str, header: list, rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralised(value) for value in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _standing(row: TeacherRow) -> str:
    return str(row.person.get_party_standing_display())


def teachers_workbook(rows: list[TeacherRow]) -> bytes:
    header = [_("Name"), _("School"), _("Party standing"), _("Backbone teacher"), _("Titles and honours")]
    lines = [
        [
            row.person.real_name,
            "、".join(school.name for school in row.schools),
            _standing(row),
            _("Yes") if row.is_backbone else _("No"),
            "；".join(f"{d.get_level_display()}{d.label}（{d.awarded_on.isoformat()}）" for d in row.distinctions),
        ]
        for row in rows
    ]
    return _book(_("Teachers"), header, lines)


def _percent(value) -> str:
    return f"{value}%" if value is not None else "—"


def _line(name: str, figures: Figures) -> list:
    counts = [figures.count(key) for key in FIGURES]
    shares = [f"{_percent(r['percent'])}（{r['numerator']}/{r['denominator']}）" for r in figures.ratios]
    return [name, *counts, *shares]


def figures_workbook(found: CountyFigures, *, rule: str) -> bytes:
    header = [_("School"), *(str(FIGURE_LABELS[key]) for key in FIGURES), *(str(label) for _k, label, *_r in RATIOS)]
    lines = [_line(figures.organisation.name, figures) for figures in found.schools]
    if found.scope.kind != "SCHOOL":
        lines.append(_line(_("Total (each teacher once)"), found.totals))
    lines.append([])
    lines.append([rule])
    return _book(_("Figures"), header, lines)
