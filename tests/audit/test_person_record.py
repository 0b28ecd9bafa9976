"""A person's whole record (纪实) lists only the cases whose events the auditor oversees: a case the person had
in another county is not named, not even by its number, stage or date."""

import datetime

import pytest
from django.test import Client

from accounts.roles import Role
from tests.factories import UserFactory, grant
from workflows.party.models import CaseStatus, PartyCase
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db


def test_a_case_the_person_had_in_another_county_is_not_listed(tree, people):
    person = UserFactory(birth_date=datetime.date(2000, 5, 4), real_name="两地申请人")
    other_secretary = UserFactory()
    grant(other_secretary, tree.other_branch, Role.BRANCH_SECRETARY)
    grant(person, tree.other_branch, Role.APPLICANT, valid_to=datetime.date(2025, 12, 31))
    payload = {"branch_id": tree.other_branch.pk, "date": "2025-03-01", "person_id": person.pk, "paper": True}
    elsewhere = case_submit(actor=other_secretary, payload=payload)
    PartyCase.objects.filter(pk=elsewhere.pk).update(case_status=CaseStatus.WITHDRAWN)
    grant(person, tree.branch_a, Role.APPLICANT)
    paper = {"branch_id": tree.branch_a.pk, "date": "2026-10-01", "person_id": person.pk, "paper": True}
    here = case_submit(actor=people.secretary, payload=paper)  # entered by the branch, which dates it

    client = Client()
    client.force_login(people.auditor)
    page = client.get(f"/audit/people/{person.pk}/").content.decode()
    assert f"/audit/cases/party/{here.pk}/" in page
    assert f"/audit/cases/party/{elsewhere.pk}/" not in page and "2025-03-01" not in page
