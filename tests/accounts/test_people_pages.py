"""People administration on the app's pages (issue 17 item 2): add, edit (ID number masked once entered), roles,
deactivate and reactivate; 404 to an outsider, 403 to an insider without the right; every change audited, every
refusal changes nothing and shows its message, never its code."""

import datetime

import pytest
from django.urls import reverse

from accounts.identity import make_id_number, mask_id_number
from accounts.models import Membership, User
from accounts.roles import Role
from audit.models import AuditEvent
from tests.clients import page as page_as
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

NEW_ID = make_id_number("330102", datetime.date(1996, 5, 6), 7)  # odd sequence: a man


def new_person(tree, **extra):
    return {
        "username": "wang.wei",
        "real_name": "王伟",
        "gender": "M",
        "birth_date": "1996-05-06",
        "id_number": NEW_ID,
        "phone": "138 0013 8000",
        "email": "wang.wei@example.cn",
        "party_standing": "NON_MEMBER",
        "organisation": tree.branch_a.pk,
        "role": Role.MEMBER,
        "valid_from": "2026-03-01",
        **extra,
    }


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


def test_an_administrator_adds_a_person_with_a_role_and_no_password(tree, people):
    response = page_as(people.org_admin).post(reverse("person-create"), new_person(tree))
    person = User.objects.get(username="wang.wei")
    assert response.status_code == 302 and response.url == reverse("person-detail", args=[person.pk])
    assert not person.has_usable_password() and person.phone == "13800138000" and person.id_number == NEW_ID
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.role) == (tree.branch_a, Role.MEMBER)
    (created,) = events("person_create")
    assert created.actor == people.org_admin and created.organisation == tree.branch_a
    assert created.data["id_number"] == mask_id_number(NEW_ID)  # the trail never holds the whole number
    assert [e.data["membership"] for e in events("membership_grant") if e.actor] == [membership.pk]


def test_the_id_number_is_masked_on_every_page_after_entry(tree, people):
    client = page_as(people.org_admin)
    client.post(reverse("person-create"), new_person(tree))
    person = User.objects.get(username="wang.wei")
    pages = [
        reverse("person-detail", args=[person.pk]),
        reverse("person-edit", args=[person.pk]),
        reverse("people-list"),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        assert NEW_ID not in body, url
    assert mask_id_number(NEW_ID) in client.get(pages[0]).content.decode()
    assert mask_id_number(NEW_ID) in client.get(pages[1]).content.decode()  # "on record: …", field left empty


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"id_number": NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")}, "id_number"),  # wrong check digit
        ({"birth_date": "1996-05-07"}, "id_number"),  # not the birth date in the number
        ({"phone": "12345"}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"username": "member"}, "username"),  # taken
        ({"role": "NO_SUCH_ROLE"}, "role"),
    ],
)
def test_bad_input_is_shown_on_the_form_and_changes_nothing(tree, people, extra, field):
    client = page_as(people.org_admin)  # signing in is an audit event of its own
    before = (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    response = client.post(reverse("person-create"), new_person(tree, **extra))
    assert response.status_code == 422
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert (User.objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == before


def test_the_security_roles_are_not_offered_to_an_organisation_administrator_and_are_refused(tree, people):
    client = page_as(people.org_admin)
    offered = dict(client.get(reverse("person-create")).context["form"].fields["role"].choices)
    assert Role.AUDITOR not in offered and Role.SECURITY_ADMIN not in offered and Role.MEMBER in offered
    response = client.post(reverse("person-create"), new_person(tree, role=Role.AUDITOR))
    assert response.status_code == 422 and not User.objects.filter(username="wang.wei").exists()


def test_an_organisation_outside_the_administrators_tree_cannot_be_chosen(tree, people):
    response = page_as(people.org_admin).post(
        reverse("person-create"), new_person(tree, organisation=tree.other_branch.pk)
    )
    assert response.status_code == 422 and response.context["form"].errors["organisation"]
    assert not User.objects.filter(username="wang.wei").exists()


def test_refusals_show_their_message_not_their_code(tree, people):
    response = page_as(people.org_admin).post(reverse("person-create"), new_person(tree, phone="12345"))
    body = response.content.decode()
    assert "phone_invalid" not in body and "12345" in body


@pytest.mark.parametrize("name", ["person-detail", "person-edit", "person-role-grant"])
def test_a_person_is_404_to_an_outsider_and_403_to_an_insider_without_the_right(tree, people, name):
    url = reverse(name, args=[people.member.pk])
    assert page_as(people.outsider).get(url).status_code == 404
    assert page_as(people.secretary).get(url).status_code == 403  # sees branch A, administers nobody
    assert page_as(people.org_admin).get(url).status_code == 200


def test_the_people_pages_are_403_to_whoever_administers_nobody(people):
    for name in ("people-list", "person-create"):
        assert page_as(people.secretary).get(reverse(name)).status_code == 403
        assert page_as(people.org_admin).get(reverse(name)).status_code == 200


def test_the_list_shows_the_administrators_own_tree_only(tree, people):
    stranger = UserFactory(real_name="外县某人")
    grant(stranger, tree.other_branch, Role.MEMBER)
    body = page_as(people.org_admin).get(reverse("people-list")).content.decode()
    assert people.member.real_name in body and "外县某人" not in body
    searched = page_as(people.org_admin).get(reverse("people-list"), {"q": "郑"}).context["rows"]
    assert [row["person"] for row in searched] == [people.member]


def test_the_list_costs_the_same_queries_for_more_people(tree, people, django_assert_max_num_queries):
    client = page_as(people.org_admin)
    client.get(reverse("people-list"))
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("people-list"))
    for _n in range(15):
        grant(UserFactory(), tree.branch_b, Role.MEMBER)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("people-list"))


