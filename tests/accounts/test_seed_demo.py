import pytest
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import Membership, Organisation, OrganisationKind, PartyStanding
from accounts.roles import Role
from accounts.selectors import organisation_children

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_once_with_the_promised_tree_and_an_account_for_every_role(seeded_demo, settings, capsys):
    """On the demo seeded once for the tests that read it (tests/conftest.py): the tree, the accounts, their
    sign-in, credentials printed only in demo mode, and another run that changes nothing."""
    the_demo_tree_has_the_promised_shape()
    assert {account.role for account in DEMO_ACCOUNTS} == set(Role.values)
    for username in ["admin"] + [account.username for account in DEMO_ACCOUNTS]:
        # django-axes needs the request an authentication comes with; Client.login has none of its own.
        assert Client().login(request=HttpRequest(), username=username, password=DEMO_PASSWORD), username
    count = Organisation.objects.count(), Membership.objects.count()
    settings.DEMO_MODE = False
    call_command("seed_demo")
    assert DEMO_PASSWORD not in capsys.readouterr().out
    settings.DEMO_MODE = True
    call_command("seed_demo")
    assert DEMO_PASSWORD in capsys.readouterr().out
    assert (Organisation.objects.count(), Membership.objects.count()) == count


def the_demo_tree_has_the_promised_shape():
    kinds = Organisation.objects.values_list("kind", flat=True)
    assert list(kinds).count(OrganisationKind.BUREAU) == 1
    communities = Organisation.objects.filter(kind=OrganisationKind.COMMUNITY)
    assert sorted(c.community_type for c in communities) == ["COLLABORATION", "FUSION"]
    for community in communities:
        schools = organisation_children(community)
        assert schools.count() == 3 and schools.filter(is_core_school=True).count() == 1
    assert Organisation.objects.filter(kind=OrganisationKind.PARTY_COMMITTEE, has_approval_authority=True).count() == 1
    assert Organisation.objects.filter(kind=OrganisationKind.GENERAL_BRANCH).count() == 2
    branches = Organisation.objects.filter(kind=OrganisationKind.BRANCH)
    assert branches.count() == 4
    for branch in branches:
        members = Membership.objects.filter(organisation=branch, role=Role.MEMBER).select_related("user")
        standings = [m.user.party_standing for m in members]
        assert standings.count(PartyStanding.FULL) >= 5
        assert standings.count(PartyStanding.PROBATIONARY) >= 1
