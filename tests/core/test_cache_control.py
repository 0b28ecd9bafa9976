"""Cache-Control: no-store on every answer to a signed-in person and every API answer, not on static files
(issue #15 item 20)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from core.middleware import NoStoreMiddleware

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_for_a_signed_in_person_are_not_stored(client, people):
    client.force_login(people.secretary)
    for name in ("home", "organisation-list", "token-list"):
        assert no_store(client.get(reverse(name))), name


def test_every_api_answer_is_not_stored(people):
    api = APIClient()
    assert no_store(api.get("/api/v1/me/"))  # 401
    api.force_authenticate(people.secretary)
    assert no_store(api.get("/api/v1/me/"))
    assert no_store(api.get("/api/v1/no-such-thing/"))  # 404 in the API's shape


def test_static_files_are_left_alone(settings):
    request = RequestFactory().get(f"{settings.STATIC_URL}css/app.css")
    response = NoStoreMiddleware(lambda request: HttpResponse("body{}"))(request)
    assert "Cache-Control" not in response
