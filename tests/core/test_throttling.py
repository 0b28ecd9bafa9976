"""Sign-in behind one address (issue 17 item 9): the rate counts failed sign-ins per address, never sign-ins, so a
whole school behind one NAT address gets in while passwords tried across accounts from one address are slowed. The
clock is the throttle's own (a fake one here): five minutes of sign-ins run in a few seconds."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent
from core.throttling import LoginRateThrottle
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-123"  # tests.factories.UserFactory
SCHOOL = "203.0.113.7"  # the one address a school's network shows the world (NAT)


class Clock:
    """Seconds as the throttle reads them (``timer``); an instance, so it is not bound as a method."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(LoginRateThrottle, "timer", clock)
    return clock


def sign_in(username, password, address=SCHOOL):
    client = Client(REMOTE_ADDR=address)  # each person on a browser of their own, all behind one address
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response, client


def checked_passwords() -> int:
    return AuditEvent.objects.filter(process="admin", action="login_failed").count()


def test_two_hundred_people_signing_in_from_one_address_within_five_minutes_all_get_in(clock):
    people = User.objects.bulk_create(UserFactory.build_batch(200))
    for n, person in enumerate(people):
        clock.now += 1.5  # 200 sign-ins in 300 seconds
        if n % 25 == 0:  # a few mistype first: 8 failures in five minutes, fewer than a minute's allowance
            assert sign_in(person.username, "wrong-password")[0].status_code == 200
        response, client = sign_in(person.username, PASSWORD)
        assert response.status_code == 302, n
        assert client.session["_auth_user_id"] == str(person.pk)
    assert checked_passwords() == 8


def test_fifty_failed_passwords_across_fifty_accounts_from_one_address_are_slowed(clock):
    people = UserFactory.create_batch(50)
    answers = []
    for person in people:
        clock.now += 1  # one guess a second
        answers.append(sign_in(person.username, "wrong-password")[0])
    assert [a.status_code for a in answers] == [200] * 10 + [429] * 40
    assert checked_passwords() == 10  # the other 40 passwords were never checked
    refused = answers[-1]
    assert 'data-code="throttled"' in refused.content.decode() and 0 < int(refused["Retry-After"]) <= 60
    assert sign_in(people[0].username, PASSWORD)[0].status_code == 429  # the right password waits too
    assert sign_in(people[0].username, PASSWORD, address="198.51.100.9")[0].status_code == 302  # not elsewhere

    clock.now += 60  # a minute after the first failure: the address has failures to spare again
    assert sign_in(people[1].username, PASSWORD)[0].status_code == 302
    assert sign_in(people[2].username, "wrong-password")[0].status_code == 200
    assert checked_passwords() == 11


def test_the_token_endpoint_counts_failures_with_the_pages_and_never_sign_ins(clock):
    person = UserFactory()
    api = APIClient(REMOTE_ADDR=SCHOOL)
    for _ in range(30):
        body = {"username": person.username, "password": PASSWORD}
        assert api.post("/api/v1/auth/token/", body, format="json").status_code == 200
    for n in range(5):
        assert sign_in(f"nobody{n}", "wrong-password")[0].status_code == 200
        body = {"username": f"nobody{n}", "password": "wrong-password"}
        assert api.post("/api/v1/auth/token/", body, format="json").status_code == 400
    body = {"username": person.username, "password": PASSWORD}
    refused = api.post("/api/v1/auth/token/", body, format="json")
    assert refused.status_code == 429 and refused.json()["code"] == "throttled"
    assert sign_in(person.username, PASSWORD)[0].status_code == 429


@override_settings(LOGIN_FAILURE_RATE="3/h")
def test_the_allowance_is_a_setting(clock):
    for n in range(3):
        clock.now += 600
        assert sign_in(f"nobody{n}", "wrong-password")[0].status_code == 200
    assert sign_in("nobody3", "wrong-password")[0].status_code == 429
    clock.now += 2400  # the first failure is an hour old
    assert sign_in("nobody4", "wrong-password")[0].status_code == 200
