"""A programme's cultivation lists (培养对象名单) as an .xlsx workbook: one sheet per direction, each person with
their status, the person responsible and their unit, the deadline, and the 组织生活会 they were invited to. Labels,
local dates; names typed by people are neutralised (core.spreadsheets)."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import neutralised
from programmes import selectors
from programmes.models import Programme

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _date(value) -> str:
    return value.isoformat() if value else ""


def workbook(programme: Programme) -> bytes:
    book = Workbook()
    header = [
        _("Person"),
        _("Status"),
        _("Responsible person"),
        _("Responsible unit"),
        _("Cultivated by"),
        _("Added on"),
        _("Invitations to party meetings"),
        _("Reason for removal"),
    ]
    for place, (_direction, label, rows) in enumerate(selectors.lists_of(programme)):
        sheet = book.active if place == 0 else book.create_sheet()
        sheet.title = label[:31].replace("→", "-").replace("/", "-")
        sheet.append([neutralised(programme.name)])
        sheet.append(header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            invitations = "；".join(
                f"{_date(i.meeting_date)} {i.title}（{i.get_attended_display()}）" for i in row.invitations.all()
            )
            values = [
                row.person.real_name,
                row.get_status_display(),
                row.responsible.real_name if row.responsible else "",
                row.responsible_unit.name if row.responsible_unit else "",
                _date(row.deadline),
                _date(timezone.localdate(row.added_at)),
                invitations,
                row.removed_reason,
            ]
            sheet.append([neutralised(value) for value in values])
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
