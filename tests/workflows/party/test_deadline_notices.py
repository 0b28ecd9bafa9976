"""The deadline job: each threshold notice once, overdue once, escalation to the committee once."""

import datetime

import pytest
from viewflow.workflow.models import Task

from notifications.models import Kind, Notification
from tests.workflows.party.conftest import submit
from workflows.business_days import add_working_days
from workflows.deadlines import run_deadlines

pytestmark = pytest.mark.django_db


def kinds(user):
    return sorted(
        Notification.objects.filter(recipient=user).exclude(kind=Kind.TASK_NEW).values_list("kind", flat=True)
    )


def test_each_threshold_once_then_overdue_once_then_escalation_once(party, settings):
    settings.DEADLINE_NOTICE_WORKING_DAYS = [3, 1]
    settings.ESCALATE_AFTER_WORKING_DAYS = 2
    case_id = submit(party)
    task = Task.objects.get(process_id=case_id, status="NEW", flow_task_type="HUMAN")
    due = datetime.date.fromisoformat(task.data["due"])
    secretary, committee = party.secretary, party.committeemen[0]
    three_before = due - datetime.timedelta(days=10)
    while add_working_days(three_before, 3).date < due:
        three_before += datetime.timedelta(days=1)
    assert run_deadlines(today=three_before - datetime.timedelta(days=14)) == 0  # nothing yet
    assert run_deadlines(today=three_before) > 0
    assert kinds(secretary) == [Kind.DUE_SOON]
    run_deadlines(today=three_before)  # again: nothing new
    assert kinds(secretary) == [Kind.DUE_SOON]
    one_before = three_before
    while add_working_days(one_before, 1).date < due:
        one_before += datetime.timedelta(days=1)
    run_deadlines(today=one_before)
    run_deadlines(today=one_before)
    assert kinds(secretary) == [Kind.DUE_SOON, Kind.DUE_SOON]
    late = add_working_days(due, 1).date
    run_deadlines(today=late)
    run_deadlines(today=late)
    assert kinds(secretary) == [Kind.DUE_SOON, Kind.DUE_SOON, Kind.OVERDUE]
    assert kinds(committee) == []  # not escalated after one working day
    very_late = add_working_days(due, 2).date
    run_deadlines(today=very_late)
    run_deadlines(today=add_working_days(due, 5).date)
    assert kinds(committee) == [Kind.ESCALATION]
    assert kinds(secretary) == [Kind.DUE_SOON, Kind.DUE_SOON, Kind.OVERDUE]
    escalation = Notification.objects.get(recipient=committee, kind=Kind.ESCALATION)
    assert escalation.task_id == task.pk and escalation.url == f"/party/{case_id}/"


def test_a_step_already_done_gets_no_notice(party):
    case_id = submit(party)
    task = Task.objects.get(process_id=case_id, status="NEW", flow_task_type="HUMAN")
    Task.objects.filter(pk=task.pk).update(status="DONE")
    due = datetime.date.fromisoformat(task.data["due"])
    assert run_deadlines(today=due + datetime.timedelta(days=30)) == 0
