"""Starting a party case names a person: only oneself or a person of the caller's own tree. Anyone else is
answered like an id that does not exist, whatever their standing (issue #15 item 8)."""

import datetime

import pytest
from django.test import Client

from accounts.models import PartyStanding
from accounts.roles import Role
from tests.factories import UserFactory, grant
from tests.workflows.party.conftest import api
from workflows.party.models import PartyCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(party):
    """People of another bureau: a full party member, a probationary one, one with an open case, one not a member."""
    born = datetime.date(1995, 5, 5)
    people = {
        "full": UserFactory(birth_date=born, party_standing=PartyStanding.FULL),
        "probationary": UserFactory(birth_date=born, party_standing=PartyStanding.PROBATIONARY),
        "applying": UserFactory(birth_date=born),
        "non_member": UserFactory(birth_date=born),
        "too_young": UserFactory(birth_date=datetime.date(2015, 1, 1)),
        "no_birth_date": UserFactory(birth_date=None, id_number=None),
    }
    for person in people.values():
        grant(person, party.tree.other_branch, Role.APPLICANT)
    other_secretary = UserFactory()
    grant(other_secretary, party.tree.other_branch, Role.BRANCH_SECRETARY)
    api(other_secretary).post(
        "/api/v1/party/cases/",
        {"branch_id": party.tree.other_branch.pk, "date": "2026-10-01", "person_id": people["applying"].pk},
        format="json",
    )
    assert PartyCase.objects.filter(person=people["applying"]).exists()
    return people


def test_a_person_of_another_bureau_is_not_found_whatever_their_standing(party, elsewhere):
    secretary = api(party.secretary)
    missing = secretary.post(
        "/api/v1/party/cases/",
        {"branch_id": party.branch.pk, "date": "2026-10-01", "person_id": 999_999_999},
        format="json",
    )
    assert missing.status_code == 404
    for name, person in elsewhere.items():
        payload = {"branch_id": party.branch.pk, "date": "2026-10-01", "person_id": person.pk}
        response = secretary.post("/api/v1/party/cases/", payload, format="json")
        assert (response.status_code, response.json()) == (404, missing.json()), name
    assert not PartyCase.objects.filter(branch=party.branch).exists()


def test_the_page_that_starts_a_case_answers_the_same(party, elsewhere):
    client = Client()
    client.force_login(party.secretary)
    answers = set()
    for person_id in (999_999_999, *(person.pk for person in elsewhere.values())):
        response = client.post(
            "/party/new/", {"branch_id": party.branch.pk, "date": "2026-10-01", "person_id": person_id}
        )
        assert response.status_code == 422
        # The person picker offers only people of the caller's tree: anyone else is "not one of the choices", in
        # the same words as an id nobody has.
        answers.add(str(response.context["form"].errors["person_id"]).replace(str(person_id), "<id>"))
    assert len(answers) == 1
    assert not PartyCase.objects.filter(branch=party.branch).exists()


def test_a_person_of_the_branch_is_still_entered_by_its_staff(party):
    person = UserFactory(birth_date=datetime.date(1995, 5, 5))
    grant(person, party.branch, Role.APPLICANT)
    payload = {"branch_id": party.branch.pk, "date": "2026-10-01", "person_id": person.pk, "paper": True}
    assert api(party.secretary).post("/api/v1/party/cases/", payload, format="json").status_code == 201
