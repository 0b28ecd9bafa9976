"""Two officers complete the same step at the same moment, on PostgreSQL, 50 times: one wins each time."""

import threading

import pytest
from django.db import connection

from accounts.roles import Role
from audit.models import AuditEvent
from core.exceptions import ApplicationError
from tests.factories import UserFactory, grant
from tests.workflows.party.factories import run_action
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 50


def race(case_id, officers):
    barrier = threading.Barrier(len(officers))
    outcomes = []

    def attempt(officer):
        try:
            barrier.wait()
            run_action(
                case_id=case_id,
                code="record_talk",
                actor=officer,
                payload={"date": "2026-11-05", "talker_name": officer.real_name, "content": "谈话"},
            )
            outcomes.append("ok")
        except ApplicationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_exactly_one_of_two_simultaneous_completions_wins(party):
    for round_number in range(ROUNDS):
        person = UserFactory(birth_date=party.applicant.birth_date)
        grant(person, party.branch, Role.APPLICANT)
        case = case_submit(
            actor=party.secretary, payload={"branch_id": party.branch.pk, "date": "2026-11-01", "person_id": person.pk}
        )
        outcomes = race(case.pk, [party.secretary, party.orgmember])
        assert outcomes == ["ok", "task_changed"], (round_number, outcomes)
        assert AuditEvent.objects.filter(case_id=case.pk, action="record_talk").count() == 1
        case.refresh_from_db()
        assert case.task_set.filter(flow_task_type="HUMAN", status="DONE").count() == 1
