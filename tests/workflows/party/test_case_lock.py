"""The party case as the engine locks it (workflows.party.case_lock) is the case the ORM reads, with its person,
branch and rule set, in one statement that locks its rows."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.workflows.party.conftest import case_before
from workflows.party.case_lock import lock
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


def values(row) -> dict:
    return {name: value for name, value in vars(row).items() if not name.startswith("_")}


def test_the_locked_case_is_the_case_as_the_orm_reads_it(party):
    case_id = case_before(party, "fill_form")  # most of its dates filled in
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        case = lock(case_id)
    expected = PartyCase.objects.select_related("person", "branch", "rule_set").get(pk=case_id)
    assert values(case) == values(expected) and case.talk_date is not None
    for name in ("person", "branch", "rule_set"):
        assert PartyCase._meta.get_field(name).is_cached(case)
        assert values(getattr(case, name)) == values(getattr(expected, name))
    (statement,) = queries.captured_queries
    assert statement["sql"].endswith('FOR UPDATE OF "party_partycase", "viewflow_process"')


def test_a_case_that_is_not_there_is_not_found(party):
    with pytest.raises(PartyCase.DoesNotExist), transaction.atomic():
        lock(0)