def test_an_edit_changes_the_record_and_records_which_fields(tree, people):
    url = reverse("person-edit", args=[people.member.pk])
    form = page_as(people.org_admin).get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(real_name="郑党员（改）", phone="0576-87654321", birth_date="1980-01-05")
    response = page_as(people.org_admin).post(url, data)
    assert response.status_code == 422  # the birth date no longer matches the ID number on record
    assert response.context["form"].errors["id_number"]
    data["birth_date"] = people.member.birth_date.isoformat()
    response = page_as(people.org_admin).post(url, data)
    assert response.status_code == 302
    people.member.refresh_from_db()
    assert (people.member.real_name, people.member.phone) == ("郑党员（改）", "0576-87654321")
    (edited,) = events("person_update")
    assert edited.data == {"subject": people.member.pk, "fields": ["phone", "real_name"]}


def test_an_id_number_someone_else_has_is_refused_without_saying_whose(tree, people):
    url = reverse("person-edit", args=[people.member.pk])
    data = {"real_name": "郑党员", "party_standing": "NON_MEMBER", "id_number": people.outsider.id_number}
    response = page_as(people.org_admin).post(url, data)
    assert response.status_code == 422 and people.outsider.real_name not in response.content.decode()
    people.member.refresh_from_db()
    assert people.member.id_number != people.outsider.id_number


def test_roles_are_granted_and_ended_with_dates_through_the_pages(tree, people):
    client = page_as(people.org_admin)
    grant_url = reverse("person-role-grant", args=[people.member.pk])
    data = {"organisation": tree.branch_a.pk, "role": Role.PARTY_GROUP, "valid_from": "2026-01-01"}
    assert client.post(grant_url, data).status_code == 302
    membership = Membership.objects.get(user=people.member, role=Role.PARTY_GROUP)
    end_url = reverse("membership-end", args=[membership.pk])
    assert client.post(end_url, {"valid_to": "2025-12-31"}).status_code == 422  # before it started
    assert client.post(end_url, {"valid_to": "2026-12-31"}).status_code == 302
    membership.refresh_from_db()
    assert membership.valid_to == datetime.date(2026, 12, 31)
    assert [e.data["membership"] for e in events("membership_end")] == [membership.pk]


def test_nobody_grants_a_role_to_themselves_through_the_pages(tree, people):
    url = reverse("person-role-grant", args=[people.org_admin.pk])
    data = {"organisation": tree.branch_a.pk, "role": Role.PARENT_COMMITTEE, "valid_from": "2026-01-01"}
    response = page_as(people.org_admin).post(url, data)
    assert (
        response.status_code == 403
        and not Membership.objects.filter(user=people.org_admin, role=Role.PARENT_COMMITTEE).exists()
    )
    assert [e.data["code"] for e in events("membership_grant_refused")] == ["membership_self_grant"]


def test_deactivation_ends_sign_in_and_reactivation_restores_it(tree, people):
    session = page_as(people.member)
    assert session.get(reverse("home")).status_code == 200
    admin = page_as(people.org_admin)
    assert admin.post(reverse("person-deactivate", args=[people.member.pk])).status_code == 302
    people.member.refresh_from_db()
    assert not people.member.is_active
    assert session.get(reverse("home")).status_code == 302  # the open session no longer signs them in
    assert admin.post(reverse("person-deactivate", args=[people.member.pk])).status_code == 302  # told, no change
    assert len(events("person_deactivate")) == 1
    assert admin.post(reverse("person-reactivate", args=[people.member.pk])).status_code == 302
    people.member.refresh_from_db()
    assert people.member.is_active and len(events("person_reactivate")) == 1


def test_an_administrator_cannot_deactivate_someone_holding_a_role_beyond_their_reach(tree, people):
    """The bureau's auditor also sits in branch A: an organisation administrator does not take over an auditor."""
    grant(people.auditor, tree.branch_a, Role.MEMBER)
    response = page_as(people.org_admin).post(reverse("person-deactivate", args=[people.auditor.pk]))
    assert response.status_code == 302
    people.auditor.refresh_from_db()
    assert people.auditor.is_active and not events("person_deactivate")


def test_nobody_deactivates_themselves(people):
    page_as(people.org_admin).post(reverse("person-deactivate", args=[people.org_admin.pk]))
    people.org_admin.refresh_from_db()
    assert people.org_admin.is_active


def test_the_pages_name_roles_by_their_label(tree, people):
    body = page_as(people.org_admin).get(reverse("person-detail", args=[people.secretary.pk])).content.decode()
    assert "BRANCH_SECRETARY" not in body and str(Role.BRANCH_SECRETARY.label) in body


def test_a_membership_of_another_tree_is_404(tree, people):
    foreign = Membership.objects.get(user=people.outsider)
    assert page_as(people.org_admin).get(reverse("membership-end", args=[foreign.pk])).status_code == 404
    own = Membership.objects.get(user=people.member)
    assert page_as(people.secretary).get(reverse("membership-end", args=[own.pk])).status_code == 403
    assert own.valid_to is None
