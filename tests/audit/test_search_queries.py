"""The auditor's search by person costs the same SQL statements with 10 or 500 matching cases and events
(issue 8)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from tests.factories import UserFactory, grant
from tests.workflows.party.bulk import add_events, copy_case
from tests.workflows.party.conftest import party, submit  # noqa: F401 (party: the fixture, used below)

pytestmark = pytest.mark.django_db


def statements(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_search_by_person_does_not_grow_from_10_to_500_rows(party):  # noqa: F811 (the fixture)
    auditor = UserFactory()
    grant(auditor, party.tree.bureau, Role.AUDITOR)
    client = Client()
    client.force_login(auditor)
    case_id = submit(party, date="2026-11-01")

    def grow(count):
        for copied in copy_case(case_id, count, name="王同名"):
            add_events(copied, 1, actor=party.secretary, organisation=party.branch)

    grow(10)
    ten = statements(client, "/audit/?person=王同名")
    grow(490)
    found = client.get("/audit/?person=王同名").context
    assert found["page"].paginator.count == 500 and len(found["people"]) == 20  # 50 events a page, 20 people
    assert statements(client, "/audit/?person=王同名") == ten
