"""A branch with a party group, its people and a 双培双促进 programme, made with the ORM and the account services (the
core's programme services are written at the same time)."""

from types import SimpleNamespace

import pytest

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from programmes.models import Direction, Participant, ParticipantStatus, Programme
from tests.factories import OrganisationFactory, UserFactory, grant


def make_branch() -> SimpleNamespace:
    bureau = OrganisationFactory.create(kind=K.BUREAU, name="玉环市教育局")
    community = OrganisationFactory.create(kind=K.COMMUNITY, parent=bureau, name="城关共同体")
    school = OrganisationFactory.create(kind=K.SCHOOL, parent=community, name="城关一小", is_core_school=True)
    committee = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=school, name="城关一小党委")
    branch = OrganisationFactory.create(kind=K.BRANCH, parent=committee, name="语文教研党支部")
    other_branch = OrganisationFactory.create(kind=K.BRANCH, parent=committee, name="数学教研党支部")
    group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=branch, name="低段语文党小组")
    other_group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=other_branch, name="数学党小组")
    o = SimpleNamespace(bureau=bureau, school=school, branch=branch, other_branch=other_branch, group=group)
    o.other_group = other_group
    people = {
        "secretary": (branch, Role.BRANCH_SECRETARY, "林晓红"),
        "groupleader": (group, Role.PARTY_GROUP, "赵敏"),
        "mentor": (branch, Role.MEMBER, "吴晓燕"),
        "mentor2": (branch, Role.MEMBER, "周海涛"),
        "mentee": (branch, Role.APPLICANT, "陈思远"),
        "member": (branch, Role.MEMBER, "王芳"),
        "member2": (branch, Role.MEMBER, "李强"),
        "member3": (branch, Role.MEMBER, "张伟"),
        "stranger": (other_branch, Role.MEMBER, "郑国强"),
    }
    for key, (organisation, role, name) in people.items():
        user = UserFactory(real_name=name)
        grant(user, organisation, role)
        setattr(o, key, user)
    o.programme = Programme.objects.create(
        organisation=branch, kind="DUAL", name="语文教研党支部双培双促进", school_year=2026, created_by=o.secretary
    )
    Participant.objects.create(
        programme=o.programme,
        person=o.mentee,
        direction=Direction.TO_MEMBER,
        status=ParticipantStatus.LISTED,
        responsible=o.groupleader,
        added_by=o.secretary,
    )
    return o


@pytest.fixture
def branch(db):
    return make_branch()
