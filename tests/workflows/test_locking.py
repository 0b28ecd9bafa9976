"""The step engines' flow lock: viewflow's row lock on the case, skipped only where the engine already holds it."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.dates import business_today
from workflows.locking import case_lock, case_lock_held
from workflows.party.flows import PartyFlow
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db


def locking_statements(case_id) -> list[str]:
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with case_lock(PartyFlow, case_id):
            pass
    return [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]


def test_the_flow_lock_locks_the_case_row_unless_the_engine_holds_it(party):
    payload = {"branch_id": party.branch.pk, "person_id": party.applicant.pk, "date": str(business_today())}
    case = case_submit(actor=party.secretary, payload=payload)
    assert len(locking_statements(case.pk)) == 1
    with transaction.atomic(), case_lock_held(case.pk):
        assert locking_statements(case.pk) == []
        assert len(locking_statements(case.pk + 1)) == 1  # another case is locked as usual
    assert len(locking_statements(case.pk)) == 1  # held only for the extent of the block
