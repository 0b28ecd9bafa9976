"""Each party action by the roles that may not run it, on one submitted case: the branch secretary takes no
committee decision, a committee member no branch step, the applicant none of the branch's steps on their own case —
403, and nothing written. (Another branch's 404 and an auditor's 403 for every action: the kit's rule,
tests/workflows/kit/test_conformance.py.)

Every test refuses and writes nothing, so the party and its case are built once for the module, in a transaction
rolled back at its end; each test runs in a savepoint of it, rolled back after the test."""

import pytest
from django.db import transaction

from audit.models import AuditEvent
from tests.conftest import make_tree
from tests.workflows.party.conftest import make_party, run, submit
from workflows.party.actions import ACTIONS
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db
BRANCH_ACTIONS = sorted(code for code, spec in ACTIONS.items() if spec.where != "committee")
COMMITTEE_ACTIONS = sorted(code for code, spec in ACTIONS.items() if spec.where == "committee")


@pytest.fixture(scope="module")
def submitted(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        party = make_party(make_tree())
        yield party, submit(party, date="2026-10-01")
        transaction.set_rollback(True)


def assert_refused(user, case_id, code, status):
    before = (AuditEvent.objects.count(), PartyCase.objects.get(pk=case_id).version)
    response = run(user, case_id, code, {"date": "2026-10-02"})
    assert response.status_code == status, (code, response.content)
    assert (AuditEvent.objects.count(), PartyCase.objects.get(pk=case_id).version) == before


@pytest.mark.parametrize("code", COMMITTEE_ACTIONS)
def test_the_branch_secretary_cannot_take_committee_decisions(submitted, code):
    party, case_id = submitted
    assert_refused(party.secretary, case_id, code, 403)


@pytest.mark.parametrize(
    "code", [c for c in BRANCH_ACTIONS if c not in ("file_with_grandparent", "complete_political_review")]
)
def test_a_committee_member_cannot_take_branch_steps(submitted, code):
    party, case_id = submitted
    assert_refused(party.committeemen[0], case_id, code, 403)


@pytest.mark.parametrize("code", [c for c in sorted(ACTIONS) if not ACTIONS[c].subject_may])
def test_the_applicant_cannot_run_the_branchs_steps_on_their_own_case(submitted, code):
    party, case_id = submitted
    assert_refused(party.applicant, case_id, code, 403)
