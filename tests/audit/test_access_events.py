"""The auditor sees the sign-ins, failed sign-ins and administrative changes of their subtree (issue 17 item 10): each
such event belongs to the organisation of the person it names, so an auditor above that person finds it, and an
auditor of another tree does not."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.roles import Role
from audit.models import AuditEvent
from audit.selectors import events_visible_to
from tests.clients import api as api_as
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_auditor(tree):
    auditor = UserFactory()
    grant(auditor, tree.other_bureau, Role.AUDITOR)
    return auditor


def seen_by(user, action):
    return list(events_visible_to(user).filter(action=action))


def test_sign_ins_and_failed_sign_ins_belong_to_the_persons_organisation(tree, people, other_auditor):
    client = Client()
    assert client.post(reverse("login"), {"username": "member", "password": "wrong"}).status_code == 200
    client.post(reverse("login"), {"username": "member", "password": "pw-for-tests-123"})
    Client().post(reverse("login"), {"username": "nobody-of-that-name", "password": "x"})
    (failed,) = seen_by(people.auditor, "login_failed")
    assert failed.organisation == tree.branch_a and failed.data == {"username": "member"}
    (signed_in,) = seen_by(people.auditor, "login")
    assert signed_in.actor == people.member
    assert not seen_by(other_auditor, "login") and not seen_by(other_auditor, "login_failed")
    unknown = AuditEvent.objects.filter(action="login_failed").exclude(pk=failed.pk)
    assert [(e.data, e.organisation) for e in unknown] == [({"username": "nobody-of-that-name"}, None)]


def test_a_sign_in_through_the_api_is_seen_by_the_persons_auditor(tree, people, other_auditor):
    response = Client().post(
        "/api/v1/auth/token/", {"username": "member", "password": "pw-for-tests-123"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert [e.actor for e in seen_by(people.auditor, "token_issue")] == [people.member]
    assert not seen_by(other_auditor, "token_issue")


def test_a_password_set_by_an_administrator_is_seen_by_the_persons_auditor(tree, people, other_auditor):
    services.password_change(user=people.member, password="New-password-2026", actor=people.org_admin)
    (event,) = seen_by(people.auditor, "password_set")
    assert event.actor == people.org_admin and event.data["subject"] == people.member.pk
    assert not seen_by(other_auditor, "password_set")


def test_person_administration_is_seen_by_the_auditor_of_the_subtree(tree, people, other_auditor):
    api_as(people.org_admin).post(f"/api/v1/people/{people.member.pk}/deactivate/")
    assert [e.data["subject"] for e in seen_by(people.auditor, "person_deactivate")] == [people.member.pk]
    assert not seen_by(other_auditor, "person_deactivate")


def test_the_console_names_sign_in_events_and_filters_them_by_name(tree, people):
    Client().post(reverse("login"), {"username": "member", "password": "wrong"})
    client = Client()
    client.force_login(people.auditor)
    page = client.get(reverse("audit-console"), {"action": "login_failed"}).content.decode()
    assert "Failed sign-in" in page or "登录失败" in page
    assert 'value="login_failed" selected' in page and "login_failed</" not in page
