"""Audit search results as .xlsx or CSV (UTF-8 with BOM, so Excel shows Chinese), for people and for an offline check.

A row has two parts. First the event as people read it, under Chinese headers: its time in Asia/Shanghai (the site's
TIME_ZONE), its process, action, states and role by their names, who did it where. Then, under headers marked as the
verification's, every hashed column exactly as audit.chain hashes it (JSON for structured values; the server time as
its UTC instant), the id of the key that sealed it and the event's hash, in the fixed order of HASHED: whoever holds
the audit key recomputes the HMAC-SHA256 (audit.chain.seal) of the canonical JSON of those columns and finds
event_hash. The verification part is found by position (the last columns), so a file verifies in any language.
A cell that a spreadsheet would run as a formula is written escaped (core.spreadsheets); offline_hash undoes it."""

import csv
import io
import json

from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from audit import labels
from audit.chain import HASHED, canonical_json, content_of, seal
from audit.models import AuditEvent
from core.spreadsheets import neutralised, restored

READABLE = (
    _("Event number"),
    _("Time (Beijing time)"),
    _("Business date"),
    _("Process"),
    _("Case"),
    _("Action"),
    _("State before"),
    _("State after"),
    _("Actor"),
    _("Role"),
    _("Organisation"),
    _("On behalf of"),
    _("Reason"),
    _("Comment"),
)
VERIFIED = ("id", *HASHED, "key_id", "event_hash")  # the verification part, in this order
STRUCTURED = {"deadlines", "warnings", "data", "attachments"}
_NAMES = {
    "id": _("Event number"),
    "created_at": _("Server time (UTC)"),
    "key_id": _("Sealing key"),
    "event_hash": _("Hash"),
}


def _verified_header(name: str) -> str:
    label = _NAMES.get(name) or AuditEvent._meta.get_field(name).verbose_name
    return _("%(column)s (for verification)") % {"column": label}


COLUMNS = (*READABLE, *(lazy(_verified_header, str)(name) for name in VERIFIED))


def _readable(event) -> list:
    process = event.process
    return [
        event.pk,
        timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S"),
        event.business_date.isoformat() if event.business_date else "",
        labels.process_name(process),
        event.case_id or "",
        labels.action_name(process, event.action),
        labels.state_name(process, event.from_state) if event.from_state else "",
        labels.state_name(process, event.to_state) if event.to_state else "",
        event.actor_name,
        labels.role_name(event.actor_role) if event.actor_role else "",
        event.organisation.name if event.organisation_id else "",
        event.on_behalf_of,
        event.reason,
        event.comment,
    ]


def row_cells(event) -> list:
    content = content_of(event)
    values = [event.pk]
    for name in HASHED:
        value = content[name]
        if name in STRUCTURED:
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        values.append("" if value is None else value)
    return [*_readable(event), *values, event.key_id, event.event_hash]


def events_csv(events) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(header) for header in COLUMNS])
    for event in events:
        writer.writerow([neutralised(cell) for cell in row_cells(event)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def verification_part(cells: list) -> dict:
    """The verification columns of an exported row (its cells as read, in order), by column name."""
    return dict(zip(VERIFIED, cells[-len(VERIFIED) :], strict=True))


def read_csv(text: str) -> list[dict]:
    """An exported CSV's rows as an offline checker reads them: each row's verification part, by column name."""
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return [verification_part(row) for row in rows[1:]]


NULLABLE = {
    "case_id",
    "step",
    "actor_id",
    "organisation_id",
    "business_date",
    "override_approver_id",
    "ip",
    "corrects_id",
}
INTEGERS = {"case_id", "step", "actor_id", "organisation_id", "override_approver_id", "corrects_id"}


def offline_hash(row: dict) -> str:
    """Recompute an exported row's event hash from its verification part (verification_part, read_csv) and the
    audit key it names, as an offline checker holding the key would: an empty nullable cell is null, structured
    columns are JSON, ids are integers."""
    content = {}
    for name in HASHED:
        value = restored(row[name])  # a cell that began like a formula was exported with an apostrophe before it
        if value == "" and name in NULLABLE:
            value = None
        elif name in STRUCTURED:
            value = json.loads(value)
        elif name in INTEGERS:
            value = int(value)
        content[name] = value
    return seal(canonical_json(content), row["key_id"])
