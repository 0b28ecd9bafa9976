"""The progress table of a programme as an .xlsx workbook: one row per person and quota (the period of the day),
labels in words, never codes; names typed by people neutralised against formula injection."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import neutralised


def workbook(programme, entries, today: datetime.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Progress")
    sheet.append([neutralised(programme.name), _("As of %(date)s") % {"date": today.isoformat()}])
    header = [
        _("Person"),
        _("Activity"),
        _("Period"),
        _("Required"),
        _("Confirmed"),
        _("Waiting for confirmation"),
        _("Needed by today"),
        _("On track"),
        _("Quota reached"),
    ]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    yes, no = _("Yes"), _("No")
    for entry in entries:
        for row in entry.rows:
            sheet.append(
                [
                    neutralised(entry.person.real_name or entry.person.username),
                    row.label,
                    row.period_label,
                    row.required,
                    row.done,
                    row.pending,
                    row.expected,
                    yes if row.on_track else no,
                    yes if row.met else no,
                ]
            )
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
