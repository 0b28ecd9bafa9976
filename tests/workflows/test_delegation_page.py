"""委托 on its page: who may stand in for me (only people holding my roles), set it with its dates, end it."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.dates import business_today
from tests.clients import page
from tests.factories import UserFactory, grant
from workflows.models import Delegation

pytestmark = pytest.mark.django_db
URL = reverse("tasks-delegation")


@pytest.fixture
def deputy(party):
    person = UserFactory(real_name="副书记")
    grant(person, party.branch, Role.BRANCH_SECRETARY)
    return person


def test_the_page_offers_only_people_who_hold_my_roles(party, deputy):
    html = page(party.secretary).get(URL).content.decode()
    choices = re.search(r'name="substitute_id".*?</select>', html, re.S).group(0)
    assert deputy.real_name in choices
    assert party.orgmember.real_name not in choices and party.members[0].real_name not in choices
    html = page(party.members[0]).get(URL).content.decode()  # acts on no step: nothing to delegate
    assert 'name="substitute_id"' not in html


def test_set_then_end_a_delegation(party, deputy):
    client = page(party.secretary)
    today = business_today() - datetime.timedelta(days=1)  # in force since yesterday
    before = AuditEvent.objects.count()
    data = {"substitute_id": deputy.pk, "starts_on": today.isoformat(), "ends_on": str(today + datetime.timedelta(7))}
    assert client.post(URL, data).status_code == 302
    assert AuditEvent.objects.count() == before + 1 and AuditEvent.objects.latest("pk").action == "delegation_set"
    html = client.get(URL).content.decode()
    assert reverse("tasks-delegation-end") in html and deputy.real_name in html
    assert client.post(reverse("tasks-delegation-end")).status_code == 302
    assert AuditEvent.objects.latest("pk").action == "delegation_end"
    assert Delegation.objects.get().ends_on == today  # ended: the substitute acted until yesterday
    assert reverse("tasks-delegation-end") not in client.get(URL).content.decode()


@pytest.mark.parametrize(
    ("who", "starts", "ends", "field"),
    [
        ("deputy", 3, 1, "delegation-end"),  # the last day before the first
        ("orgmember", 0, 3, "delegation-substitute"),  # lacks the secretary's role
        ("deputy", None, 3, "delegation-start"),  # no first day
        ("nobody", 0, 3, "delegation-substitute"),
    ],
)
def test_bad_input_is_422_with_the_error_next_to_its_field(party, deputy, who, starts, ends, field):
    client = page(party.secretary)
    today = business_today()
    people = {"deputy": deputy.pk, "orgmember": party.orgmember.pk, "nobody": ""}
    data = {
        "substitute_id": people[who],
        "starts_on": "" if starts is None else str(today + datetime.timedelta(starts)),
        "ends_on": str(today + datetime.timedelta(ends)),
    }
    before = AuditEvent.objects.count()
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 422 and f'id="{field}_error"' in html and f'aria-describedby="{field}_error"' in html
    assert AuditEvent.objects.count() == before and not Delegation.objects.exists()
