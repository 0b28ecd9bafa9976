"""A county for the baseline's tests: bureau ─ community ─ school (its party committee and branch) and school2, and
another county's school. People are made with the services; titles and honours with distinction_record.

    school: the branch secretary; members m1 (FULL), m2 (PROBATIONARY), m3 (FULL) in the branch; non-party
            teachers n1, n2 (SCHOOL_DEPT at the school) and n3 (APPLICANT in the branch)
    school2: t2 (SCHOOL_DEPT), and n2 teaches there too
    bureau: basic_edu (sees every school: reads, does not record), dept (SCHOOL_DEPT at the school: sees it only)
    other county: outsider (ORG_ADMIN) and their teacher
"""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import OrganisationKind as K
from accounts.models import PartyStanding
from accounts.roles import Role
from programmes.baseline.models import Level, Title
from programmes.baseline.services import distinction_record
from tests.factories import OrganisationFactory, UserFactory, grant

D = datetime.date


def person(name: str, standing=PartyStanding.NON_MEMBER):
    return UserFactory(real_name=name, party_standing=standing)


SEPTEMBER = D(2025, 9, 1)


def award(actor, who, title=Title.TEACHING_EXPERT, level=Level.COUNTY, on=SEPTEMBER, **more):
    return distinction_record(actor=actor, person=who, title=title, level=level, awarded_on=on, **more)


@pytest.fixture
def county(db):
    o = SimpleNamespace()
    o.bureau = OrganisationFactory.create(kind=K.BUREAU, name="县教育局")
    o.community = OrganisationFactory.create(kind=K.COMMUNITY, parent=o.bureau, name="城关共同体")
    o.school = OrganisationFactory.create(kind=K.SCHOOL, parent=o.community, name="城关中学")
    o.school2 = OrganisationFactory.create(kind=K.SCHOOL, parent=o.community, name="坎门中学")
    o.committee = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=o.school, name="城关中学党委")
    o.branch = OrganisationFactory.create(kind=K.BRANCH, parent=o.committee, name="第一支部")
    other_bureau = OrganisationFactory.create(kind=K.BUREAU, name="外县教育局")
    o.other_school = OrganisationFactory.create(kind=K.SCHOOL, parent=other_bureau, name="外县中学")

    o.secretary = person("林书记", PartyStanding.FULL)
    grant(o.secretary, o.branch, Role.BRANCH_SECRETARY)
    o.m1, o.m3 = person("党员甲", PartyStanding.FULL), person("党员丙", PartyStanding.FULL)
    o.m2 = person("党员乙", PartyStanding.PROBATIONARY)
    for member in (o.m1, o.m2, o.m3):
        grant(member, o.branch, Role.MEMBER)
    o.n1, o.n2, o.n3 = person("群众甲"), person("群众乙"), person("群众丙")
    grant(o.n1, o.school, Role.SCHOOL_DEPT)
    grant(o.n2, o.school, Role.SCHOOL_DEPT)
    grant(o.n3, o.branch, Role.APPLICANT)
    o.t2 = person("二校教师")
    grant(o.t2, o.school2, Role.SCHOOL_DEPT)
    grant(o.n2, o.school2, Role.SCHOOL_DEPT)
    o.basic_edu = person("教育局")
    grant(o.basic_edu, o.bureau, Role.BUREAU_BASIC_EDU)
    o.dept = person("教导处")
    grant(o.dept, o.school, Role.SCHOOL_DEPT)
    o.outsider = person("外县管理员")
    grant(o.outsider, other_bureau, Role.ORG_ADMIN)
    o.foreign_teacher = person("外县教师")
    grant(o.foreign_teacher, o.other_school, Role.SCHOOL_DEPT)
    return o


@pytest.fixture
def counted(county):
    """The hand-counted school: teachers m1 m2 m3 n1 n2 n3 secretary dept (8), members m1 m2 m3 secretary (4);
    县级以上 backbones m1, n1, n2 (m2's is 校级, m3's withdrawn, n3's expired)."""
    o, s = county, county.secretary
    award(s, o.m1, Title.TEACHING_BACKBONE, Level.COUNTY)
    award(s, o.m2, Title.SUBJECT_LEADER, Level.SCHOOL)
    wrong = award(s, o.m3, Title.FAMOUS_TEACHER, Level.CITY)
    from programmes.baseline.services import distinction_withdraw

    distinction_withdraw(actor=s, distinction=wrong, reason="录错了")
    award(s, o.n1, Title.TEACHING_EXPERT, Level.COUNTY)
    award(s, o.n2, Title.SUBJECT_LEADER, Level.CITY)
    award(s, o.n3, Title.TEACHING_EXPERT, Level.COUNTY, on=D(2020, 9, 1), valid_until=D(2023, 8, 31))
    award(s, o.n1, Title.EXCELLENT_TEACHER, Level.SCHOOL)  # an honour: no backbone title
    return o
