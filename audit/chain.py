"""Tamper evidence for the audit trail (issue 7): every event carries the SHA-256 of its own content and of
the event before it in its chain (one chain per case: process + case id; one per process for events without
a case). Changing a byte of a stored event, removing one or reordering them breaks the chain at that event.

The chain is extended under a PostgreSQL advisory lock on the chain's key, held to the end of the
transaction, so two transactions never take the same predecessor. The database refuses UPDATE and DELETE
on the table (see the migration's trigger), so a correction is always a new event.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

GENESIS = "0" * 64
# The columns a hash covers. Fixed here (not "every column") so that adding a column later does not change
# the hashes of events already written; a new column that must be covered needs a new chain version.
HASHED = (
    "process", "case_id", "action", "step", "from_state", "to_state", "actor_id", "actor_name", "actor_role",
    "organisation_id", "on_behalf_of", "business_date", "created_at", "rule_set", "deadlines", "warnings",
    "reason", "override_approver_id", "data", "data_hash", "attachments", "comment", "client_type", "ip",
    "corrects_id", "prev_hash",
)  # fmt: skip


# One encoder, reused: json.dumps(value, cls=DjangoJSONEncoder, ...) builds a new one per call.
_ENCODER = DjangoJSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value) -> str:
    return _ENCODER.encode(value)


def chain_key(process: str, case_id) -> str:
    return f"{process}:{case_id if case_id is not None else '-'}"


def lock_chain(process: str, case_id) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [chain_key(process, case_id)])


def _plain(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, (datetime.date, Decimal)):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    return value


def content_of(event) -> dict:
    """The hashed columns in a stable JSON-able form."""
    return {name: _plain(getattr(event, name)) for name in HASHED}


def hash_of(event) -> str:
    return hashlib.sha256(canonical_json(content_of(event)).encode()).hexdigest()


_CREATED_AT, _BUSINESS_DATE = HASHED.index("created_at"), HASHED.index("business_date")


def hash_of_values(values) -> str:
    """hash_of for the hashed columns as read from the database, in HASHED order: the same content (the JSON
    columns already plain, the only date and datetime columns converted as _plain does), without an object or
    a per-column function call. The verification of the whole trail spends its time here."""
    content = dict(zip(HASHED, values, strict=True))
    created, day = values[_CREATED_AT], values[_BUSINESS_DATE]
    if created is not None:
        content["created_at"] = created.astimezone(datetime.UTC).isoformat()
    if day is not None:
        content["business_date"] = day.isoformat()
    return hashlib.sha256(_ENCODER.encode(content).encode()).hexdigest()


def previous_hash(model, process: str, case_id) -> str:
    last = model.objects.filter(process=process, case_id=case_id).order_by("-id").values_list("event_hash", flat=True)
    return last.first() or GENESIS  # LIMIT 1: a chain without a case (admin, sign-ins) grows without bound


_PROCESS, _CASE, _PREV = (1 + HASHED.index(name) for name in ("process", "case_id", "prev_hash"))


def verify_rows(rows) -> tuple[int, int | None]:
    """Check rows (id, *HASHED, event_hash), given in (process, case_id, id) order: each event's hash matches its
    content and names the previous event of its chain (GENESIS for the first). Returns (how many were checked,
    the id of the first event whose content or link is wrong, or None)."""
    checked, last_key, expected_prev = 0, None, GENESIS
    for row in rows:
        key = (row[_PROCESS], row[_CASE])
        if key != last_key:
            last_key, expected_prev = key, GENESIS
        if row[_PREV] != expected_prev or row[-1] != hash_of_values(row[1:-1]):
            return checked, row[0]
        expected_prev = row[-1]
        checked += 1
    return checked, None
