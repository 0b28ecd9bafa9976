"""Audit search results as .xlsx or CSV (UTF-8 with BOM, so Excel shows Chinese). Every hashed column is
exported as audit.chain hashes it (JSON for structured values), with the event's hash, its predecessor's and the
id of the key that sealed it, so a file can be verified offline by whoever holds the audit key: the HMAC-SHA256
(audit.chain.seal) of the canonical JSON of the hashed columns equals event_hash. A cell that a spreadsheet would
run as a formula is written escaped (core.spreadsheets); offline_hash undoes it."""

import csv
import io
import json

from audit.chain import HASHED, canonical_json, content_of, seal
from core.spreadsheets import neutralised, restored

COLUMNS = ("id", *HASHED, "key_id", "event_hash")
STRUCTURED = {"deadlines", "warnings", "data", "attachments"}


def row_cells(event) -> list:
    content = content_of(event)
    values = [event.pk]
    for name in HASHED:
        value = content[name]
        if name in STRUCTURED:
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        values.append("" if value is None else value)
    return [*values, event.key_id, event.event_hash]


def events_csv(events) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for event in events:
        writer.writerow([neutralised(cell) for cell in row_cells(event)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


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
    """Recompute an exported row's event hash from the row and the audit key it names, as an offline checker
    holding the key would: an empty nullable cell is null, structured columns are JSON, ids are integers."""
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
