"""A password change is an event (issue #15 item 12): the person's own (password_change) and one set by an
administrator on the Django admin's page (password_set), both through accounts.services.password_change, which
also revokes the person's API tokens."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = "New-password-2026!"


def token_of(username: str) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": "pw-for-tests-123"}, format="json"
    )
    return response.json()["token"]


def signs_in_with(key: str) -> bool:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api.get("/api/v1/me/").status_code == 200


def test_changing_ones_own_password_is_an_event_of_that_person(client, people, settings):
    settings.TRUSTED_PROXIES = 1
    client.force_login(people.secretary)
    response = client.post(
        reverse("password_change"),
        {"old_password": "pw-for-tests-123", "new_password1": NEW, "new_password2": NEW},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.4",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="password_change")
    assert event.actor == people.secretary and event.data["subject"] == people.secretary.pk
    assert event.ip == "198.51.100.4"
    people.secretary.refresh_from_db()
    assert people.secretary.check_password(NEW)
    assert client.get(reverse("home")).status_code == 200  # this session stays signed in


def test_an_administrator_setting_a_password_in_the_admin_is_an_event_naming_both(client, people):
    key = token_of("member")
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[people.member.pk])
    response = client.post(url, {"password1": NEW, "password2": NEW, "usable_password": "true"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action="password_set")
    assert event.actor == superuser and event.data["subject"] == people.member.pk
    people.member.refresh_from_db()
    assert people.member.check_password(NEW)
    assert not signs_in_with(key)


def test_disabling_password_sign_in_in_the_admin_is_an_event_too(client, people):
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[people.member.pk])
    response = client.post(url, {"usable_password": "false", "unset-password": "1"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="password_set")
    assert event.data == {"subject": people.member.pk, "usable": False, "tokens_revoked": 0}
    people.member.refresh_from_db()
    assert not people.member.has_usable_password()
