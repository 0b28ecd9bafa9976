"""A branch ready for party development: officers, six full members, one probationary member,
a committee with approval authority and its members, and an applicant born in 2000."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import OrganisationKind as K
from accounts.models import PartyStanding
from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, grant

D = datetime.date


def full_member(**kwargs):
    return UserFactory(party_standing=PartyStanding.FULL, party_standing_since=D(2010, 7, 1), **kwargs)


@pytest.fixture
def party(tree):
    p = SimpleNamespace(tree=tree, branch=tree.branch_a, committee=tree.committee)
    p.secretary = full_member(username="p_secretary", real_name="林书记")
    p.orgmember = full_member(username="p_orgmember", real_name="王组织")
    p.members = [full_member(real_name=f"党员{i}") for i in range(6)]
    p.probationary = UserFactory(party_standing=PartyStanding.PROBATIONARY, party_standing_since=D(2026, 6, 1))
    p.committeemen = [full_member(real_name=f"党委委员{i}") for i in range(5)]
    p.organizer = full_member(username="p_organizer", real_name="黄组织员")
    p.orgdept = UserFactory(username="p_orgdept", real_name="徐部长")
    p.applicant = UserFactory(username="p_applicant", real_name="陈申请", birth_date=D(2000, 5, 4))
    p.outsider = full_member(username="p_outsider")
    grant(p.secretary, p.branch, Role.BRANCH_SECRETARY)
    grant(p.orgmember, p.branch, Role.BRANCH_ORG_MEMBER)
    for person in [p.secretary, p.orgmember, *p.members, p.probationary]:
        grant(person, p.branch, Role.MEMBER, valid_from=D(2020, 1, 1))
    for person in p.committeemen:
        grant(person, p.committee, Role.PARENT_COMMITTEE, valid_from=D(2020, 1, 1))
    grant(p.organizer, p.committee, Role.PARENT_ORGANIZER)
    grant(p.orgdept, tree.bureau, Role.GRAND_PARENT_ORG_DEPT)
    grant(p.applicant, p.branch, Role.APPLICANT)
    grant(p.outsider, tree.other_branch, Role.BRANCH_SECRETARY)
    p.full_ids = sorted(m.pk for m in [p.secretary, p.orgmember, *p.members])
    p.committee_ids = sorted(m.pk for m in p.committeemen)
    return p


def branch_vote(party, *, present=None, yes=None, result="passed", **extra):
    eligible = party.full_ids
    present = eligible[: present or len(eligible)]
    return {
        "eligible_ids": eligible, "present_ids": present,
        "ballot": {"yes": len(present) if yes is None else yes, "no": 0, "abstain": 0}, "result": result, **extra,
    }


def committee_vote(party):
    return {"eligible_ids": party.committee_ids, "present_ids": party.committee_ids,
            "ballot": {"yes": len(party.committee_ids), "no": 0, "abstain": 0}, "result": "passed",
            "document_number": "城关一小党委〔2026〕1号"}


def minutes(day):
    return {"date": day, "present_ids": [], "minutes_ref": f"支委会记录 {day}"}
