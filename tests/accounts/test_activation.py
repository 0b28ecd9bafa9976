"""Activation links (issue 17 item 2): one-time, expiring, replaced by a newer one, stored only as a hash; the person
sets their own password (Django's validators) and is signed in; resetting access ends the password, the sessions
and the API tokens; an administrator prints the links with QR codes or emails them."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts import activation
from accounts.models import Activation, ApiToken, User
from accounts.roles import Role
from accounts.tokens import token_issue
from audit.models import AuditEvent
from core.exceptions import ApplicationError
from tests.clients import page as page_as
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lotus-pond-2026"


@pytest.fixture
def newcomer(tree):
    person = UserFactory(username="newcomer", real_name="新来的", password=None, email="new@example.cn")
    person.set_unusable_password()
    person.save()
    grant(person, tree.branch_a, Role.MEMBER)
    return person


def issue(actor, person, delivery="print"):
    (link,) = activation.activations_issue(actor=actor, people=[person], delivery=delivery)
    return link


def test_only_the_hash_of_the_code_is_stored(people, newcomer):
    link = issue(people.org_admin, newcomer)
    stored = Activation.objects.get()
    assert stored.code_hash == activation.code_digest(link.code) and link.code not in stored.code_hash
    assert len(link.code) == 16 and set(link.code) <= set(activation.ALPHABET)
    assert stored.expires_at - stored.created_at == datetime.timedelta(days=7)
    (event,) = AuditEvent.objects.filter(action="activation_issue")
    assert event.actor == people.org_admin and event.data["subject"] == newcomer.pk
    assert link.code not in str(event.data)


def test_the_person_sets_their_own_password_once_and_is_signed_in(client, people, newcomer):
    link = issue(people.org_admin, newcomer)
    assert client.get(link.path).status_code == 200
    response = client.post(link.path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == newcomer
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.get(action="activation_use").actor == newcomer
    # Used: the link no longer works, for anyone.
    again = page_as(people.member).post(link.path, {"new_password1": "Other-pass-2026", "new_password2": "x"})
    assert again.status_code == 410
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)


def test_the_password_validators_apply(client, people, newcomer):
    link = issue(people.org_admin, newcomer)
    for weak in ("short1A", "1234567890123", "newcomer2026"):
        response = client.post(link.path, {"new_password1": weak, "new_password2": weak})
        assert response.status_code == 422, weak
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password() and not AuditEvent.objects.filter(action="activation_use").exists()
    assert activation.activation_for_code(link.code) is not None  # still usable after a refused password


def test_a_new_link_replaces_the_previous_one(people, newcomer):
    first = issue(people.org_admin, newcomer)
    second = issue(people.org_admin, newcomer)
    assert activation.activation_for_code(first.code) is None
    assert activation.activation_for_code(second.code).user == newcomer


def test_a_link_expires(people, newcomer):
    link = issue(people.org_admin, newcomer)
    later = timezone.now() + datetime.timedelta(days=7, seconds=1)
    assert activation.activation_for_code(link.code, now=later) is None
    assert activation.activation_for_code(link.code) is not None


def test_a_deactivated_persons_link_is_revoked(people, newcomer):
    from accounts.people import person_deactivate

    link = issue(people.org_admin, newcomer)
    person_deactivate(actor=people.org_admin, person=newcomer)
    assert activation.activation_for_code(link.code) is None


def test_a_code_is_typed_with_or_without_hyphens_and_in_lower_case(client, people, newcomer):
    link = issue(people.org_admin, newcomer)
    response = client.post(reverse("activate-start"), {"code": link.code.lower()})
    assert response.status_code == 302 and response.url == link.path
    assert client.post(reverse("activate-start"), {"code": "AAAA-BBBB-CCCC-DDDD"}).status_code == 422


def test_someone_who_already_signs_in_gets_no_link_but_a_reset(people):
    with pytest.raises(ApplicationError) as refused:
        issue(people.org_admin, people.member)
    assert refused.value.code == "person_already_activated" and not Activation.objects.exists()


def test_resetting_access_ends_the_password_the_sessions_and_the_tokens(people):
    session = page_as(people.member)
    token, _key = token_issue(user=people.member)
    link = activation.access_reset(actor=people.org_admin, person=people.member)
    people.member.refresh_from_db()
    assert not people.member.has_usable_password()
    assert session.get(reverse("home")).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    (event,) = AuditEvent.objects.filter(action="access_reset")
    assert event.data["tokens_revoked"] == 1 and event.data["activation"] == link.activation.pk
    assert activation.activation_for_code(link.code).user == people.member


@pytest.mark.parametrize("who", ["self", "auditor"])
def test_nobody_resets_their_own_access_or_that_of_someone_beyond_their_reach(tree, people, who):
    target = people.org_admin if who == "self" else people.auditor
    grant(people.auditor, tree.branch_a, Role.MEMBER)  # the bureau's auditor, also a member of branch A
    with pytest.raises(ApplicationError) as refused:
        activation.access_reset(actor=people.org_admin, person=target)
    assert refused.value.code == ("person_self" if who == "self" else "person_beyond_reach")
    target.refresh_from_db()
    assert target.has_usable_password() and not Activation.objects.exists()


def test_the_printed_sheet_has_a_qr_code_and_the_link_for_each_person(people, newcomer):
    other = UserFactory(real_name="另一位")
    other.set_unusable_password()
    other.save()
    grant(other, newcomer.memberships.get().organisation, Role.MEMBER)
    response = page_as(people.org_admin).post(
        reverse("people-activation"), {"people": [newcomer.pk, other.pk], "delivery": "print"}
    )
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    body = response.content.decode()
    assert body.count('<svg aria-hidden="true"') == 2 and "/activate/" in body
    assert Activation.objects.filter(revoked_at__isnull=True).count() == 2


def test_an_outsider_naming_people_of_another_tree_gets_404_and_nothing_is_issued(people, newcomer):
    response = page_as(people.outsider).post(reverse("people-activation"), {"people": [newcomer.pk]})
    assert response.status_code == 404 and not Activation.objects.exists()


def test_one_person_who_may_not_get_a_link_refuses_the_whole_request(people, newcomer):
    response = page_as(people.org_admin).post(reverse("people-activation"), {"people": [newcomer.pk, people.member.pk]})
    assert response.status_code == 302 and not Activation.objects.exists()


def test_links_are_emailed_after_commit(people, newcomer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = page_as(people.org_admin).post(
            reverse("people-activation"), {"people": [newcomer.pk], "delivery": "email"}
        )
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert sent.to == ["new@example.cn"] and "/activate/" in sent.body and "newcomer" in sent.body
    assert AuditEvent.objects.get(action="activation_issue").data["delivery"] == "email"


def test_nobody_can_read_or_set_a_password_from_the_people_pages(people, newcomer):
    body = page_as(people.org_admin).get(reverse("person-detail", args=[newcomer.pk])).content.decode()
    assert 'type="password"' not in body
    form = page_as(people.org_admin).get(reverse("person-create")).context["form"]
    assert not [name for name in form.fields if "password" in name]
    assert User.objects.get(pk=newcomer.pk).password.startswith("!")
    assert not ApiToken.objects.exists()
