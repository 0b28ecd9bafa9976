"""The code's references to the domain specification resolve inside the repository (issue 16 item 7): every
"DOMAIN §x.y" names a heading of docs/domain.md, and every bad input it names ("DOMAIN A7", "§3.6 B1–B7") is a
row of that section's table. A reference to a section that was renumbered or never written fails here."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "docs" / "domain.md"
SKIP = {".venv", "node_modules", "var", "test-artifacts", "docs"}
SUFFIXES = {".py", ".html", ".js", ".md", ".txt", ".toml", ".po"}
# "DOMAIN" (not SUBDOMAINS) or "domain.md", then a chain of section numbers and bad-input ids: "§2.3–§2.5, §2.10",
# "§4.2–4.3", "§3.6 B4, B5, B7", "A7", "§4.6, C1–C9".
TOKEN = r"(?:§\s*\d+(?:\.\d+)*|\d+(?:\.\d+)+|[ABC]\d+)"
FIRST = r"(?:§\s*\d+(?:\.\d+)*|[ABC]\d+)"
REFERENCE = re.compile(rf"(?<![A-Za-z_])(?:DOMAIN|domain\.md)(?:\.md)?\s+({FIRST}(?:\s*[–,;-]?\s*{TOKEN})*)")


def _sources():
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIP and not name.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if path.suffix in SUFFIXES:
                yield path.relative_to(ROOT), path.read_text(errors="ignore")


def _expand(chain: str) -> tuple[set[str], set[str]]:
    """(section numbers, bad-input ids) named by one reference chain; a range of ids names every id in it."""
    sections, ids = set(), set()
    tokens = re.findall(rf"{TOKEN}|[–-]", chain)
    for i, token in enumerate(tokens):
        token = token.replace("§", "").strip()
        if token in "–-":
            continue
        if token[0] in "ABC":
            ids.add(token)
            if i >= 2 and tokens[i - 1] in "–-" and tokens[i - 2][0] == token[0]:
                ids |= {f"{token[0]}{n}" for n in range(int(tokens[i - 2][1:]), int(token[1:]))}
        else:
            sections.add(token)
    return sections, ids


def _spec():
    text = SPEC.read_text()
    headings = {m.group(1) for m in re.finditer(r"^#{2,4}\s+(\d+(?:\.\d+)*)\.?\s", text, re.M)}
    # A section's numbered decisions before its first subsection count as its parts: §0.5 is decision 5 of §0.
    for match in re.finditer(r"^## (\d+)\.\s.*?(?=^#)", text, re.M | re.S):
        headings |= {f"{match.group(1)}.{n}" for n in re.findall(r"^(\d+)\. ", match.group(0), re.M)}
    rows = set(re.findall(r"^\|\s*([ABC]\d+)\s*\|", text, re.M))
    return headings, rows


def test_the_spec_has_its_sections_and_bad_inputs():
    headings, rows = _spec()
    assert {"0", "0.5", "1.2", "2.3", "2.9", "3.6", "4.4", "4.6"} <= headings and "0.9" not in headings
    assert {"A1", "A27", "B1", "B7", "C1", "C9"} <= rows


def test_every_domain_reference_in_the_code_resolves():
    headings, rows = _spec()
    found, missing = 0, []
    for rel, text in _sources():
        for match in REFERENCE.finditer(text):
            sections, ids = _expand(match.group(1))
            found += len(sections) + len(ids)
            line = text.count("\n", 0, match.start()) + 1
            missing += [f"{rel}:{line} §{s}" for s in sorted(sections - headings)]
            missing += [f"{rel}:{line} {i}" for i in sorted(ids - rows)]
    assert found > 100  # the scan reads the references at all
    assert missing == []


def test_a_reference_chain_names_each_section_and_id():
    assert _expand("§2.3–§2.5, §2.10") == ({"2.3", "2.5", "2.10"}, set())
    assert _expand("§4.2–4.3") == ({"4.2", "4.3"}, set())
    assert _expand("§3.6 B4, B5, B7") == ({"3.6"}, {"B4", "B5", "B7"})
    assert _expand("§4.6, C1–C3") == ({"4.6"}, {"C1", "C2", "C3"})
