"""The inbox (待办, default filter), its page and the task API's page of 200, costs the same SQL statements with 10
or 500 open steps in the box (issue 8). Every process's steps in it: tests/workflows/kit/test_conformance.py."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.workflows.party.bulk import copy_case
from tests.workflows.party.conftest import case_before, submit

pytestmark = pytest.mark.django_db


def statements(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "step", "url"),
    [
        ("secretary", None, "/tasks/"),
        ("secretary", None, "/api/v1/tasks/?page_size=200"),
        ("committeeman", "pre_review", "/tasks/"),
    ],
)
def test_the_inbox_does_not_grow_from_10_to_500_steps(party, who, step, url):
    """The branch secretary's queue of talks, and a committee member's queue of pre-reviews."""
    case_id = case_before(party, step) if step else submit(party, date="2026-11-01")
    user = party.committeemen[0] if who == "committeeman" else party.secretary
    client = Client()
    client.force_login(user)
    copy_case(case_id, 9, name="十例")
    ten = statements(client, url)
    copy_case(case_id, 490, name="五百")
    listed = client.get(url).content.decode()
    assert "五百" in listed or "十例" in listed  # the copies are in the box
    assert statements(client, url) == ten
