"""The assessment's results as an .xlsx workbook: each participant's total and grade, every indicator's score with
its proposal (rounded and exact) and reason, and the corrections. Labels, never codes; times in local time; people's
text neutralised against formula injection."""

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from core.spreadsheets import neutralised
from programmes.assessment.models import Assessment
from programmes.assessment.selectors import corrections_of, indicator_titles, participant_rows

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _sheet(book, title, header, rows, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralised(value) for value in row])
    sheet.freeze_panes = "A2"
    return sheet


def workbook(assessment: Assessment) -> bytes:
    programme = assessment.programme
    rows = participant_rows(assessment, programme)
    titles = [i.title for i in assessment.scheme.indicators.order_by("order", "code")]
    book = Workbook()
    results = []
    for row in rows:
        participant, sheet = row["participant"], row["sheet"]
        scores = {r["title"]: Decimal(r["score"]) for r in sheet.rows} if sheet else {}
        results.append(
            [
                participant.person.real_name,
                participant.get_direction_display(),
                *(scores.get(t) for t in titles),
                sheet.total if sheet else None,
                sheet.grade if sheet else "",
                sheet.get_status_display() if sheet else pgettext("assessment sheet", "Not scored"),
                sheet.version if sheet else None,
                sheet.scored_by.real_name if sheet else "",
                _local(sheet.scored_at) if sheet else "",
                _local(sheet.published_at) if sheet else "",
            ]
        )
    header = [_("Participant"), _("Direction"), *titles, _("Total"), _("Grade (等次)"), _("Status"), _("Version")]
    header += [_("Scored by"), _("Scored at"), _("Published at")]
    _sheet(book, _("Results"), header, results, first=True)
    details = []
    for row in rows:
        sheet = row["sheet"]
        for r in sheet.rows if sheet else []:
            details.append(
                [
                    row["participant"].person.real_name,
                    r["title"],
                    Decimal(r["max"]),
                    Decimal(r["proposal"]) if r["proposal"] is not None else None,
                    r["proposal_exact"] or "",
                    r.get("done", ""),
                    Decimal(r["score"]),
                    r["reason"],
                ]
            )
    _sheet(
        book,
        _("Scores"),
        [
            _("Participant"),
            _("Indicator"),
            _("Maximum score"),
            _("Proposal from the records"),
            _("Proposal, exact"),
            _("Records counted"),
            _("Score"),
            _("Reason"),
        ],
        details,
    )
    _sheet(
        book,
        _("Corrections"),
        [
            _("Participant"),
            _("Indicator"),
            _("Before"),
            _("After"),
            _("Reason"),
            _("Status"),
            _("Requested by"),
            _("Requested at"),
            _("Decided by"),
            _("Decided at"),
        ],
        [
            [
                c.sheet.participant.person.real_name,
                indicator_titles(c),
                c.before,
                c.after,
                c.reason,
                c.get_status_display(),
                c.requested_by.real_name,
                _local(c.requested_at),
                c.decided_by.real_name if c.decided_by else "",
                _local(c.decided_at),
            ]
            for c in corrections_of(assessment)
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
