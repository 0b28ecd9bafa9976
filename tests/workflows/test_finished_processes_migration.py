"""Migration workflows 0006 (issue 16 item 5) on Process rows as the community engine left them: a filed
application's Process put back to NEW with ``finished`` empty and ``data`` {} is DONE again, finished when its End
task finished; a cancelled party case knocked back the same way is CANCELED again; a running case is left as it
is. Run inside the test's transaction: the migrations go back to 0005 and forward again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from viewflow.workflow.models import Process
from viewflow.workflow.status import STATUS

from tests.workflows.community.factories import draft, filed_application
from tests.workflows.party.conftest import new_case, run, submit
from workflows.community.models import Kind

pytestmark = pytest.mark.django_db

BEFORE, AFTER = ("workflows", "0005_open_task_indexes"), ("workflows", "0006_finished_processes_done")


def migrate(target):
    with connection.cursor() as cursor:  # the rows the test wrote are checked now: later migrations alter their tables
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([target])


def overwritten(pk):
    """The row as the full-row save left it."""
    Process.objects.filter(pk=pk).update(status=STATUS.NEW, finished=None, data={})


def test_a_filed_application_is_done_again_and_a_draft_is_left_open(yuhuan):
    filed = filed_application(yuhuan, yuhuan.fusion_member, Kind.HELP_PROJECT)
    running = draft(yuhuan, yuhuan.fusion_member2, Kind.FEATURE)
    end = Process.objects.get(pk=filed.pk).task_set.get(flow_task_type="END")
    overwritten(filed.pk)
    migrate(BEFORE)
    migrate(AFTER)

    repaired = Process.objects.get(pk=filed.pk)
    assert (repaired.status, repaired.finished) == (STATUS.DONE, end.finished)
    left = Process.objects.get(pk=running.pk)
    assert (left.status, left.finished) == (STATUS.NEW, None)


def test_a_withdrawn_party_case_is_cancelled_again(party):
    withdrawn, running = submit(party, date="2026-10-01"), new_case(party.branch)
    assert run(party.applicant, withdrawn, "withdraw", {"date": "2026-10-10"}).status_code == 200
    last = max(t.finished for t in Process.objects.get(pk=withdrawn).task_set.all())
    overwritten(withdrawn)
    migrate(BEFORE)
    migrate(AFTER)

    repaired = Process.objects.get(pk=withdrawn)
    assert (repaired.status, repaired.finished) == (STATUS.CANCELED, last)
    assert Process.objects.get(pk=running).status == STATUS.NEW
    assert isinstance(last, datetime.datetime)
