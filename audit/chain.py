"""Tamper evidence for the audit trail (issue 7, issue 15 item 3): every event carries a keyed hash
(HMAC-SHA256) of its own content, which includes the hash of the event before it in its chain (one chain per
case: process + case id; one per process for events without a case). Changing a byte of a stored event,
removing one or reordering them breaks the chain at that event; and since the key is not in the database
(settings.AUDIT_HMAC_KEYS, from the environment), nobody who can only write the table can recompute a hash.

Each event names the key that sealed it (``key_id``); the id is part of what the HMAC covers, so relabelling an
event with another key needs that key too. There is no unkeyed form any more: the events written with plain
SHA-256 before keys existed were verified and re-sealed with the key by migration 0007, and verification refuses
any event whose key id is unknown (or empty). The chain heads and counts are anchored outside the table by the
signed checkpoints (audit.checkpoints), which catch what a chain alone cannot: a deleted tail, a truncated table.

The chain is extended under a PostgreSQL advisory lock on the chain's key, held to the end of the
transaction, so two transactions never take the same predecessor. The database refuses UPDATE and DELETE
on the table (see the migration's trigger), so a correction is always a new event.
"""

import datetime
import hashlib
import hmac
import json
from decimal import Decimal

from django.conf import settings
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


class UnknownKey(LookupError):
    """An event or checkpoint names a key id that settings.AUDIT_HMAC_KEYS does not hold."""


MAC_VERSION = "stepwise-audit-v2"  # domain separation: an event MAC is never valid as anything else


def current_key_id() -> str:
    return settings.AUDIT_HMAC_KEY_ID


def key_for(key_id: str) -> bytes:
    key = settings.AUDIT_HMAC_KEYS.get(key_id) if key_id else None
    if key is None:
        raise UnknownKey(key_id)
    return key


def seal(canonical: str, key_id: str) -> str:
    """HMAC-SHA256 of an event's canonical content under the named key; the key id is part of the message."""
    return hmac.digest(key_for(key_id), f"{MAC_VERSION}\n{key_id}\n{canonical}".encode(), "sha256").hex()


def hash_of(event, key_id: str | None = None) -> str:
    """The event's keyed hash under its own key id (or ``key_id``)."""
    return seal(canonical_json(content_of(event)), key_id or event.key_id)


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


def hash_of_values(values, key_id: str, *, json_as_text: bool = False) -> str:
    """hash_of for the hashed columns as read from the database, in HASHED order (see canonical_values)."""
    return seal(canonical_values(values, json_as_text=json_as_text), key_id)


def legacy_hash_of_values(values, *, json_as_text: bool = False) -> str:
    """The unkeyed SHA-256 of events written before keys existed. Only migration 0007 uses it, to verify those
    events before re-sealing them; verification never accepts it."""
    return hashlib.sha256(canonical_values(values, json_as_text=json_as_text).encode()).hexdigest()


def previous_hash(model, process: str, case_id) -> str:
    last = model.objects.filter(process=process, case_id=case_id).order_by("-id").values_list("event_hash", flat=True)
    return last.first() or GENESIS  # LIMIT 1: a chain without a case (admin, sign-ins) grows without bound


