"""DOMAIN §2.9 bad inputs on a branch of the test's own (A12: where the approval authority sits; A17: a branch too
small to admit) or a changed person: a party of their own per test, unlike the shared stages of test_bad_inputs.py."""

import datetime

import pytest

from accounts.models import OrganisationKind as K
from accounts.models import PartyStanding
from accounts.roles import Role
from tests.factories import OrganisationFactory, grant
from tests.workflows.party.conftest import api, case_before, full_member, run
from tests.workflows.party.test_bad_inputs import payload_of, refused, snapshot

pytestmark = pytest.mark.django_db


def test_a12_a_committee_without_approval_authority_cannot_pre_review(party, tree):
    community_committee = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=tree.bureau, name="社区党委")
    branch = OrganisationFactory.create(kind=K.BRANCH, parent=community_committee, name="社区支部")
    party.branch = branch
    for person in [party.secretary, party.orgmember, *party.members]:
        grant(person, branch, Role.MEMBER, valid_from=datetime.date(2020, 1, 1))
    grant(party.secretary, branch, Role.BRANCH_SECRETARY, valid_from=datetime.date(2020, 1, 1))
    grant(party.orgmember, branch, Role.BRANCH_ORG_MEMBER, valid_from=datetime.date(2020, 1, 1))
    grant(party.applicant, branch, Role.APPLICANT)
    village = full_member()
    grant(village, community_committee, Role.PARENT_COMMITTEE)
    case_id = case_before(party, "pre_review")
    refused(village, case_id, "pre_review", payload_of(party, "pre_review"), "no_approval_authority")


def test_a12_a_lower_committee_member_is_refused_when_authority_sits_higher(party, tree):
    general = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=tree.committee, name="下级党委")
    party.branch = OrganisationFactory.create(kind=K.BRANCH, parent=general, name="下级支部")
    for person in [party.secretary, party.orgmember, *party.members]:
        grant(person, party.branch, Role.MEMBER, valid_from=datetime.date(2020, 1, 1))
    grant(party.secretary, party.branch, Role.BRANCH_SECRETARY, valid_from=datetime.date(2020, 1, 1))
    grant(party.orgmember, party.branch, Role.BRANCH_ORG_MEMBER, valid_from=datetime.date(2020, 1, 1))
    grant(party.applicant, party.branch, Role.APPLICANT)
    lower = full_member()
    grant(lower, general, Role.PARENT_COMMITTEE)
    case_id = case_before(party, "pre_review")
    refused(lower, case_id, "pre_review", payload_of(party, "pre_review"), "no_approval_authority")
    assert run(party.committeemen[0], case_id, "pre_review", payload_of(party, "pre_review")).status_code == 200


def test_a17_a_branch_with_two_full_members_cannot_admit(party, tree):
    small = OrganisationFactory.create(kind=K.BRANCH, parent=tree.committee, name="小支部")
    party.branch = small
    grant(party.secretary, small, Role.BRANCH_SECRETARY)
    grant(party.orgmember, small, Role.BRANCH_ORG_MEMBER)
    grant(party.applicant, small, Role.APPLICANT)
    for person in [party.secretary, party.orgmember, party.probationary]:
        grant(person, small, Role.MEMBER, valid_from=datetime.date(2020, 1, 1))
    case_id = case_before(party, "record_admission_vote")
    two = [party.secretary.pk, party.orgmember.pk]
    meeting = {"eligible_ids": two, "present_ids": two, "ballot": {"yes": 2, "no": 0}, "result": "passed"}
    refused(
        party.secretary,
        case_id,
        "record_admission_vote",
        {"date": "2024-12-20", "meeting": meeting},
        "branch_too_small",
    )


def test_a_full_member_cannot_apply_again(party):
    party.applicant.party_standing = PartyStanding.FULL
    party.applicant.save()
    before = snapshot()
    response = api(party.applicant).post(
        "/api/v1/party/cases/", {"branch_id": party.branch.pk, "date": "2026-11-01"}, format="json"
    )
    assert response.json()["code"] == "already_member" and snapshot() == before
