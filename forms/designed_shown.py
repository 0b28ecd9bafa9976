"""A designed form's stored values as people read them (the case page, exports, print, a read-only field on a
form): people and organisations by name, money as ¥1,234.50, dates in the reader's language, tables as rows with
a sum row. Never a field key, an option code or an id."""

import datetime
from collections.abc import Iterable, Mapping

from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from forms.designed_fields import money_text, number_text
from forms.designed_table import SUMMED, column_sum, sum_text

EMPTY = "—"
LIST_SEPARATOR = "、"


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))


def date_text(value) -> str:
    """The date in full ("2026年9月1日")."""
    return formats.date_format(_date(value), "DATE_FORMAT")


def date_range_text(value: Mapping) -> str:
    """ "2026年9月1日 至 9月3日（3 个工作日）": the year of the last day only when it differs."""
    start, end = _date(value["start"]), _date(value["end"])
    end_text = date_text(end)
    if end.year == start.year:
        end_text = dateformat.format(end, pgettext("a date within the year already shown", "N j"))
    working = int(value.get("working_days") or 0)
    return ngettext(
        "%(start)s to %(end)s (%(count)d working day)", "%(start)s to %(end)s (%(count)d working days)", working
    ) % {"start": date_text(start), "end": end_text, "count": working}


def _person(pk, names: Mapping[int, str]) -> str:
    return names.get(int(pk)) or _("(someone no longer listed)")


def _organisation(pk, organisations: Mapping[int, str]) -> str:
    return organisations.get(int(pk)) or _("(an organisation no longer listed)")


def value_text(spec: dict, value, names: Mapping[int, str], organisations: Mapping[int, str]) -> str:
    """One stored value (not a table) as text; an empty one as "—"."""
    kind = spec["type"]
    if value in (None, "", []):
        return EMPTY
    if kind == "money":
        return money_text(value)
    if kind == "number":
        return number_text(value, int(spec.get("places", 0)))
    if kind == "date":
        return date_text(value)
    if kind == "daterange":
        return date_range_text(value)
    if kind == "multichoice":
        return LIST_SEPARATOR.join(str(option) for option in value)
    if kind == "person":
        return LIST_SEPARATOR.join(_person(pk, names) for pk in (value if isinstance(value, list) else [value]))
    if kind == "organisation":
        return _organisation(value, organisations)
    if kind == "attachments":
        return ngettext("%(count)d file", "%(count)d files", len(value)) % {"count": len(value)}
    return str(value)


def shown_field(spec: dict, value, names: Mapping[int, str], organisations: Mapping[int, str]) -> dict:
    """{"label", "text", "kind"}; for attachments "attachments" (ids, for links); for a table "columns" (labels),
    "rows" (lists of texts) and "sums" (a text under each number or money column, else "")."""
    kind = spec["type"]
    shown = {"label": spec["label"], "kind": kind, "text": ""}
    if kind == "explanation":
        return shown | {"text": spec.get("text", "")}
    if kind == "attachments":  # the caller links the files: their ids are here, never shown
        return shown | {"text": value_text(spec, value, names, organisations), "attachments": list(value or [])}
    if kind != "table":
        return shown | {"text": value_text(spec, value, names, organisations)}
    columns, rows = spec.get("columns", []), value or []
    shown |= {"columns": [column["label"] for column in columns]}
    shown |= {"rows": [[value_text(c, row.get(c["key"]), names, organisations) for c in columns] for row in rows]}
    summed = any(column["type"] in SUMMED for column in columns)
    sums = [sum_text(column, column_sum(rows, column)) for column in columns] if rows and summed else []
    text = ngettext("%(count)d row", "%(count)d rows", len(rows)) % {"count": len(rows)} if rows else EMPTY
    return shown | {"sums": sums, "text": text}


def shown_values(
    fields: Iterable[dict],
    values: Mapping,
    *,
    names: Mapping[int, str],
    organisations: Mapping[int, str],
    permissions: Mapping[str, str] | None = None,
) -> list[dict]:
    """Each field with a value to read, in the form's order: hidden fields (``permissions``, a node's: a key not
    named is "read") and explanations left out. ``names``/``organisations``: id → name of everyone the values
    name (``names_of`` reads them)."""
    shown = []
    for spec in fields:
        if spec["type"] == "explanation" or (permissions is not None and permissions.get(spec["key"]) == "hidden"):
            continue
        shown.append(shown_field(spec, values.get(spec["key"]), names, organisations))
    return shown


def ids_named(fields: Iterable[dict], values: Mapping) -> tuple[set[int], set[int]]:
    """(person ids, organisation ids) that ``values`` name."""
    people: set[int] = set()
    organisations: set[int] = set()
    for spec in fields:
        value = values.get(spec["key"])
        if value in (None, "", []):
            continue
        if spec["type"] == "person":
            people.update(int(pk) for pk in (value if isinstance(value, list) else [value]))
        elif spec["type"] == "organisation":
            organisations.add(int(value))
    return people, organisations


def names_of(fields: Iterable[dict], values: Mapping) -> tuple[dict[int, str], dict[int, str]]:
    """(person id → real name, organisation id → name) of everyone ``values`` name: two queries at most."""
    from accounts.models import Organisation, User

    fields = list(fields)
    people, organisations = ids_named(fields, values)
    names = dict(User.objects.filter(pk__in=people).values_list("pk", "real_name")) if people else {}
    places = dict(Organisation.objects.filter(pk__in=organisations).values_list("pk", "name")) if organisations else {}
    return names, places
