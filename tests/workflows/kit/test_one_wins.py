"""The conformance suite's race, for every registered process (scenarios.py builds each one's case): of two people
completing one step at once, from two PostgreSQL connections, one wins; the other is told so with a stable code,
and the case holds one event and one completed step. Transactional (the two connections must see the scenario), so
apart from test_conformance.py, whose tests share one scenario per process in a transaction never committed."""

import threading

import pytest
from django.db import connection
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from tests.workflows.kit.scenarios import BUILDERS
from workflows.kit.engine import run_action

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=sorted(BUILDERS))
def scenario(request, transactional_db):
    return BUILDERS[request.param](request.getfixturevalue)


def test_of_two_people_completing_one_step_at_once_one_wins(scenario):
    s = scenario
    barrier, outcomes = threading.Barrier(2), []
    done = Task.objects.filter(process_id=s.process_id or s.case.pk, flow_task_type="HUMAN", status=STATUS.DONE)
    done_before = done.count()

    def complete(user):
        try:
            barrier.wait()
            run_action(process=s.process, case_id=s.case.pk, code=s.action, actor=user, payload=s.payload)
            outcomes.append("ok")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(user,)) for user in (s.actor, s.rival)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == sorted(["ok", s.loser_code])
    assert AuditEvent.objects.filter(case_id=s.case.pk, action=s.action).count() == 1
    assert done.count() == done_before + 1  # the step was completed once
