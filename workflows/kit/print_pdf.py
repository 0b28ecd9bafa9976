"""The 审批单 as a PDF (A4): the heading, the case's facts, the form as filled, then the approval record as a table
(step, person and for whom they stood in, decision, time, comment with what the step recorded), "page n of N" and
when and by whom it was printed. Set in the site's embedded PDF font (workflows.kit.pdf_font)."""

import io
from html import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from workflows.kit.pdf_font import FONT, pdf_font
from workflows.kit.print_sheet import Record, Sheet

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=12, textColor=colors.HexColor("#444444"))
TITLE = ParagraphStyle("title", parent=BODY, fontSize=18, leading=26, alignment=1)
SUBTITLE = ParagraphStyle("subtitle", parent=BODY, alignment=1, spaceAfter=4 * mm)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=12, leading=18, spaceBefore=5 * mm, spaceAfter=2 * mm)
LINES = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("FONTNAME", (0, 0), (-1, -1), FONT),  # a table sets its cells' font: ours, never an unembedded Helvetica
]
SHADE = colors.HexColor("#eeeeee")
LABEL_WIDTH = 34 * mm
RECORD_WIDTHS = [36 * mm, 20 * mm, 26 * mm, 31 * mm]  # step, person, decision, time; the comment takes the rest


def _text(value, style=BODY) -> Paragraph:
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def _grid(rows: list[tuple[str, str]]) -> Table:
    table = Table([[_text(label), _text(value)] for label, value in rows], colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH])
    table.setStyle(TableStyle([*LINES, ("BACKGROUND", (0, 0), (0, -1), SHADE)]))
    return table


def _comment(record: Record) -> list:
    cell = [_text(record.comment)] if record.comment else []
    cell += [_text(f"{label}：{value}", SMALL) for label, value in record.details]
    if record.files:
        cell.append(_text(f"{_('Attachments')}：{'、'.join(record.files)}", SMALL))
    if record.restricted:
        cell.append(_text(_("Restricted: not shown."), SMALL))
    return cell


def _records(records: list[Record]) -> Table:
    header = [_text(label) for label in (_("Step"), _("Handled by"), _("Decision"), _("Time"), _("Comment"))]
    rows = [header]
    for record in records:
        person = [_text(record.person)] + ([_text(record.on_behalf_of, SMALL)] if record.on_behalf_of else [])
        rows.append([_text(record.step), person, _text(record.decision), _text(record.time, SMALL), _comment(record)])
    widths = [*RECORD_WIDTHS, WIDTH - sum(RECORD_WIDTHS)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([*LINES, ("BACKGROUND", (0, 0), (-1, 0), SHADE)]))
    return table


def facts(sheet: Sheet) -> list[tuple[str, str]]:
    rows = [(_("Process"), sheet.process), (_("Case"), sheet.subject)]
    rows += [(_("Organisation"), sheet.organisation)] if sheet.organisation else []
    rows += [(_("Where it stands"), sheet.state)] if sheet.state else []
    rows += [(_("Step"), sheet.step)] if sheet.step else []
    return [*rows, (_("Case number"), sheet.number)]


def _footer(printed: str):
    def draw(canvas, document):
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(MARGIN, 10 * mm, printed)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, _("Page %(n)s") % {"n": document.page})
        canvas.restoreState()

    return draw


def render_sheet(sheet: Sheet) -> bytes:
    pdf_font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{_('Approval sheet')} · {sheet.subject}",
        author=sheet.organisation,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        initialFontName=FONT,
        invariant=True,
    )
    story = [_text(_("Approval sheet"), TITLE), _text(sheet.process, SUBTITLE), _grid(facts(sheet))]
    story += [_text(_("The form as filled"), HEADING)]
    form = sheet.form + ([(_("Attachments"), "、".join(sheet.files))] if sheet.files else [])
    story += [_grid(form) if form else _text(_("Nothing recorded."), SMALL)]
    story += [_text(_("Approval record"), HEADING)]
    story += [_records(sheet.records) if sheet.records else _text(_("Nothing recorded."), SMALL)]
    footer = _footer(sheet.printed)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
