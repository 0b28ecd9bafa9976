"""Organisations and activation links through the API, for an HR system (issue 17 item 2): the same rules as the
pages (an organisation only under one the caller administers people at or above; a link only for someone who has
not set a password), every change an audit event, every refusal audited and changing nothing."""

import pytest

from accounts.models import Activation, Organisation, OrganisationKind
from accounts.roles import Role
from audit.models import AuditEvent
from tests.clients import api as api_as
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


def branch(parent, **extra):
    return {"code": "NEW-BR", "name": "第三支部", "kind": OrganisationKind.BRANCH, "parent": parent.pk, **extra}


def test_an_administrator_adds_a_branch_under_their_tree_and_it_is_audited(tree, people):
    response = api_as(people.org_admin).post("/api/v1/organisations/", branch(tree.committee), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parent_id"] == tree.committee.pk and body["kind"] == OrganisationKind.BRANCH
    created = Organisation.objects.get(code="NEW-BR")
    assert created.path.startswith(tree.committee.path) and created.depth == tree.committee.depth + 1
    (event,) = AuditEvent.objects.filter(action="organisation_create")
    assert (
        event.actor == people.org_admin and event.organisation == created and event.data["parent"] == tree.committee.pk
    )


@pytest.mark.parametrize(
    ("extra", "code", "status"),
    [
        ({"kind": OrganisationKind.COMMUNITY}, "organisation_parent_kind", 400),
        ({"code": "X", "name": ""}, "invalid", 400),
    ],
)
def test_bad_input_gets_a_stable_code_and_changes_nothing(tree, people, extra, code, status):
    before = Organisation.objects.count()
    response = api_as(people.org_admin).post("/api/v1/organisations/", branch(tree.committee, **extra), format="json")
    assert response.status_code == status and response.json()["code"] == code
    assert Organisation.objects.count() == before and not AuditEvent.objects.filter(action="organisation_create")


def test_an_outsider_parent_is_404_and_an_insider_without_the_right_is_refused_and_audited(tree, people):
    before = Organisation.objects.count()
    outsider = api_as(people.outsider).post("/api/v1/organisations/", branch(tree.committee), format="json")
    assert outsider.status_code == 404
    insider = api_as(people.secretary).post("/api/v1/organisations/", branch(tree.branch_a), format="json")
    assert insider.status_code == 403 and insider.json()["code"] == "organisation_reserved"
    bureau = {**branch(tree.bureau), "parent": None, "kind": OrganisationKind.BUREAU}
    top = api_as(people.org_admin).post("/api/v1/organisations/", bureau, format="json")
    assert top.status_code == 403  # a top-level organisation: a superuser only
    assert Organisation.objects.count() == before
    refused = AuditEvent.objects.filter(action="organisation_refused").order_by("pk")
    assert [e.actor for e in refused] == [people.secretary, people.org_admin]


def test_an_administrator_renames_an_organisation_below_theirs_and_the_change_is_audited(tree, people):
    url = f"/api/v1/organisations/{tree.branch_a.pk}/"
    response = api_as(people.org_admin).patch(url, {"name": "第一党支部"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "第一党支部"
    (event,) = AuditEvent.objects.filter(action="organisation_update")
    assert event.data["before"] == {"name": "第一支部"} and event.data["after"] == {"name": "第一党支部"}
    assert event.organisation == tree.branch_a


def test_nobody_widens_the_organisation_they_administer_themselves(tree, people):
    committee_admin = UserFactory()
    grant(committee_admin, tree.committee, Role.ORG_ADMIN)
    url = f"/api/v1/organisations/{tree.committee.pk}/"
    response = api_as(committee_admin).patch(url, {"has_approval_authority": False}, format="json")
    assert response.status_code == 403 and response.json()["code"] == "organisation_reserved"
    tree.committee.refresh_from_db()
    assert tree.committee.has_approval_authority
    assert AuditEvent.objects.filter(action="organisation_refused", actor=committee_admin).count() == 1


def test_the_tree_rules_apply_to_a_change(tree, people):
    url = f"/api/v1/organisations/{tree.branch_a.pk}/"
    response = api_as(people.org_admin).patch(url, {"has_approval_authority": True}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "approval_authority_kind"
    taken = api_as(people.org_admin).patch(url, {"code": tree.branch_b.code}, format="json")
    assert taken.status_code == 400 and taken.json()["code"] == "organisation_code_taken"
    assert not AuditEvent.objects.filter(action="organisation_update").exists()


@pytest.fixture
def newcomer(tree):
    person = UserFactory(username="newcomer", real_name="新来的", email="new@example.cn")
    person.set_unusable_password()
    person.save()
    grant(person, tree.branch_a, Role.MEMBER)
    return person


def test_an_hr_system_gets_activation_codes_once_and_only_their_hashes_are_kept(people, newcomer):
    response = api_as(people.org_admin).post("/api/v1/people/activation/", {"people": [newcomer.pk]}, format="json")
    assert response.status_code == 201, response.content
    (link,) = response.json()
    assert link["person"] == newcomer.pk and link["url"].endswith(f"/activate/{link['code']}/")
    assert not Activation.objects.filter(code_hash__contains=link["code"]).exists()
    assert AuditEvent.objects.filter(action="activation_issue", actor=people.org_admin).count() == 1


def test_emailed_links_are_not_in_the_answer(people, newcomer, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(people.org_admin).post(
            "/api/v1/people/activation/", {"people": [newcomer.pk], "delivery": "email"}, format="json"
        )
    (link,) = response.json()
    assert link["code"] is None and link["url"] is None and len(mailoutbox) == 1


def test_activation_through_the_api_follows_the_pages_rules(people, newcomer):
    outsider = api_as(people.outsider).post("/api/v1/people/activation/", {"people": [newcomer.pk]}, format="json")
    assert outsider.status_code == 404  # someone of another tree, as if they did not exist
    signed = api_as(people.org_admin).post("/api/v1/people/activation/", {"people": [people.member.pk]}, format="json")
    assert signed.status_code == 409 and signed.json()["code"] == "person_already_activated"
    assert not Activation.objects.exists()


def test_an_hr_system_resets_someones_access(people):
    response = api_as(people.org_admin).post(f"/api/v1/people/{people.member.pk}/reset-access/")
    assert response.status_code == 201 and response.json()["code"]
    people.member.refresh_from_db()
    assert not people.member.has_usable_password()
    assert AuditEvent.objects.filter(action="access_reset").count() == 1
