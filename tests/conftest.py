"""Personas shared by every test module.

The tree: bureau ─ community ─ school ─ committee (approval authority) ─ branch_a, branch_b;
a second bureau (other_bureau) with its own branch stands for "another organisation".
"""

from types import SimpleNamespace

import pytest

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, grant


@pytest.fixture
def tree(db):
    bureau = OrganisationFactory.create(kind=K.BUREAU, name="玉环市教育局")
    community = OrganisationFactory.create(kind=K.COMMUNITY, parent=bureau, name="城关共同体")
    school = OrganisationFactory.create(kind=K.SCHOOL, parent=community, name="城关一小", is_core_school=True)
    committee = OrganisationFactory.create(
        kind=K.PARTY_COMMITTEE, parent=school, name="城关一小党委", has_approval_authority=True
    )
    branch_a = OrganisationFactory.create(kind=K.BRANCH, parent=committee, name="第一支部")
    branch_b = OrganisationFactory.create(kind=K.BRANCH, parent=committee, name="第二支部")
    other_bureau = OrganisationFactory.create(kind=K.BUREAU, name="其他教育局")
    other_branch = OrganisationFactory.create(
        kind=K.BRANCH,
        parent=OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=other_bureau, name="其他党委"),
        name="其他支部",
    )
    return SimpleNamespace(
        bureau=bureau,
        community=community,
        school=school,
        committee=committee,
        branch_a=branch_a,
        branch_b=branch_b,
        other_bureau=other_bureau,
        other_branch=other_branch,
    )


@pytest.fixture
def people(tree):
    """secretary of branch A; applicant in branch A; admin of the bureau; auditor of the bureau;
    member of branch A (insider without rights); outsider in the other bureau."""
    p = SimpleNamespace(
        secretary=UserFactory(username="secretary", real_name="林书记"),
        applicant=UserFactory(username="applicant", real_name="陈申请"),
        org_admin=UserFactory(username="orgadmin", real_name="韩管理"),
        auditor=UserFactory(username="auditor", real_name="谢审计"),
        member=UserFactory(username="member", real_name="郑党员"),
        outsider=UserFactory(username="outsider", real_name="外单位"),
    )
    grant(p.secretary, tree.branch_a, Role.BRANCH_SECRETARY)
    grant(p.applicant, tree.branch_a, Role.APPLICANT)
    grant(p.org_admin, tree.bureau, Role.ORG_ADMIN)
    grant(p.auditor, tree.bureau, Role.AUDITOR)
    grant(p.member, tree.branch_a, Role.MEMBER)
    grant(p.outsider, tree.other_branch, Role.ORG_ADMIN)
    return p
