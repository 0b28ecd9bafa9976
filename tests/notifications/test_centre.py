"""The notification centre: list, unread count, mark read / all read, open, preferences; only one's own."""

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from notifications.models import Kind, Notification, Preference
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make(user, n=3):
    with transaction.atomic():
        return notify(recipients=[user], kind=Kind.CC, title="抄送", url="/tasks/") + [
            notify(recipients=[user], kind=Kind.DECISION, title=f"决定{i}", url="/tasks/")[0] for i in range(n - 1)
        ]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_counts_and_mark_read_through_the_api():
    alice, bob = UserFactory(), UserFactory()
    mine = make(alice)
    make(bob, 1)
    listing = api(alice).get("/api/v1/notifications/").json()
    assert listing["count"] == 3
    assert api(alice).get("/api/v1/notifications/counts/").json() == {"unread": 3, "todo": 0}
    counts = api(alice).post(
        "/api/v1/notifications/read/", {"ids": [mine[0].pk, *[n.pk for n in make(bob, 1)]]}, format="json"
    )
    assert counts.json()["unread"] == 2
    assert Notification.objects.filter(recipient=bob, read_at__isnull=False).count() == 0  # not someone else's
    assert api(alice).get("/api/v1/notifications/", {"unread": 1}).json()["count"] == 2
    assert api(alice).post("/api/v1/notifications/read/", {"all": True}, format="json").json()["unread"] == 0


def test_preferences_through_the_api_refuse_unknown_kinds():
    alice = UserFactory()
    client = api(alice)
    assert Kind.DECISION in client.get("/api/v1/notifications/preferences/").json()["email_kinds"]
    bad = client.put(
        "/api/v1/notifications/preferences/", {"email_kinds": ["nope"], "daily_digest": True}, format="json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid" and not Preference.objects.exists()
    good = client.put(
        "/api/v1/notifications/preferences/", {"email_kinds": [Kind.CC], "daily_digest": True}, format="json"
    )
    assert good.json() == {"email_kinds": [Kind.CC], "daily_digest": True}


def test_the_page_lists_opens_and_marks_read():
    alice, bob = UserFactory(), UserFactory()
    notifications = make(alice)
    page = Client()
    page.force_login(alice)
    html = page.get("/notifications/").content.decode()
    assert "抄送" in html and 'data-count="unread"' in html
    response = page.get(f"/notifications/{notifications[0].pk}/open/")
    assert response.status_code == 302 and response.url == "/tasks/"
    notifications[0].refresh_from_db()
    assert notifications[0].read_at is not None
    other = Client()
    other.force_login(bob)
    assert other.get(f"/notifications/{notifications[1].pk}/open/").status_code == 404
    page.post("/notifications/read/", {"all": "1"})
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
    page.post("/notifications/preferences/", {"email_kinds": [Kind.OVERDUE], "daily_digest": "on"})
    assert Preference.objects.get(user=alice).email_kinds == [Kind.OVERDUE]


def test_anonymous_people_get_nothing():
    assert APIClient().get("/api/v1/notifications/").status_code in (401, 403)
    assert Client().get("/notifications/").status_code == 302
