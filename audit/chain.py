"""Tamper evidence for the audit trail (issue 7): every event carries the SHA-256 of its own content and of
the event before it in its chain (one chain per case: process + case id; one per process for events without
a case). Changing a byte of a stored event, removing one or reordering them breaks the chain at that event.

The chain is extended under a PostgreSQL advisory lock on the chain's key, held to the end of the
transaction, so two transactions never take the same predecessor. The database refuses UPDATE and DELETE
on the table (see the migration's trigger), so a correction is always a new event.
"""

import datetime
import hashlib
import json
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


def canonical_json(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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


def previous_hash(model, process: str, case_id) -> str:
    last = model.objects.filter(process=process, case_id=case_id).order_by("-id").values_list("event_hash", flat=True)
    return next(iter(last), GENESIS) or GENESIS


def verify_events(events) -> tuple[int, object | None]:  # events: models or rows with the same attributes
    """Check events given in (process, case_id, id) order. Returns (how many were checked, the first event
    whose content or link is wrong, or None)."""
    checked, last_key, expected_prev = 0, None, GENESIS
    for event in events:
        key = chain_key(event.process, event.case_id)
        if key != last_key:
            last_key, expected_prev = key, GENESIS
        if event.prev_hash != expected_prev or event.event_hash != hash_of(event):
            return checked, event
        expected_prev = event.event_hash
        checked += 1
    return checked, None
