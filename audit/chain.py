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


JSON_COLUMNS = frozenset({"deadlines", "warnings", "data", "attachments"})  # the JSONField columns of HASHED
# canonical_json of a dict of the HASHED columns, written out directly: the keys in sorted order, each value
# encoded by its column's kind.
_KIND = {name: "json" for name in JSON_COLUMNS} | {"created_at": "created_at", "business_date": "business_date"}
_PLAN = [(f'"{name}":', HASHED.index(name), _KIND.get(name, "")) for name in sorted(HASHED)]
_encode_text = json.encoder.encode_basestring  # what the encoder does to a str with ensure_ascii=False
_JSON_TEXT_KEEP = 20_000  # canonical forms of JSON texts remembered (most are repeated: [], {"version": 1}, ...)
_json_text_memo: dict[str, str] = {}


def _canonical_json_text(text: str) -> str:
    """canonical_json of a JSON column read as text (PostgreSQL's jsonb text orders keys its own way)."""
    canonical = _json_text_memo.get(text)
    if canonical is None:
        canonical = _ENCODER.encode(json.loads(text))
        if len(_json_text_memo) >= _JSON_TEXT_KEEP:
            _json_text_memo.clear()
        _json_text_memo[text] = canonical
    return canonical


def canonical_values(values, *, json_as_text: bool = False) -> str:
    """canonical_json(content_of(event)) for the hashed columns as read from the database, in HASHED order (the
    JSON columns decoded, or as text with ``json_as_text``), built without a dict or a per-column call to the
    encoder: the verification of the whole trail spends its time here."""
    parts = []
    for prefix, index, kind in _PLAN:
        value = values[index]
        if value is None:
            parts.append(prefix + "null")
        elif kind == "json":
            parts.append(prefix + (_canonical_json_text(value) if json_as_text else _ENCODER.encode(value)))
        elif kind == "created_at":
            parts.append(f'{prefix}"{value.astimezone(datetime.UTC).isoformat()}"')
        elif kind == "business_date":
            parts.append(f'{prefix}"{value.isoformat()}"')
        elif value.__class__ is str:
            parts.append(prefix + _encode_text(value))
        elif value.__class__ is int:
            parts.append(prefix + str(value))
        else:
            parts.append(prefix + _ENCODER.encode(_plain(value)))
    return "{" + ",".join(parts) + "}"


def hash_of_values(values, *, json_as_text: bool = False) -> str:
    """hash_of for the hashed columns as read from the database, in HASHED order (see canonical_values)."""
    return hashlib.sha256(canonical_values(values, json_as_text=json_as_text).encode()).hexdigest()


def previous_hash(model, process: str, case_id) -> str:
    last = model.objects.filter(process=process, case_id=case_id).order_by("-id").values_list("event_hash", flat=True)
    return last.first() or GENESIS  # LIMIT 1: a chain without a case (admin, sign-ins) grows without bound


_PROCESS, _CASE, _PREV = (1 + HASHED.index(name) for name in ("process", "case_id", "prev_hash"))


def verify_rows(rows, *, json_as_text: bool = False) -> tuple[int, int | None]:
    """Check rows (id, *HASHED, event_hash), given in (process, case_id, id) order: each event's hash matches its
    content and names the previous event of its chain (GENESIS for the first). Returns (how many were checked,
    the id of the first event whose content or link is wrong, or None). ``json_as_text``: the JSON columns are
    JSON text, as PostgreSQL sends them."""
    checked, last_key, expected_prev = 0, None, GENESIS
    for row in rows:
        key = (row[_PROCESS], row[_CASE])
        if key != last_key:
            last_key, expected_prev = key, GENESIS
        if row[_PREV] != expected_prev or row[-1] != hash_of_values(row[1:-1], json_as_text=json_as_text):
            return checked, row[0]
        expected_prev = row[-1]
        checked += 1
    return checked, None
