"""The engine's rows in SQL written once (workflows.kit.sql_rows) are the ORM's: instances made from a row equal the
ones the ORM reads, and saving some columns writes what save(update_fields=…) writes."""

import datetime

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task

from tests.workflows.party.conftest import make_party, submit
from workflows.kit.sql_rows import columns, fetch, quoted, save_columns
from workflows.models import WorkdayOverride

pytestmark = pytest.mark.django_db


def values(row) -> dict:
    return {name: value for name, value in vars(row).items() if not name.startswith("_")}


def test_a_row_read_in_sql_is_the_instance_the_orm_reads(tree):
    case_id = submit(make_party(tree))
    task = Task.objects.filter(process_id=case_id, status="NEW").get()
    task.data = {"due": "2023-04-01", "claimed_by": 7}  # JSON and viewflow's node and token references
    task.save(update_fields=["data"])
    (row,) = fetch(f"SELECT {columns(Task).sql} FROM {quoted(Task)} WHERE {quoted(Task, 'id')} = %s", [task.pk])
    made, read = columns(Task).make(row), Task.objects.get(pk=task.pk)
    assert values(made) == values(read) and made.flow_task is read.flow_task and made.data["claimed_by"] == 7
    assert not made._state.adding and made._state.db == "default"


def test_some_columns_are_saved_as_save_saves_them_in_one_statement():
    override = WorkdayOverride.objects.create(date=datetime.date(2026, 10, 10), is_workday=True, note="调休")
    override.is_workday, override.note = False, "补假"
    with CaptureQueriesContext(connection) as queries:
        save_columns(override, ["is_workday", "note"])
    stored = WorkdayOverride.objects.get(pk=override.pk)
    assert (stored.is_workday, stored.note, stored.date) == (False, "补假", datetime.date(2026, 10, 10))
    assert len(queries) == 1 and queries[0]["sql"].startswith('UPDATE "workflows_workdayoverride"')
    override.pk = override.pk + 1000
    with pytest.raises(DatabaseError):  # as save(update_fields=…) when the row is gone
        save_columns(override, ["note"])


def test_a_model_with_a_save_of_its_own_is_saved_by_it(tree):
    task = Task.objects.filter(process_id=submit(make_party(tree)), status="NEW").get()
    task.flow_task_type = ""  # viewflow's Task.save fills in the node's type
    save_columns(task, ["flow_task_type"])
    assert Task.objects.get(pk=task.pk).flow_task_type == "HUMAN"
