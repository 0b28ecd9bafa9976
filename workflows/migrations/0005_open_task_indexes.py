"""Partial indexes on viewflow's task table for the steps still open (about one task in ten at volume): the inbox
and the 待办 badge look them up by queue (permission and organisation, unassigned) and by owner (bench/, issue 8),
with the id in the index so that those lookups need not visit the table.
viewflow's tables are not ours to model, so these are plain SQL (PostgreSQL and SQLite both take partial indexes)."""

from django.db import migrations

OPEN = "status IN ('NEW', 'ASSIGNED', 'STARTED')"


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0004_saved_filter_scope"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX workflows_open_task_queue ON viewflow_task (owner_permission, owner_permission_obj_pk, id) "
            f"WHERE {OPEN} AND owner_id IS NULL",
            "DROP INDEX workflows_open_task_queue",
        ),
        migrations.RunSQL(
            f"CREATE INDEX workflows_open_task_owner ON viewflow_task (owner_id, id) WHERE {OPEN}",
            "DROP INDEX workflows_open_task_owner",
        ),
    ]
