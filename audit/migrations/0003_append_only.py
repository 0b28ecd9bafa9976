"""Chain the events written before the chain existed, then make the table append-only at the database:
a trigger refuses every UPDATE and DELETE (PostgreSQL; the embedded SQLite run gets the same with its own
trigger syntax). TRUNCATE, used only by the test runner's flush, is a table operation and not affected."""

from django.db import migrations

from audit.chain import GENESIS, chain_key, hash_of

POSTGRES = """
CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: %% refused on audit_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
"""
POSTGRES_DROP = (
    "DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent; DROP FUNCTION IF EXISTS audit_append_only();"
)
SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;""",
]


def chain_existing(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    last = {}
    for event in AuditEvent.objects.order_by("process", "case_id", "id").iterator():
        key = chain_key(event.process, event.case_id)
        event.prev_hash = last.get(key, GENESIS)
        event.event_hash = hash_of(event)
        event.save(update_fields=["prev_hash", "event_hash"])
        last[key] = event.event_hash


def forbid_changes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def allow_changes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_update")
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_delete")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]
    operations = [
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.RunPython(forbid_changes, allow_changes),
    ]
