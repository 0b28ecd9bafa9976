"""A request Django refuses before any view (here: more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS) answers in the
API's error shape under /api/, and in the site's own page elsewhere (viewflow ships a 400 template of its own)."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def too_many_fields(settings) -> dict:
    return {"people": [str(n) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)]}


def test_the_api_answers_a_request_with_too_many_fields_in_its_error_shape(settings):
    client = Client()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))  # reaches the body: may issue links
    response = client.post("/api/v1/people/activation/", too_many_fields(settings))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "bad_request"


def test_a_page_answers_it_with_the_sites_own_page(settings):
    response = Client().post("/login/", too_many_fields(settings))
    assert response.status_code == 400
    assert "Django Material" not in response.content.decode()
