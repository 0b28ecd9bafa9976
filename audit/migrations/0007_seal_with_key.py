"""Issue 15 items 3 and 6: seal the trail with the HMAC key, give every event its organisation, refuse TRUNCATE.

1. Verify every chain as it was written (unkeyed SHA-256, audit.chain.legacy_hash_of_values). A chain that does
   not verify stops the migration: nothing is re-sealed over a trail already broken (restore it from a backup,
   or investigate, first).
2. Fill the organisation of the events written without one (issue 15 item 6): a case event gets its case's
   organisation (the party case's branch, the application's community; for another process the organisation
   the other events of its chain carry); a delegation or an export gets the actor's highest organisation on
   that day (as audit.services.actor_organisation does for new ones).
3. Re-seal every chain with the current key (settings.AUDIT_HMAC_KEY_ID): each event's prev_hash and event_hash
   recomputed in chain order, its key_id set. organisation_id is hashed, which is why 2 comes before 3.
4. Record what was done as an event (process "admin", action "audit_resealed"): how many events and chains,
   how many organisations were filled, the key, and a digest of the unkeyed chain heads it replaced.
5. A statement-level trigger refusing TRUNCATE (the row trigger of 0003 never fired for it), and any UPDATE,
   DELETE, TRUNCATE, TRIGGER or REFERENCES the owner had granted on the table to another role revoked.

Steps 2 and 3 update rows: the append-only trigger is switched off for them inside this migration's transaction
(the migration role owns the table; the runtime role cannot do this, deploy/README.md §8).
"""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

from audit.chain import (
    GENESIS,
    HASHED,
    canonical_json,
    canonical_values,
    current_key_id,
    legacy_hash_of_values,
    seal,
)

CASELESS_ACTIONS = ("delegation_set", "delegation_end", "list_export", "audit_export")

