"""Simplified Chinese is complete: every message in the catalogue has a translation, none fuzzy."""

import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        found = re.search(r"\nmsgstr(?:\[\d+\])? ", block)  # a plural message has msgstr[0] (zh: one form)
        head, tail = (block[: found.start()], block[found.end() :]) if found else (block, "")
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', head, re.M))
        msgstr = "".join(re.findall(r'^(?:msgstr\[\d+\] )?"(.*)"$', tail, re.M))
        yield msgid, msgstr, "#, fuzzy" in block


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [msgid for msgid, msgstr, fuzzy in entries() if msgid and (not msgstr or fuzzy)]
    assert untranslated == []


def test_the_compiled_catalogue_is_used():
    with translation.override("zh-hans"):
        assert translation.gettext("Log in") == "登录"
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"
