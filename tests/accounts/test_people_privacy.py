"""Privacy on the people pages and API (issue 17 items 2 and 10): ID numbers masked by default; showing one whole is a
deliberate POST (or ?unmask=1) of a holder of view_identity, audited; a refused administration attempt is audited and
changes nothing; the sign-in page leads to activation; the list's pager keeps the search."""

import datetime

import pytest
from django.urls import reverse

from accounts.identity import make_id_number, mask_id_number
from accounts.roles import Role
from audit.models import AuditEvent
from tests.clients import api as api_as
from tests.clients import page as page_as
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

NUMBER = make_id_number("330102", datetime.date(1990, 1, 2), 4)


@pytest.fixture
def numbered(people):
    people.member.id_number = NUMBER
    people.member.save(update_fields=["id_number"])
    return people.member


def test_the_detail_page_masks_the_number_until_the_administrator_asks_and_the_read_is_audited(tree, people, numbered):
    client = page_as(people.org_admin)
    page = client.get(reverse("person-detail", args=[numbered.pk])).content.decode()
    assert (
        NUMBER not in page and mask_id_number(NUMBER) in page and reverse("person-identity", args=[numbered.pk]) in page
    )
    assert client.get(reverse("person-identity", args=[numbered.pk])).status_code == 405  # never by a link
    shown = client.post(reverse("person-identity", args=[numbered.pk]))
    assert shown.status_code == 200 and NUMBER in shown.content.decode() and "no-cache" in shown["Cache-Control"]
    (read,) = AuditEvent.objects.filter(action="read_identity")
    assert read.actor == people.org_admin and read.data == {"people": [numbered.pk]}
    assert read.organisation == tree.branch_a
    again = client.get(reverse("person-detail", args=[numbered.pk])).content.decode()
    assert NUMBER not in again  # masked again on the next page


def test_a_security_administrator_may_not_unmask_and_the_refusal_is_audited(tree, people, numbered):
    security = UserFactory()
    grant(security, tree.bureau, Role.SECURITY_ADMIN)
    client = page_as(security)
    page = client.get(reverse("person-detail", args=[numbered.pk])).content.decode()
    assert reverse("person-identity", args=[numbered.pk]) not in page  # not offered
    response = client.post(reverse("person-identity", args=[numbered.pk]), follow=True)
    assert NUMBER not in response.content.decode()
    (refused,) = AuditEvent.objects.filter(action="person_refused")
    assert refused.data["attempted"] == "read_identity" and refused.actor == security
    assert not AuditEvent.objects.filter(action="read_identity").exists()


def test_the_api_unmasks_only_when_asked_and_audits_it(people, numbered):
    client = api_as(people.org_admin)
    assert client.get(f"/api/v1/people/{numbered.pk}/").json()["id_number"] == mask_id_number(NUMBER)
    assert not AuditEvent.objects.filter(action="read_identity").exists()
    assert client.get(f"/api/v1/people/{numbered.pk}/", {"unmask": "1"}).json()["id_number"] == NUMBER
    assert AuditEvent.objects.filter(action="read_identity", actor=people.org_admin).count() == 1


def test_a_refused_deactivation_is_audited_and_changes_nothing(tree, people):
    grant(people.auditor, tree.branch_a, Role.MEMBER)  # the bureau's auditor sits in branch A too
    response = page_as(people.org_admin).post(reverse("person-deactivate", args=[people.auditor.pk]), follow=True)
    people.auditor.refresh_from_db()
    assert people.auditor.is_active and not AuditEvent.objects.filter(action="person_deactivate").exists()
    (refused,) = AuditEvent.objects.filter(action="person_refused")
    assert refused.actor == people.org_admin and refused.organisation == tree.bureau
    assert refused.data == {
        "subject": people.auditor.pk,
        "attempted": "person_deactivate",
        "code": "person_beyond_reach",
    }
    assert "person_beyond_reach" not in response.content.decode()


def test_a_refused_edit_through_the_api_is_audited(people):
    response = api_as(people.org_admin).patch(
        f"/api/v1/people/{people.org_admin.pk}/", {"real_name": "改名"}, format="json"
    )
    assert response.status_code == 403 and response.json()["code"] == "person_self"
    people.org_admin.refresh_from_db()
    assert people.org_admin.real_name == "韩管理"
    (refused,) = AuditEvent.objects.filter(action="person_refused")
    assert refused.data["attempted"] == "person_update"


def test_the_sign_in_page_leads_to_the_activation_page(client):
    assert f'href="{reverse("activate-start")}"' in client.get(reverse("login")).content.decode()


def test_the_pager_keeps_the_search(tree, people):
    for number in range(51):
        grant(UserFactory(real_name=f"王{number:02d}"), tree.branch_a, Role.MEMBER)
    page = page_as(people.org_admin).get(reverse("people-list"), {"q": "王"}).content.decode()
    assert "?q=%E7%8E%8B&amp;page=2" in page


def test_django_admin_shows_the_number_masked_even_to_a_superuser(numbered):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    html = page_as(superuser).get(f"/admin/accounts/user/{numbered.pk}/change/").content.decode()
    assert mask_id_number(NUMBER) in html and NUMBER not in html
    assert not AuditEvent.objects.filter(action="read_identity").exists()
