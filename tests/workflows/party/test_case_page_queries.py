"""The case page costs the same SQL statements with 10 or 500 events and comments in its history (issue 8)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.workflows.party.bulk import add_comments, add_events
from tests.workflows.party.conftest import case_before

pytestmark = pytest.mark.django_db


def statements(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["secretary", "applicant"])
def test_the_case_page_does_not_grow_from_10_to_500_rows(party, who):
    case_id = case_before(party, "designate_dev_object")
    client = Client()
    client.force_login(getattr(party, who))
    url = f"/party/{case_id}/"

    def grow(count):
        add_events(case_id, count, actor=party.secretary, organisation=party.branch)
        add_comments(case_id, count, author=party.secretary)

    grow(10)
    ten = statements(client, url)
    grow(490)
    assert len(client.get(url).context["events"]) > 500  # the history holds them all
    assert statements(client, url) == ten
