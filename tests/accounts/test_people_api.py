"""The people API for an HR system (issue 17 item 2): the same services, rules and audit events as the pages;
ID numbers masked in every answer; bad input answered with a stable code and nothing changed."""

import datetime

import pytest

from accounts.identity import make_id_number, mask_id_number
from accounts.models import Membership, User
from accounts.roles import Role
from audit.models import AuditEvent
from tests.clients import api as api_as

pytestmark = pytest.mark.django_db

NEW_ID = make_id_number("330102", datetime.date(1990, 1, 2), 4)


def payload(tree, **extra):
    return {
        "username": "li.na",
        "real_name": "李娜",
        "gender": "F",
        "birth_date": "1990-01-02",
        "id_number": NEW_ID,
        "phone": "13912345678",
        "organisation": tree.branch_a.pk,
        "role": Role.MEMBER,
        "valid_from": "2026-09-01",
        **extra,
    }


def test_an_hr_system_adds_a_person_with_a_role_and_reads_them_masked(tree, people):
    response = api_as(people.org_admin).post("/api/v1/people/", payload(tree), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["id_number"] == mask_id_number(NEW_ID) and body["activated"] is False
    person = User.objects.get(pk=body["id"])
    assert Membership.objects.get(user=person).role == Role.MEMBER
    assert AuditEvent.objects.filter(action="person_create", actor=people.org_admin).count() == 1
    listed = api_as(people.org_admin).get("/api/v1/people/", {"search": "李娜"}).json()["results"]
    assert [row["id"] for row in listed] == [person.pk] and NEW_ID not in str(listed)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"phone": "123"}, "phone_invalid"),
        ({"email": "x@"}, "email_invalid"),
        ({"id_number": NEW_ID[:-1] + ("1" if NEW_ID[-1] == "0" else "0")}, "id_number_checksum"),
        ({"username": "member"}, "username_taken"),
        ({"role": Role.AUDITOR}, "security_role_reserved"),
        ({"valid_from": "1900-01-01"}, "membership_date_out_of_range"),
    ],
)
def test_bad_input_gets_a_stable_code_and_changes_nothing(tree, people, extra, code):
    before = (User.objects.count(), Membership.objects.count())
    response = api_as(people.org_admin).post("/api/v1/people/", payload(tree, **extra), format="json")
    assert response.status_code in (400, 403) and response.json()["code"] == code
    assert (User.objects.count(), Membership.objects.count()) == before


def test_an_organisation_outside_the_callers_tree_reads_as_unknown(tree, people):
    response = api_as(people.org_admin).post(
        "/api/v1/people/", payload(tree, organisation=tree.other_branch.pk), format="json"
    )
    assert response.status_code == 400 and "organisation" in response.json()["fields"]


def test_a_person_is_404_to_an_outsider_403_to_an_insider_and_changed_by_their_administrator(tree, people):
    url = f"/api/v1/people/{people.member.pk}/"
    assert api_as(people.outsider).get(url).status_code == 404
    assert api_as(people.secretary).get(url).status_code == 403
    assert api_as(people.secretary).get("/api/v1/people/").status_code == 403
    response = api_as(people.org_admin).patch(url, {"phone": "0576 8765 4321"}, format="json")
    assert response.status_code == 200 and response.json()["phone"] == "0576-87654321"
    assert AuditEvent.objects.get(action="person_update").data["fields"] == ["phone"]


def test_deactivate_and_reactivate_through_the_api(people):
    url = f"/api/v1/people/{people.member.pk}/"
    client = api_as(people.org_admin)
    assert client.post(url + "deactivate/").json()["is_active"] is False
    again = client.post(url + "deactivate/")
    assert again.status_code == 409 and again.json()["code"] == "person_already_inactive"
    assert client.post(url + "reactivate/").json()["is_active"] is True
    assert api_as(people.org_admin).post(f"/api/v1/people/{people.org_admin.pk}/deactivate/").json()["code"] == (
        "person_self"
    )
