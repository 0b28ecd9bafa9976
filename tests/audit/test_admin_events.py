"""Administration and access are audited like process actions: memberships, permission sync, rule sets,
sign-ins and failed sign-ins."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from accounts.roles import Role
from audit.models import AuditEvent
from audit.services import audit_record
from tests.factories import UserFactory, grant
from workflows.party.rulesets import default_rule_set, rule_update, ruleset_copy, ruleset_set_default

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(process="admin", action=action))


def test_granting_and_ending_a_membership_through_the_api_is_audited(tree, people):
    client = APIClient()
    client.force_authenticate(people.org_admin)
    newcomer = UserFactory(real_name="新同事")
    grant(newcomer, tree.branch_a, Role.APPLICANT)  # an administrator names only people of its own tree
    body = {"user": newcomer.username, "role": Role.MEMBER, "valid_from": "2026-01-01"}
    response = client.post(f"/api/v1/organisations/{tree.branch_a.pk}/memberships/", body, format="json")
    assert response.status_code == 201, response.content
    granted = events("membership_grant")[-1]
    assert granted.actor == people.org_admin and granted.data["user"] == newcomer.pk
    assert granted.organisation == tree.branch_a
    client.post(f"/api/v1/memberships/{response.json()['id']}/end/", {"valid_to": "2026-01-31"}, format="json")
    assert events("membership_end")[-1].data["valid_to"] == "2026-01-31"


def test_rule_set_changes_are_audited_with_before_and_after():
    admin = UserFactory(is_superuser=True, is_staff=True)
    copy = ruleset_copy(
        source=default_rule_set(),
        code="YH-2026",
        name="玉环2026",
        effective_from=datetime.date(2026, 6, 1),
        actor=admin,
    )
    rule = copy.rules.first()
    new_value = rule.value + 1 if isinstance(rule.value, int) and not isinstance(rule.value, bool) else rule.value
    rule_update(rule_set=copy, key=rule.key, value=new_value, actor=admin)
    ruleset_set_default(copy, actor=admin)
    assert [e.action for e in AuditEvent.objects.filter(process="admin", rule_set="YH-2026")] == [
        "ruleset_copy",
        "rule_update",
        "ruleset_default",
    ]
    assert events("rule_update")[0].data["before"]["value"] == rule.value


def test_sign_ins_and_failed_sign_ins_are_audited_without_the_password():
    user = UserFactory(username="zhang")
    user.set_password("Correct-horse-2026")
    user.save()
    client = Client()
    client.post("/login/", {"username": "zhang", "password": "wrong-one"})
    client.post("/login/", {"username": "zhang", "password": "Correct-horse-2026"})
    (failed,) = events("login_failed")
    assert failed.data == {"username": "zhang"} and "wrong-one" not in str(failed.data) and failed.ip == "127.0.0.1"
    assert events("login")[0].actor == user


def test_grant_from_a_script_is_audited_as_the_system(tree):
    grant(UserFactory(), tree.branch_b, Role.MEMBER)
    assert events("membership_grant")[-1].actor is None


def test_showing_unmasked_id_numbers_is_a_recorded_read(tree, people):
    from accounts.services import user_create

    person = user_create(
        username="idholder",
        real_name="持证人",
        gender="F",
        birth_date=datetime.date(1990, 3, 7),
        id_number="110105199003070025",
    )
    grant(person, tree.branch_a, Role.MEMBER)
    client = APIClient()
    client.force_authenticate(people.org_admin)  # ORG_ADMIN holds view_identity at the bureau
    members = f"/api/v1/organisations/{tree.branch_a.pk}/memberships/"
    masked = client.get(members).json()["results"]  # masked unless asked for
    assert not any(r["person"]["id_number"] == "110105199003070025" for r in masked)
    assert not events("read_identity")
    rows = client.get(members, {"unmask": "1"}).json()["results"]
    assert any(r["person"]["id_number"] == "110105199003070025" for r in rows)
    read = events("read_identity")[-1]
    assert read.actor == people.org_admin and person.pk in read.data["people"]
    page = Client()
    page.force_login(people.secretary)  # a branch secretary also holds view_identity on the branch
    page.post(f"/organisations/{tree.branch_a.pk}/members/", {"unmask": "1"})
    assert events("read_identity")[-1].actor == people.secretary


def test_a_person_with_audit_history_cannot_be_deleted(tree, people):
    from django.db.models import ProtectedError

    actor = UserFactory(username="actor")
    with transaction.atomic():
        audit_record(process="admin", action="note", actor=actor)
    with pytest.raises(ProtectedError):
        actor.delete()
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    assert client.get(f"/admin/accounts/user/{actor.pk}/delete/").status_code == 403
    newcomer = UserFactory(username="nobody")
    assert client.get(f"/admin/accounts/user/{newcomer.pk}/delete/").status_code == 200
