"""Breadth-first over a signed-in person's pages: every same-site GET link reachable from the home page, one of each
shape (the same path with other ids or another page number shows the same template), then every file form found
(exports and PDFs, POSTed as the person would) and every PDF, spreadsheet or CSV reached. Returns the code-like
tokens seen, by URL."""

import re
from collections import deque
from urllib.parse import parse_qsl, urlsplit

from django.test import Client

from audit.exports import VERIFIED
from tests.crawl.codes import code_tokens
from tests.crawl.visible import Page, csv_cells, pdf_text, read_html, same_site, xlsx_cells

# Not pages to read: signing out, the language switch, Django's admin (not the product's screens), the API (codes
# stay in API bodies), static files, the files people uploaded (their own words, not ours), the health probe, a
# background export's JSON progress.
SKIPPED = re.compile(r"^/(logout|i18n|admin|api|static|media|attachments|healthz)(/|$)|^/exports/\d+/status/")
# The forms that hand out a file (a list export, the audit export, a case's PDF) are POSTed: each is an audit event.
FILES = re.compile(r"\.(xlsx|csv|pdf)(\?|$)")
PER_SHAPE = 1


def shape(url: str) -> str:
    """A link's shape: its path with numbers as #, and its query's keys; "?page=2" and "?page=3" are one shape."""
    parts = urlsplit(url)
    keys = sorted({key for key, _value in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(keys)


def _texts(response) -> list[str] | None:
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    # The audit export's last columns are its events as sealed, for an offline check of the chain (audit.exports).
    kept_apart = len(VERIFIED) if response.request["PATH_INFO"].startswith("/audit/export.") else 0
    if kind.startswith("application/pdf"):
        return [pdf_text(body)]
    if "spreadsheetml" in kind:
        return xlsx_cells(body, kept_apart=kept_apart)
    if kind.startswith("text/csv"):
        return csv_cells(body, kept_apart=kept_apart)
    return None


def _page(response) -> Page | None:
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    return read_html(response.content.decode(), response.request["PATH_INFO"])


def crawl(client: Client, *, start: str = "/", limit: int = 80) -> tuple[dict[str, list[str]], list[str]]:
    """({URL: code-like tokens} for every URL with some, the URLs read)."""
    found: dict[str, list[str]] = {}
    seen, queue = {start}, deque([start])
    shapes: dict[str, int] = {}
    exports: list[str] = []
    read: list[str] = []
    while queue and len(read) < limit:
        url = queue.popleft()
        response = client.get(url, follow=True)
        read.append(url)
        if response.status_code >= 500:
            found[url] = [f"server error: {response.status_code}"]
        if response.status_code != 200:
            continue
        if response.redirect_chain:  # a notice opens its case page: name the page that was read
            url = f"{url} → {response.request['PATH_INFO']}"
        texts, page = _texts(response), _page(response)
        if page is not None:
            texts = page.texts
            exports += [link for link in map(same_site, page.post_forms) if link and FILES.search(link)]
            for link in map(same_site, page.links):
                if not link or link in seen or SKIPPED.match(link):
                    continue
                seen.add(link)
                if shapes.setdefault(shape(link), 0) < PER_SHAPE:
                    shapes[shape(link)] += 1
                    queue.append(link)
        _note(found, url, texts or [])
    for url in {urlsplit(url).path: url for url in exports}.values():  # one file of each kind: its filters aside
        response = client.post(url, follow=True)
        read.append(f"POST {url}")
        if response.status_code >= 500:
            found[f"POST {url}"] = [f"server error: {response.status_code}"]
        page = _page(response)  # a refusal, or a long list's progress page
        _note(found, f"POST {url}", page.texts if page is not None else _texts(response) or [])
    return found, read


def _note(found: dict, url: str, texts: list[str]) -> None:
    tokens = code_tokens("\n".join(texts))  # no pattern spans a line: one pass over the page
    if tokens:
        found[url] = sorted(set(tokens))
