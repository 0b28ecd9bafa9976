"""The case page and its history cost the same number of queries however many steps there are (the case list:
tests/workflows/kit/test_conformance.py)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.roles import Role
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import api, case_before, standard_path, submit

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def another_applicant(party):
    party.applicant = UserFactory(birth_date=datetime.date(1998, 2, 3))
    grant(party.applicant, party.branch, Role.APPLICANT)


def test_the_case_page_does_not_grow_with_steps(party):
    client = api(party.secretary)
    early = submit(party, date="2026-10-01")
    another_applicant(party)
    late = case_before(party, "record_full_membership_vote")
    assert queries(client, f"/api/v1/party/cases/{early}/") == queries(client, f"/api/v1/party/cases/{late}/")


def test_the_history_does_not_grow_with_steps(party):
    client = api(party.secretary)
    early = case_before(party, "designate_activist")
    another_applicant(party)
    late = case_before(party, "archive_materials")
    assert len(standard_path(party)) > 20
    assert queries(client, f"/api/v1/party/cases/{early}/history/") == queries(
        client, f"/api/v1/party/cases/{late}/history/"
    )
