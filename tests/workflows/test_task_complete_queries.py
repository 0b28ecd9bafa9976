"""Completing a step through the task API costs a fixed number of SQL statements (issue 8: the completion
benchmark's figure), whatever the size of the branch, the person's grants or the case's history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from viewflow.workflow.models import Task

from accounts.roles import Role
from accounts.tokens import token_issue
from core.dates import business_today
from tests.factories import OrganisationFactory, UserFactory, grant
from workflows.party.flows import PartyFlow
from workflows.party.models import PartyCase
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db

# Token, task and visibility (4); the engine: case lock, right, role, open step (4; the rules of the case's locked
# set were read by the first completion); viewflow's completion of the step and its next step, from the case and
# step the engine read under its lock (3); the audit event (2: the chain's lock and head in one round trip, then the
# insert); deadlines (3: the open steps with the latest business date and the working-day corrections after it, the
# next step's due date, then the case's one update); the outbox (3: the notices of the step done marked read, who
# may act on the next step, the notices with their deliveries in one statement); and, inside the test's own
# transaction, one savepoint and its release.
STATEMENTS = 21


def talk_step(party) -> int:
    applicant = UserFactory(birth_date=party.applicant.birth_date)
    grant(applicant, party.branch, Role.APPLICANT)
    payload = {"branch_id": party.branch.pk, "person_id": applicant.pk, "date": str(business_today())}
    case = case_submit(actor=party.secretary, payload=payload)
    return Task.objects.get(process_id=case.pk, flow_task=PartyFlow.record_talk).pk


def statements_to_complete(client, step: int) -> int:
    body = {"date": str(business_today()), "talker_name": "林书记", "content": "了解入党动机"}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/tasks/{step}/complete/", body, format="json")
    assert response.status_code == 200, response.content
    return len(queries.captured_queries)


def test_completing_a_step_costs_the_same_few_statements_however_big_the_branch(
    party, django_capture_on_commit_callbacks
):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=party.secretary)[1]}")
    with django_capture_on_commit_callbacks(execute=True):  # as its commit would: the rule book is kept from here
        statements_to_complete(client, talk_step(party))  # per-process caches (content types…) fill on the first one
    first = statements_to_complete(client, talk_step(party))
    for _ in range(5):
        talk_step(party)
    for _ in range(3):  # more grants for the person completing, elsewhere in the tree
        grant(party.secretary, OrganisationFactory.create(kind="BRANCH", parent=party.committee), Role.BRANCH_SECRETARY)
    assert statements_to_complete(client, talk_step(party)) == first == STATEMENTS


def test_the_case_is_updated_once_with_the_step_and_what_it_expects_next(party):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=party.secretary)[1]}")
    step = talk_step(party)
    body = {"date": str(business_today()), "talker_name": "林书记", "content": "了解入党动机"}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(f"/api/v1/tasks/{step}/complete/", body, format="json").status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    case = PartyCase.objects.get(pk=Task.objects.get(pk=step).process_id)
    due = Task.objects.get(process_id=case.pk, flow_task=PartyFlow.designate_activist).data["due"]
    assert len([sql for sql in statements if sql.startswith('UPDATE "party_partycase"')]) == 1
    assert not [sql for sql in statements if sql.startswith('UPDATE "viewflow_process"')]
    assert (case.talk_date, case.version, case.next_action) == (business_today(), 1, "designate_activist")
    assert case.next_due.isoformat() == due
