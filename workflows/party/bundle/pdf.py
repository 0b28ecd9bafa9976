"""The bundle's PDF: a cover with the case's facts and the contents, one section per part of the file, a running
header naming the person and the case, and "page n of N" on every page.

Text is set in the site's PDF font (workflows.kit.pdf_font), embedded, so it renders the same on every machine, and
the Chinese text can be extracted and searched. The PDF depends only on the case's trail and on what the requester
may read (``invariant``: no creation time or random document id), so its hash in the bundle's SHA256SUMS stays the
same until the case itself changes.
"""

import io
from html import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame
from reportlab.platypus.tableofcontents import TableOfContents

from forms.models import Attachment
from workflows.kit.pdf_font import FONT, pdf_font
from workflows.party.bundle.contents import BundleContents, CaseFile, Section

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=12, textColor=colors.HexColor("#555555"))
HASH = ParagraphStyle("hash", parent=SMALL, fontSize=7.5, leading=10)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=20, leading=28, alignment=1, spaceAfter=8 * mm)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=14, leading=20, spaceBefore=6 * mm, spaceAfter=3 * mm)
ENTRY = ParagraphStyle("entry", parent=BODY, fontSize=11, leading=16, spaceBefore=3 * mm, spaceAfter=1.5 * mm)
CONTENTS = ParagraphStyle("contents", parent=BODY, fontSize=11, leading=20)
# A table sets its cells' font even around paragraphs: ours, or Helvetica would be named (and not embedded).
CELLS = ("FONTNAME", (0, 0), (-1, -1), FONT)
LINES = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")), ("VALIGN", (0, 0), (-1, -1), "TOP"), CELLS]
GRID = TableStyle([*LINES, ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2"))])  # labels on the left
LISTING = TableStyle([*LINES, ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f2f2f2"))])  # a header row
LABEL_WIDTH = 45 * mm


def _text(value, style=BODY) -> Paragraph:
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def _rows(rows: list[tuple[str, str]]) -> Table:
    table = Table([[_text(label), _text(value)] for label, value in rows], colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH])
    table.setStyle(GRID)
    return table


def _files_table(files: list[CaseFile]) -> Table:
    header = [_text(str(Attachment._meta.get_field(name).verbose_name)) for name in ("original_name", "size", "sha256")]
    rows = [[_text(f.name), _text(f.attachment.size if f.attachment else "—"), _text(f.sha256, HASH)] for f in files]
    table = Table([header, *rows], colWidths=[55 * mm, 18 * mm, WIDTH - 73 * mm], repeatRows=1)
    table.setStyle(LISTING)
    return table


def _section(number: int, section: Section) -> list:
    heading = _text(f"{number}. {section.title}", HEADING)
    heading.contents_title = section.title  # picked up by _Document.afterFlowable for the contents page
    story = [CondPageBreak(40 * mm), heading]
    story += [_text(note, SMALL) for note in section.notes]
    if section.facts:
        story.append(_rows(section.facts))
    for entry in section.entries:
        story += [_text(entry.title, ENTRY), _rows(entry.rows)]
    if not (section.facts or section.entries or section.notes):
        story.append(_text(_("None")))
    return story


class _Document(BaseDocTemplate):
    def afterFlowable(self, flowable):
        title = getattr(flowable, "contents_title", None)
        if title:
            self.notify("TOCEntry", (0, title, self.page))


def _canvas_class(header: str, footer: str):
    class NumberedCanvas(canvas.Canvas):
        """Holds every page until the end, so that each can say how many pages there are."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **(kwargs | {"initialFontName": FONT}))  # not Helvetica, never embedded
            self._held = []

        def showPage(self):
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                self.setFont(FONT, 8.5)
                self.setFillColor(colors.HexColor("#555555"))
                if self._pageNumber > 1:
                    self.drawString(MARGIN, A4[1] - 12 * mm, header)
                self.drawCentredString(A4[0] / 2, 10 * mm, footer % {"n": self._pageNumber, "total": total})
                super().showPage()
            super().save()

    return NumberedCanvas


def render_pdf(contents: BundleContents) -> bytes:
    case = contents.case
    buffer = io.BytesIO()
    pdf_font()
    document = _Document(
        buffer,
        pagesize=A4,
        invariant=True,
        title=f"{contents.title} · {case.person.real_name}",
        author=case.branch.name,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    frame = Frame(MARGIN, MARGIN, WIDTH, A4[1] - 2 * MARGIN, id="body")
    document.addPageTemplates([PageTemplate("page", [frame])])
    contents_table = TableOfContents(levelStyles=[CONTENTS], dotsMinLevel=0, tableStyle=TableStyle([CELLS]))
    story = [
        _text(contents.title, TITLE),
        _rows(contents.facts),
        Spacer(1, 3 * mm),
        _text(contents.as_of, SMALL),
        PageBreak(),
        _text(_("Contents"), HEADING),
        contents_table,
        PageBreak(),
    ]
    for number, section in enumerate(contents.sections, start=1):
        story += _section(number, section)
    if contents.files:
        story += [Spacer(1, 3 * mm), _files_table(contents.files)]
    header = f"{contents.title} · {case.person.real_name} · {case.branch.name} · {_('Case')} {case.pk}"
    document.multiBuild(story, canvasmaker=_canvas_class(header, _("Page %(n)s of %(total)s")))
    return buffer.getvalue()