POSTGRES_TRUNCATE = """
CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused on audit_auditevent'
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent;
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
-- Whatever the owner granted to other roles beyond SELECT and INSERT on the trail is taken back
-- (deploy/README.md §8 grants the runtime role SELECT and INSERT only).
DO $$
DECLARE grantee_name text;
BEGIN
    FOR grantee_name IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_schema = current_schema() AND table_name = 'audit_auditevent' AND grantee <> current_user
          AND privilege_type IN ('UPDATE', 'DELETE', 'TRUNCATE', 'TRIGGER', 'REFERENCES')
    LOOP
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON audit_auditevent FROM %%I',
                       grantee_name);
    END LOOP;
END $$;
"""
POSTGRES_TRUNCATE_DROP = (
    "DROP TRIGGER IF EXISTS audit_no_truncate ON audit_auditevent; DROP FUNCTION IF EXISTS audit_no_truncate();"
)
SQLITE_UPDATE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;"""


class BrokenLegacyChain(RuntimeError):
    pass


def _updates_allowed(schema_editor, allowed: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        state = "DISABLE" if allowed else "ENABLE"
        schema_editor.execute(f"ALTER TABLE audit_auditevent {state} TRIGGER audit_append_only")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update" if allowed else SQLITE_UPDATE_TRIGGER)


def _chain_rows(AuditEvent):
    return (
        AuditEvent.objects.order_by("process", "case_id", "id")
        .values_list("id", *HASHED, "key_id", "event_hash")
        .iterator(chunk_size=5000)
    )


def _verify_legacy(AuditEvent) -> tuple[int, int, str]:
    """(events, chains, digest of the chain heads) of the unkeyed trail; BrokenLegacyChain if a link is wrong."""
    prev_at, events, heads = 1 + HASHED.index("prev_hash"), 0, []
    last_key, expected_prev = None, GENESIS
    for row in _chain_rows(AuditEvent):
        key = (row[1 + HASHED.index("process")], row[1 + HASHED.index("case_id")])
        if key != last_key:
            if last_key is not None:
                heads.append(f"{last_key[0]}:{last_key[1]}:{expected_prev}")
            last_key, expected_prev = key, GENESIS
        values, key_id = row[1:-2], row[-2]
        # An event already sealed (written by this release before the migration ran) is checked with its key.
        digest = seal(canonical_values(values), key_id) if key_id else legacy_hash_of_values(values)
        if row[prev_at] != expected_prev or row[-1] != digest:
            raise BrokenLegacyChain(
                f"audit event {row[0]} ({key[0]}, case {key[1]}) does not verify with the unkeyed hash: "
                "refusing to re-seal a broken trail. Run manage.py verify_audit on the previous release."
            )
        expected_prev = row[-1]
        events += 1
    if last_key is not None:
        heads.append(f"{last_key[0]}:{last_key[1]}:{expected_prev}")
    return events, len(heads), hashlib.sha256("\n".join(heads).encode()).hexdigest()


def _fill_organisations(schema_editor) -> dict:
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    filled = {}
    with connection.cursor() as cursor:
        if "party_partycase" in tables:
            cursor.execute(
                """UPDATE audit_auditevent e SET organisation_id = c.branch_id FROM party_partycase c
                   WHERE e.process = 'party' AND e.case_id = c.process_ptr_id AND e.organisation_id IS NULL"""
                if connection.vendor == "postgresql"
                else """UPDATE audit_auditevent SET organisation_id = (SELECT c.branch_id FROM party_partycase c
                        WHERE c.process_ptr_id = audit_auditevent.case_id)
                        WHERE process = 'party' AND case_id IS NOT NULL AND organisation_id IS NULL"""
            )
            filled["party"] = cursor.rowcount
        if "community_application" in tables:
            cursor.execute(
                """UPDATE audit_auditevent SET organisation_id = (SELECT a.community_id FROM community_application a
                   WHERE a.process_ptr_id = audit_auditevent.case_id)
                   WHERE process = 'community' AND case_id IS NOT NULL AND organisation_id IS NULL"""
            )
            filled["community"] = cursor.rowcount
        # Any other case event: the organisation the chain's earliest event with one carries.
        cursor.execute(
            """UPDATE audit_auditevent SET organisation_id = (
                   SELECT o.organisation_id FROM audit_auditevent o
                   WHERE o.process = audit_auditevent.process AND o.case_id = audit_auditevent.case_id
                     AND o.organisation_id IS NOT NULL ORDER BY o.id LIMIT 1)
               WHERE case_id IS NOT NULL AND organisation_id IS NULL"""
        )
        filled["other_cases"] = cursor.rowcount
        if "accounts_membership" in tables and "accounts_organisation" in tables:
            placeholders = ", ".join(["%s"] * len(CASELESS_ACTIONS))
            cursor.execute(
                f"""UPDATE audit_auditevent SET organisation_id = (
                       SELECT m.organisation_id FROM accounts_membership m
                       JOIN accounts_organisation o ON o.id = m.organisation_id
                       WHERE m.user_id = audit_auditevent.actor_id
                         AND m.valid_from <= COALESCE(audit_auditevent.business_date, m.valid_from)
                         AND (m.valid_to IS NULL OR m.valid_to >= COALESCE(audit_auditevent.business_date, m.valid_to))
                       ORDER BY o.depth, m.id LIMIT 1)
                   WHERE case_id IS NULL AND organisation_id IS NULL AND actor_id IS NOT NULL
                     AND action IN ({placeholders})""",
                list(CASELESS_ACTIONS),
            )
            filled["caseless"] = cursor.rowcount
    return {name: max(count, 0) for name, count in filled.items()}


def _reseal(AuditEvent, schema_editor, key_id: str) -> str:
    """Every chain re-sealed under key_id, in chain order; returns the admin chain's new head."""
    prev_at = 1 + HASHED.index("prev_hash")
    updates, last_key, prev, heads = [], None, GENESIS, {}
    with schema_editor.connection.cursor() as cursor:
        for row in _chain_rows(AuditEvent):
            key = (row[1 + HASHED.index("process")], row[1 + HASHED.index("case_id")])
            if key != last_key:
                last_key, prev = key, GENESIS
            values = list(row[1:-2])
            values[prev_at - 1] = prev
            digest = seal(canonical_values(values), key_id)
            updates.append((prev, digest, key_id, row[0]))
            prev = heads[key] = digest
            if len(updates) >= 5000:
                cursor.executemany(
                    "UPDATE audit_auditevent SET prev_hash = %s, event_hash = %s, key_id = %s WHERE id = %s", updates
                )
                updates = []
        if updates:
            cursor.executemany(
                "UPDATE audit_auditevent SET prev_hash = %s, event_hash = %s, key_id = %s WHERE id = %s", updates
            )
    return heads.get(("admin", None), GENESIS)


def seal_with_key(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    key_id = current_key_id()
    events, chains, legacy_digest = _verify_legacy(AuditEvent)
    _updates_allowed(schema_editor, True)
    try:
        filled = _fill_organisations(schema_editor)
        admin_head = _reseal(AuditEvent, schema_editor, key_id)
    finally:
        _updates_allowed(schema_editor, False)
    if not events:
        return  # a new database: nothing was re-sealed, nothing to record
    data = json.loads(
        canonical_json(
            {
                "events": events,
                "chains": chains,
                "organisations_filled": filled,
                "key_id": key_id,
                "legacy_heads_sha256": legacy_digest,
                "migration": "audit.0007_seal_with_key",
            }
        )
    )
    event = AuditEvent(
        process="admin",
        case_id=None,
        action="audit_resealed",
        created_at=timezone.now(),
        business_date=timezone.localdate(),
        data=data,
        data_hash=hashlib.sha256(canonical_json(data).encode()).hexdigest(),
        prev_hash=admin_head,
        key_id=key_id,
    )
    event.event_hash = seal(canonical_values([getattr(event, name) for name in HASHED]), key_id)
    event.save(force_insert=True)


def forbid_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRUNCATE)


def allow_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRUNCATE_DROP)


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_keyed_chain_and_findings")]
    operations = [
        migrations.RunPython(seal_with_key, migrations.RunPython.noop),
        migrations.RunPython(forbid_truncate, allow_truncate),
    ]