def lock_chain_and_read_head(model, process: str, case_id) -> str:
    """lock_chain, then previous_hash: on PostgreSQL both statements go in one round trip (psycopg's client-side
    binding sends them together). The second runs once the first has the lock, on a snapshot of its own (READ
    COMMITTED takes one per statement), so it reads the head the lock's previous holder committed; one SELECT
    reading the head beside the lock call would read it as it was before the wait. Every event is written on this
    path (the audit event of each completion among them: bench/README.md, completion)."""
    if connection.vendor != "postgresql" or connection.settings_dict["OPTIONS"].get("server_side_binding"):
        lock_chain(process, case_id)
        return previous_hash(model, process, case_id)
    quote = connection.ops.quote_name
    case = f"{quote('case_id')} = %s" if case_id is not None else f"{quote('case_id')} IS NULL"
    sql = (  # names, not values, are written into it
        "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0)); "  # noqa: S608
        f"SELECT {quote('event_hash')} FROM {quote(model._meta.db_table)} "
        f"WHERE {quote('process')} = %s AND {case} ORDER BY {quote('id')} DESC LIMIT 1"
    )
    params = [chain_key(process, case_id), process, *([case_id] if case_id is not None else [])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.nextset()
        head = cursor.fetchone()
    return head[0] if head else GENESIS


_PROCESS, _CASE, _PREV = (1 + HASHED.index(name) for name in ("process", "case_id", "prev_hash"))
_END = 1 + len(HASHED)
MAX_FINDINGS = 100  # a wholesale rewrite is named by its first hundred findings, not a million


class ChainCheck:
    """What a pass over the trail found: events checked, each chain's (count, head) as read, and the findings
    (dicts with a ``kind``: hash, link, key, tail, head, truncated, checkpoint), the first of each chain only."""

    def __init__(self):
        self.checked = 0
        self.chains: dict[tuple, tuple[int, str]] = {}
        self.findings: list[dict] = []

    def add(self, finding: dict) -> None:
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)

    @property
    def first_broken_event(self) -> int | None:
        return next((f["event"] for f in self.findings if f.get("event") is not None), None)


def check_rows(rows, *, json_as_text: bool = False, expected: dict | None = None) -> ChainCheck:
    """Check rows (id, *HASHED, key_id, event_hash), given in (process, case_id, id) order: each event's keyed hash
    matches its content under the key it names, and it names the previous event of its chain (GENESIS for the
    first). After the first wrong event of a chain the rest of that chain is not checked (it would only repeat the
    finding). ``expected``: {(process, case_id): (count, head)} from the latest checkpoint; a chain that has fewer
    events than it recorded, or another event at that position, is named, and so is a table that lost them all."""
    result, expected = ChainCheck(), expected or {}
    chains = result.chains
    last_key, expected_prev, position, skipping = None, GENESIS, 0, False
    want = None
    for row in rows:
        key = (row[_PROCESS], row[_CASE])
        if key != last_key:
            if last_key is not None:
                chains[last_key] = (position, expected_prev)
            last_key, expected_prev, position, skipping = key, GENESIS, 0, False
            want = expected.get(key)
        position += 1  # counted even past a wrong event: the chain's length is compared with the checkpoint
        if skipping:
            continue
        digest = row[-1]
        if row[_PREV] != expected_prev:
            result.add({"kind": "link", "event": row[0], "process": key[0], "case_id": key[1]})
            skipping = True
            continue
        try:
            good = digest == hash_of_values(row[1:_END], row[-2], json_as_text=json_as_text)
        except UnknownKey:
            result.add({"kind": "key", "event": row[0], "process": key[0], "case_id": key[1], "key_id": row[-2]})
            skipping = True
            continue
        if not good:
            result.add({"kind": "hash", "event": row[0], "process": key[0], "case_id": key[1]})
            skipping = True
            continue
        if want is not None and position == want[0] and digest != want[1]:
            result.add({"kind": "head", "event": row[0], "process": key[0], "case_id": key[1], "position": position})
        expected_prev = digest
        result.checked += 1
    if last_key is not None:
        chains[last_key] = (position, expected_prev)
    if expected:
        _compare_counts(result, expected)
    return result


def _compare_counts(result: ChainCheck, expected: dict) -> None:
    """Chains shorter than the checkpoint recorded (a deleted tail), or gone; all gone: a truncated table."""
    expected_total = sum(count for count, _head in expected.values())
    if expected_total and not result.chains:
        result.add({"kind": "truncated", "expected": expected_total, "found": 0})
        return
    for key, (count, _head) in expected.items():
        found = result.chains.get(key, (0, GENESIS))[0]
        if found < count:
            result.add({"kind": "tail", "process": key[0], "case_id": key[1], "expected": count, "found": found})


def verify_rows(rows, *, json_as_text: bool = False) -> tuple[int, int | None]:
    """check_rows without a checkpoint: (events checked, the id of the first wrong event or None)."""
    result = check_rows(rows, json_as_text=json_as_text)
    return result.checked, result.first_broken_event
