"""Role administration (issue #15 items 1 and 2, and the membership-date range): separation of duties (三员分立),
administrators reach only their own tree's people, ID numbers masked unless asked for, every refusal audited."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from accounts.identity import mask_id_number
from accounts.models import Membership, User
from accounts.roles import Role
from audit.models import AuditEvent
from core.dates import business_today
from tests.accounts.test_import_org import workbook
from tests.clients import api as api_as
from tests.clients import page as page_as
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin(tree):
    user = UserFactory(username="secadmin", real_name="邵安全")
    grant(user, tree.bureau, Role.SECURITY_ADMIN)
    return user


def grant_by_api(actor, organisation, username, role, **extra):
    payload = {"user": username, "role": role, "valid_from": "2026-03-01", **extra}
    return api_as(actor).post(f"/api/v1/organisations/{organisation.pk}/memberships/", payload, format="json")


def end_by_api(actor, membership, valid_to="2026-11-21"):
    return api_as(actor).post(f"/api/v1/memberships/{membership.pk}/end/", {"valid_to": valid_to}, format="json")


def refusals(action="membership_grant_refused"):
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# Item 1: separation of duties


@pytest.mark.parametrize("role", [Role.MEMBER, Role.ORG_ADMIN, Role.PARENT_COMMITTEE, Role.AUDITOR])
def test_an_organisation_administrator_never_grants_itself_a_role(tree, people, role):
    organisation = tree.committee if role == Role.PARENT_COMMITTEE else tree.branch_a
    response = grant_by_api(people.org_admin, organisation, "orgadmin", role)
    assert response.status_code == 403 and response.json()["code"] == "membership_self_grant"
    assert not Membership.objects.filter(user=people.org_admin, organisation=organisation).exists()
    (event,) = refusals()
    assert event.actor == people.org_admin and event.organisation == organisation
    assert event.data == {
        "code": "membership_self_grant",
        "user": people.org_admin.pk,
        "role": role,
        "membership": None,
    }


def test_an_organisation_administrator_neither_appoints_nor_ends_an_auditor(tree, people):
    response = grant_by_api(people.org_admin, tree.bureau, "member", Role.AUDITOR)
    assert response.status_code == 403 and response.json()["code"] == "security_role_reserved"
    response = grant_by_api(people.org_admin, tree.bureau, "member", Role.SECURITY_ADMIN)
    assert response.status_code == 403 and response.json()["code"] == "security_role_reserved"
    auditors = Membership.objects.get(user=people.auditor, role=Role.AUDITOR)
    response = end_by_api(people.org_admin, auditors)
    assert response.status_code == 403 and response.json()["code"] == "security_role_reserved"
    auditors.refresh_from_db()
    assert auditors.valid_to is None
    assert [e.data["code"] for e in refusals()] == ["security_role_reserved"] * 2
    (ended,) = refusals("membership_end_refused")
    assert ended.data["membership"] == auditors.pk and ended.data["user"] == people.auditor.pk


def test_the_security_administrator_appoints_and_ends_the_security_roles_only(tree, people, secadmin):
    response = grant_by_api(secadmin, tree.bureau, "member", Role.AUDITOR)
    assert response.status_code == 201, response.content
    appointed = Membership.objects.get(pk=response.json()["id"])
    assert appointed.user == people.member and appointed.role == Role.AUDITOR
    assert end_by_api(secadmin, Membership.objects.get(user=people.auditor, role=Role.AUDITOR)).status_code == 200
    response = grant_by_api(secadmin, tree.bureau, "member", Role.ORG_ADMIN)
    assert response.status_code == 403 and response.json()["code"] == "role_reserved_to_org_admin"
    response = end_by_api(secadmin, Membership.objects.get(user=people.secretary))
    assert response.status_code == 403 and response.json()["code"] == "role_reserved_to_org_admin"
    response = grant_by_api(secadmin, tree.bureau, "secadmin", Role.AUDITOR)
    assert response.status_code == 403 and response.json()["code"] == "membership_self_grant"
    # It sees the security roles among the memberships, nothing else.
    listed = api_as(secadmin).get(f"/api/v1/organisations/{tree.bureau.pk}/memberships/").json()["results"]
    assert {row["role"] for row in listed} == {Role.AUDITOR, Role.SECURITY_ADMIN}


def test_nobody_ends_their_own_membership(tree, people, secadmin):
    own = Membership.objects.get(user=people.org_admin, role=Role.ORG_ADMIN)
    response = end_by_api(people.org_admin, own)
    assert response.status_code == 403 and response.json()["code"] == "membership_self_end"
    own = Membership.objects.get(user=secadmin)
    assert end_by_api(secadmin, own).json()["code"] == "membership_self_end"
    assert len(refusals("membership_end_refused")) == 2


def test_an_import_grants_nobody_a_role_of_their_own_and_its_refusal_outlives_the_rollback(tree, people, tmp_path):
    """The committee role reads political reviews and approves admissions: the administrator cannot give it to
    itself through the roster import either. The import rolls back; the refusal event stays."""
    rows = {
        "组织": [],
        "人员": [],
        "角色": [
            ["orgadmin", tree.committee.code, "PARENT_COMMITTEE", datetime.date(2026, 3, 1), None],
            ["member", tree.bureau.code, "AUDITOR", datetime.date(2026, 3, 1), None],
            ["member", tree.branch_b.code, "MEMBER", datetime.date(2026, 3, 1), None],
        ],
    }
    with open(workbook(tmp_path, rows), "rb") as handle:
        response = page_as(people.org_admin).post(reverse("roster-import", args=[tree.bureau.pk]), {"file": handle})
    assert response.status_code == 422
    assert [(e.row, e.refusal.code if e.refusal else None) for e in response.context["row_errors"]] == [
        (2, "membership_self_grant"),
        (3, "security_role_reserved"),
    ]
    assert not Membership.objects.filter(user=people.member, organisation=tree.branch_b).exists()
    assert [(e.data["code"], e.organisation) for e in refusals()] == [
        ("membership_self_grant", tree.committee),
        ("security_role_reserved", tree.bureau),
    ]


def test_the_admin_has_no_object_permissions_page_and_applies_the_same_rules(tree, people):
    admin = User.objects.create_superuser(username="root", real_name="系统管理员", password=None)
    client = page_as(admin)
    for name in ("permissions", "permissions_manage_user", "permissions_manage_group"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:accounts_organisation_{name}", args=[tree.branch_a.pk])
    response = client.get(f"/admin/accounts/organisation/{tree.branch_a.pk}/permissions/", follow=True)
    assert not any("guardian" in (t.name or "") for t in response.templates)
    add = reverse("admin:accounts_membership_add")
    form = {"organisation": tree.branch_a.pk, "role": Role.BRANCH_SECRETARY, "valid_from": "2026-03-01"}
    response = client.post(add, {**form, "user": admin.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors().as_data()[0].code == "membership_self_grant"
    assert not Membership.objects.filter(user=admin).exists()
    assert refusals()[0].actor == admin
    # A staff member with the organisation administrator's role but not a superuser: no auditor from the admin.
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_membership", "change_membership", "view_membership"])
    )
    grant(staff, tree.bureau, Role.ORG_ADMIN)
    response = page_as(staff).post(add, {**form, "role": Role.AUDITOR, "user": people.member.pk})
    assert response.status_code == 200, response.status_code
    assert not Membership.objects.filter(user=people.member, role=Role.AUDITOR).exists()
    assert refusals()[-1].data["code"] == "security_role_reserved"
    # The superuser grants someone else: through the service, with the actor recorded.
    response = client.post(add, {**form, "user": people.member.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="membership_grant", actor=admin).count() == 1


# Item 2: administrators reach their own tree's people only; ID numbers masked unless asked for


def test_a_person_of_another_tree_reads_like_a_login_name_that_does_not_exist(tree, people):
    outsider = grant_by_api(people.org_admin, tree.branch_a, "outsider", Role.MEMBER)
    nobody = grant_by_api(people.org_admin, tree.branch_a, "nobody-at-all", Role.MEMBER)
    assert outsider.status_code == nobody.status_code == 400
    assert outsider.json() == {
        key: (value.replace("nobody-at-all", "outsider") if isinstance(value, str) else value)
        for key, value in nobody.json().items()
    } | {"fields": {"user": [m.replace("nobody-at-all", "outsider") for m in nobody.json()["fields"]["user"]]}}
    assert not Membership.objects.filter(user=people.outsider, organisation=tree.branch_a).exists()
    # Someone of the tree, current or past, is found.
    assert grant_by_api(people.org_admin, tree.branch_b, "member", Role.MEMBER).status_code == 201


def test_id_numbers_are_masked_unless_asked_for_by_a_holder_of_view_identity(tree, people):
    response = grant_by_api(people.org_admin, tree.branch_b, "member", Role.MEMBER)
    assert response.json()["person"]["id_number"] == mask_id_number(people.member.id_number)
    url = f"/api/v1/organisations/{tree.branch_a.pk}/memberships/"
    listed = api_as(people.org_admin).get(url).json()["results"]
    assert people.secretary.id_number not in {row["person"]["id_number"] for row in listed}
    assert not AuditEvent.objects.filter(action="read_identity").exists()

    listed = api_as(people.org_admin).get(url, {"unmask": "1"}).json()["results"]
    assert people.secretary.id_number in {row["person"]["id_number"] for row in listed}
    assert people.secretary.pk in AuditEvent.objects.get(action="read_identity").data["people"]
    listed = api_as(people.auditor).get(url, {"unmask": "1"}).json()["results"]  # no view_identity
    assert people.secretary.id_number not in {row["person"]["id_number"] for row in listed}

    response = api_as(people.org_admin).post(
        f"/api/v1/organisations/{tree.committee.pk}/memberships/?unmask=1",
        {"user": "member", "role": Role.MEMBER, "valid_from": "2026-03-01"},
        format="json",
    )
    assert response.json()["person"]["id_number"] == people.member.id_number
    assert AuditEvent.objects.filter(action="read_identity").count() == 2


def test_import_duplicates_against_people_of_another_tree_do_not_say_whose(tree, people, tmp_path):
    rows = {
        "组织": [],
        "人员": [
            ["outsider", "新人甲", "女", datetime.date(1991, 2, 3), "汉族", None, "群众", None],
            ["newcomer", "新人乙", "", None, "汉族", people.outsider.id_number, "群众", None],
        ],
        "角色": [
            ["outsider", tree.branch_a.code, "MEMBER", datetime.date(2026, 3, 1), None],
            ["nobody-at-all", tree.branch_a.code, "MEMBER", datetime.date(2026, 3, 1), None],
        ],
    }
    rows["人员"][1][3] = people.outsider.birth_date
    with open(workbook(tmp_path, rows), "rb") as handle:
        response = page_as(people.org_admin).post(reverse("roster-import", args=[tree.bureau.pk]), {"file": handle})
    assert response.status_code == 422
    errors = response.context["row_errors"]
    # The role of the refused person row is not reported again (no knock-on errors, issue 17 item 2).
    assert [(e.sheet, e.row) for e in errors] == [("人员", 2), ("人员", 3), ("角色", 3)]
    text = response.content.decode()
    for secret in (people.outsider.id_number, people.outsider.real_name):
        assert secret not in text
    assert "outsider" not in errors[0].message and "outsider" not in errors[1].message
    rows["人员"] = []
    with open(workbook(tmp_path, rows), "rb") as handle:
        response = page_as(people.org_admin).post(reverse("roster-import", args=[tree.bureau.pk]), {"file": handle})
    outsider_row, nobody_row = response.context["row_errors"]
    assert outsider_row.message.replace("outsider", "X") == nobody_row.message.replace("nobody-at-all", "X")


# The membership dates


@pytest.mark.parametrize(
    "dates",
    [
        {"valid_from": "1921-06-30"},
        {"valid_from": "1900-01-01", "valid_to": "1900-12-31"},
        {"valid_from": "__two_years_ahead__"},
        {"valid_from": "2026-03-01", "valid_to": "__sixty_years_ahead__"},
    ],
)
def test_membership_dates_outside_the_accepted_range_are_refused(tree, people, dates):
    today = business_today()
    stand_in = {
        "__two_years_ahead__": today.replace(year=today.year + 2).isoformat(),
        "__sixty_years_ahead__": today.replace(year=today.year + 60).isoformat(),
    }
    payload = {key: stand_in.get(value, value) for key, value in dates.items()}
    response = grant_by_api(people.org_admin, tree.branch_b, "member", Role.MEMBER, **payload)
    assert response.status_code == 400 and response.json()["code"] == "membership_date_out_of_range"
    assert not Membership.objects.filter(user=people.member, organisation=tree.branch_b).exists()


def test_the_accepted_range_ends_a_year_and_fifty_years_ahead(tree, people):
    today = business_today()
    start, end = today + datetime.timedelta(days=365), today + datetime.timedelta(days=49 * 365)
    response = grant_by_api(
        people.org_admin, tree.branch_b, "member", Role.MEMBER, valid_from=start.isoformat(), valid_to=end.isoformat()
    )
    assert response.status_code == 201, response.content
    member = Membership.objects.get(user=people.member, role=Role.MEMBER, organisation=tree.branch_a)
    response = end_by_api(people.org_admin, member, valid_to=today.replace(year=today.year + 51).isoformat())
    assert response.json()["code"] == "membership_date_out_of_range"


def test_an_import_row_with_a_date_before_1921_is_refused(tree, people, tmp_path):
    rows = {
        "组织": [],
        "人员": [],
        "角色": [["member", tree.branch_b.code, "MEMBER", datetime.date(1911, 10, 10), None]],
    }
    with open(workbook(tmp_path, rows), "rb") as handle:
        response = page_as(people.org_admin).post(reverse("roster-import", args=[tree.bureau.pk]), {"file": handle})
    assert response.status_code == 422 and [e.row for e in response.context["row_errors"]] == [2]
    assert not Membership.objects.filter(user=people.member, organisation=tree.branch_b).exists()
