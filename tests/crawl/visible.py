"""What a person sees of a response: the visible text of a page (no scripts, styles or hidden values; the
attributes that are read out or shown: title, placeholder, aria-label, alt, an input button's value), the text of a PDF
(pdftotext, poppler-utils) and the cells of an .xlsx or CSV file; and where a page leads: its same-site links
and the export forms it offers."""

import csv
import io
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from openpyxl import load_workbook

SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")
BUTTON_TYPES = {"submit", "button", "reset"}
HIDDEN_ELEMENTS = {"script", "style", "template", "noscript"}


@dataclass
class Page:
    texts: list = field(default_factory=list)
    links: list = field(default_factory=list)
    post_forms: list = field(default_factory=list)  # actions of the POST forms (exports are started by POST)


class _Reader(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base, self.page, self.hidden = base, Page(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
            return
        if self.hidden:
            return
        self.page.texts.extend(attrs[name] for name in SHOWN_ATTRIBUTES if attrs.get(name))
        if tag == "input" and (attrs.get("type") or "").lower() in BUTTON_TYPES and attrs.get("value"):
            self.page.texts.append(attrs["value"])
        if tag == "a" and attrs.get("href"):
            self.page.links.append(urljoin(self.base, attrs["href"]))
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.page.post_forms.append(urljoin(self.base, attrs.get("action") or self.base))

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.page.texts.append(data.strip())


def read_html(body: str, base: str) -> Page:
    reader = _Reader(base)
    reader.feed(body)
    reader.close()
    return reader.page


def same_site(url: str) -> str | None:
    """The path and query of a link to this site (fragment dropped); None for another site."""
    parts = urlsplit(url)
    if parts.scheme not in {"", "http"} or parts.netloc not in {"", "testserver"}:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def pdf_text(body: bytes) -> str:
    if shutil.which("pdftotext") is None:
        raise RuntimeError("pdftotext is missing: install poppler-utils (make chromium)")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:  # pdftotext reads a file it can seek in
        handle.write(body)
        handle.flush()
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", handle.name, "-"], capture_output=True)
    if done.returncode:
        raise AssertionError(f"not a readable PDF: {done.stderr.decode(errors='replace')} {body[:60]!r}")
    return done.stdout.decode("utf-8")


def xlsx_cells(body: bytes, *, kept_apart: int = 0) -> list[str]:
    """The sheets' names and cells; ``kept_apart``: that many last columns are for a program, not people (left out)."""
    book = load_workbook(io.BytesIO(body), read_only=True)
    cells = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(value) for value in row[: len(row) - kept_apart] if value is not None)
    return cells


def csv_cells(body: bytes, *, kept_apart: int = 0) -> list[str]:
    rows = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    return [cell for row in rows for cell in row[: len(row) - kept_apart] if cell]
