"""API tokens (issue #15 item 11): a new token at each sign-in, stored hashed, expiring, audited, revoked on sign-out
and on a password change, listed and revocable by their owner (the API and the 令牌 page)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"


def sign_in(username="secretary", **extra) -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json", **extra
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def api_with(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def test_each_sign_in_issues_a_new_token_and_both_work(people):
    first, second = sign_in(), sign_in()
    assert first != second
    assert api_with(first).get("/api/v1/me/").status_code == 200
    assert api_with(second).get("/api/v1/me/").status_code == 200


def test_the_key_itself_is_not_stored(people):
    from accounts.models import ApiToken

    key = sign_in()
    stored = ApiToken.objects.get(user=people.secretary)
    assert key not in {stored.key_hash, stored.prefix} and stored.prefix == key[:8]


def test_a_token_expires_after_the_configured_hours(people, settings):
    from accounts.models import ApiToken

    settings.API_TOKEN_HOURS = 2
    key = sign_in()
    token = ApiToken.objects.get(user=people.secretary)
    assert datetime.timedelta(hours=1, minutes=59) < token.expires_at - token.created_at <= datetime.timedelta(hours=2)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = api_with(key).get("/api/v1/me/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_issuing_a_token_is_an_audit_event_with_the_client_address(people, settings):
    settings.TRUSTED_PROXIES = 1
    sign_in(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    event = AuditEvent.objects.get(action="token_issue")
    assert event.actor == people.secretary and event.ip == "203.0.113.9"


def test_signing_out_through_the_api_revokes_the_presented_token_only(people):
    kept, ended = sign_in(), sign_in()
    response = api_with(ended).post("/api/v1/auth/sign-out/")
    assert response.status_code == 204
    assert api_with(ended).get("/api/v1/me/").status_code == 401
    assert api_with(kept).get("/api/v1/me/").status_code == 200
    assert AuditEvent.objects.filter(action="token_revoke", actor=people.secretary).count() == 1


def test_a_password_change_revokes_every_token(client, people):
    key = sign_in()
    client.force_login(people.secretary)
    new = "New-password-2026!"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert api_with(key).get("/api/v1/me/").status_code == 401


def test_people_list_and_revoke_their_own_tokens_through_the_api(people):
    key, other = sign_in(), sign_in("member")
    api = api_with(key)
    listed = api.get("/api/v1/auth/tokens/").json()
    assert [row["current"] for row in listed] == [True] and "key_hash" not in listed[0]
    from accounts.models import ApiToken

    theirs = ApiToken.objects.get(user=people.member)
    assert api.post(f"/api/v1/auth/tokens/{theirs.pk}/revoke/").status_code == 404  # another person's
    assert api_with(other).get("/api/v1/me/").status_code == 200
    assert api.post(f"/api/v1/auth/tokens/{listed[0]['id']}/revoke/").status_code == 204
    assert api.get("/api/v1/me/").status_code == 401


def test_the_tokens_page_lists_and_revokes(client, people):
    from accounts.models import ApiToken

    key = sign_in()
    token = ApiToken.objects.get(user=people.secretary)
    client.force_login(people.secretary)
    page = client.get(reverse("token-list"))
    assert page.status_code == 200 and token.prefix in page.content.decode()
    assert reverse("token-list") in client.get(reverse("home")).content.decode()  # in the person's menu
    assert client.post(reverse("token-revoke", args=[token.pk])).status_code == 302
    assert api_with(key).get("/api/v1/me/").status_code == 401


def test_a_person_keeps_at_most_the_configured_number_of_tokens(people, settings):
    settings.API_TOKENS_PER_USER = 2
    oldest, middle, newest = sign_in(), sign_in(), sign_in()
    assert api_with(oldest).get("/api/v1/me/").status_code == 401
    assert api_with(middle).get("/api/v1/me/").status_code == 200
    assert api_with(newest).get("/api/v1/me/").status_code == 200


def test_a_deactivated_persons_token_stops_working(people):
    key = sign_in()
    people.secretary.is_active = False
    people.secretary.save(update_fields=["is_active"])
    assert api_with(key).get("/api/v1/me/").status_code == 401


def test_tokens_long_expired_or_revoked_are_purged_by_the_periodic_job(people):
    from accounts.models import ApiToken
    from accounts.tasks import tokens_purge_task

    live, _expired, _revoked = sign_in(), sign_in(), sign_in()
    long_ago = timezone.now() - datetime.timedelta(days=8)
    rows = list(ApiToken.objects.filter(user=people.secretary).order_by("pk"))
    ApiToken.objects.filter(pk=rows[1].pk).update(expires_at=long_ago)
    ApiToken.objects.filter(pk=rows[2].pk).update(revoked_at=long_ago)
    assert tokens_purge_task() == 2
    assert list(ApiToken.objects.values_list("pk", flat=True)) == [rows[0].pk]
    assert api_with(live).get("/api/v1/me/").status_code == 200
