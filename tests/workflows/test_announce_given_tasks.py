"""A step engine that read the case's steps after its change hands them to ``announce_open_tasks``: the same
people are told the same things, without reading the steps again (issue 16 item 8)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.dates import business_today
from notifications.models import Notification
from workflows.announce import announce_open_tasks
from workflows.party.models import PartyCase
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db


def announced(case, **given) -> tuple[list[tuple], int]:
    Notification.objects.all().delete()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        announce_open_tasks(case.pk, case=case, **given)
    rows = Notification.objects.values_list("recipient_id", "kind", "title", "body", "url", "task_id", "dedupe")
    return sorted(rows), len(queries)


def test_steps_given_are_announced_as_the_steps_read(party):
    payload = {"branch_id": party.branch.pk, "person_id": party.applicant.pk, "date": str(business_today())}
    submitted = case_submit(actor=party.secretary, payload=payload)
    case = PartyCase.objects.select_related("branch", "person", "rule_set").get(pk=submitted.pk)
    read, statements = announced(case)
    steps = list(case.task_set.select_related("owner", "approval"))
    assert sorted(task.status for task in steps) == ["DONE", "NEW"]  # the start, done, is left out
    given, statements_given = announced(case, tasks=steps)
    assert given == read and len(read) == 2  # the talk step, offered to the branch's two officers
    assert statements_given == statements - 1
