"""Audit search results as .xlsx or CSV (UTF-8 with BOM, so Excel shows Chinese). Every row carries its
hashes, so an exported file can be checked against the chain offline (audit.chain.hash_of)."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

COLUMNS = [
    ("id", "ID"),
    ("process", None),
    ("case_id", None),
    ("action", None),
    ("from_state", None),
    ("to_state", None),
    ("actor_name", None),
    ("actor_role", None),
    ("organisation_id", None),
    ("on_behalf_of", None),
    ("business_date", None),
    ("created_at", None),
    ("rule_set", None),
    ("reason", None),
    ("comment", None),
    ("data_hash", None),
    ("prev_hash", None),
    ("event_hash", None),
]


def _headers() -> list[str]:
    names = {
        "process": _("Process"),
        "case_id": _("Case"),
        "action": _("Action"),
        "from_state": _("From"),
        "to_state": _("To"),
        "actor_name": _("Actor"),
        "actor_role": _("Role"),
        "organisation_id": _("Organisation"),
        "on_behalf_of": _("On behalf of"),
        "business_date": _("Business date"),
        "created_at": _("Server time (UTC)"),
        "rule_set": _("Rule set"),
        "reason": _("Reason"),
        "comment": _("Comment"),
        "data_hash": _("Data hash"),
        "prev_hash": _("Previous event's hash"),
        "event_hash": _("Event hash"),
    }
    return [label or names[name] for name, label in COLUMNS]


def _row(event) -> list:
    values = []
    for name, _label in COLUMNS:
        value = getattr(event, name)
        values.append(value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else value))
    return values


def events_xlsx(events) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Audit events")
    sheet.append(_headers())
    for event in events:
        sheet.append(_row(event))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def events_csv(events) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers())
    for event in events:
        writer.writerow(_row(event))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
