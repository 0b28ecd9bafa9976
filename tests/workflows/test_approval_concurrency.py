"""或签: two approvers decide at the same moment, 50 times on PostgreSQL — one decision wins each time."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.models import Task

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from tests.approval_flow.flows import ApprovalTestFlow
from tests.factories import UserFactory
from workflows.kit.engine import run_action

pytestmark = pytest.mark.django_db(transaction=True)


def review(initiator, approvers) -> Task:
    process = ApprovalTestFlow.start.run(initiator=initiator, approvers=approvers, mode="any")
    draft = Task.objects.get(process=process, status__in=["NEW", "ASSIGNED"])
    with draft.activation() as activation:
        activation.start(None)
        activation.execute()
    return Task.objects.get(process=process, flow_task=ApprovalTestFlow.review)


def race(task, users) -> list[str]:
    barrier, outcomes = threading.Barrier(len(users)), []

    def decide(user):
        try:
            barrier.wait()
            run_action(process="approval_test", case_id=task.process_id, code="approve", actor=user, payload={})
            outcomes.append("ok")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_one_of_two_simultaneous_any_one_decisions_wins():
    initiator, first, second = UserFactory(), UserFactory(), UserFactory()
    for _round in range(50):
        task = review(initiator, [first, second])
        assert race(task, [first, second]) == ["ok", "task_changed"]
        assert AuditEvent.objects.filter(case_id=task.process_id, action="approve").count() == 1
