"""A superuser sees every party case, page and API (the visibility filter must not narrow them to their own)."""

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.workflows.party.conftest import api, submit

pytestmark = pytest.mark.django_db


def test_a_superuser_sees_a_case_they_have_no_part_in(party):
    case_id = submit(party, date="2026-10-01")
    admin = UserFactory(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get(f"/party/{case_id}/").status_code == 200
    assert api(admin).get(f"/api/v1/party/cases/{case_id}/").status_code == 200
    assert case_id in [row["id"] for row in api(admin).get("/api/v1/party/cases/").json()["results"]]


def test_an_inactive_superuser_sees_nothing(party):
    case_id = submit(party, date="2026-10-01")
    admin = UserFactory(is_superuser=True, is_active=False)
    client = Client()
    client.force_login(admin)
    assert client.get(f"/party/{case_id}/").status_code in (302, 404)
