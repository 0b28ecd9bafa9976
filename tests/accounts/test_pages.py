import pytest
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_chinese_by_default(client):
    response = client.get(reverse("login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in body
    assert "登录名" in body and "密码" in body


def test_switching_to_english_translates_the_page(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    body = client.get(reverse("login")).content.decode()
    assert "Login name" in body and "登录名" not in body


def test_login_then_home_lists_the_users_roles(client, people, tree):
    assert client.login(request=HttpRequest(), username="secretary", password="pw-for-tests-123")  # axes wants one
    body = client.get(reverse("home")).content.decode()
    assert tree.branch_a.name in body and "党支部书记" in body


def test_pages_need_login(client, tree):
    response = client.get(reverse("organisation-detail", args=[tree.branch_a.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_organisation_page_404_for_outsider_403_for_members_page_without_right(client, people, tree):
    client.force_login(people.outsider)
    assert client.get(reverse("organisation-detail", args=[tree.branch_a.pk])).status_code == 404
    client.force_login(people.member)
    assert client.get(reverse("organisation-detail", args=[tree.branch_a.pk])).status_code == 200
    response = client.get(reverse("organisation-members", args=[tree.branch_a.pk]))
    assert response.status_code == 403
    assert "无权操作" in response.content.decode()


def test_members_page_shows_id_numbers_to_holders_of_view_identity_when_they_ask(client, people, tree):
    """Masked by default, for everyone; the page's button (a POST) unmasks for a holder of view_identity, and that
    read is a read_identity event (issue #15 item 2)."""
    from accounts.identity import mask_id_number

    client.force_login(people.org_admin)
    url = reverse("organisation-members", args=[tree.branch_a.pk])
    body = client.get(url).content.decode()
    assert people.secretary.id_number not in body and mask_id_number(people.secretary.id_number) in body
    assert 'name="unmask"' in body
    assert not AuditEvent.objects.filter(action="read_identity").exists()
    body = client.post(url, {"unmask": "1"}).content.decode()
    assert people.secretary.id_number in body
    event = AuditEvent.objects.get(action="read_identity")
    assert event.actor == people.org_admin and people.secretary.pk in event.data["people"]


def test_asking_to_unmask_without_view_identity_shows_masked_numbers(client, people, tree):
    client.force_login(people.auditor)
    url = reverse("organisation-members", args=[tree.branch_a.pk])
    body = client.post(url, {"unmask": "1"}).content.decode()
    assert people.secretary.id_number not in body and 'name="unmask"' not in body
    assert not AuditEvent.objects.filter(action="read_identity").exists()


def test_members_page_masks_id_numbers_for_an_auditor(client, people, tree):
    from accounts.identity import mask_id_number

    client.force_login(people.auditor)
    body = client.get(reverse("organisation-members", args=[tree.branch_a.pk])).content.decode()
    assert people.secretary.id_number not in body
    assert mask_id_number(people.secretary.id_number) in body


def test_members_page_query_count_does_not_grow_with_members(client, people, tree):
    client.force_login(people.org_admin)
    url = reverse("organisation-members", args=[tree.branch_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(15):
        grant(UserFactory(), tree.branch_a, Role.MEMBER)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_password_change_works(client, people):
    client.force_login(people.member)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-for-tests-123",
            "new_password1": "Xq7-long-enough-pw",
            "new_password2": "Xq7-long-enough-pw",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert client.login(request=HttpRequest(), username="member", password="Xq7-long-enough-pw")


def test_logout_is_a_post(client, people):
    client.force_login(people.member)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_a_browser_asking_for_english_still_gets_chinese_until_the_person_switches(client):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "登录名" in body
