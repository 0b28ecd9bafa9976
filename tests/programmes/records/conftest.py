"""The records' world: a branch's 双培双促进 programme of the 2026 school year (terms 2026-09-01–2027-01-31 and
2027-02-01–2027-07-15) with the seeds' quotas, made with the ORM (the core's pages are another helper's):

- ``teacher`` (周老师): listed, 党员→骨干, responsible ``leader`` by name;
- ``mentee`` (吴老师): listed, 骨干→党员, responsible the party group (led by ``leader``);
- ``mentor`` (马导师): on no list, the mentee's mentor in a pair;
- ``leader`` (赵组长): the party group's leader (党小组长); ``secretary``: the branch secretary (organises);
- ``stranger``: a member of another branch of the same school; ``foreigner``: another county's.
"""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from programmes.models import (
    ActivityKind,
    Audience,
    Direction,
    Pair,
    Participant,
    ParticipantStatus,
    Programme,
    ProgrammeKind,
    Quota,
    QuotaPeriod,
    Term,
)
from tests.factories import OrganisationFactory, UserFactory, grant

D = datetime.date
TODAY = D(2026, 11, 21)


def observation(**changes) -> dict:
    return {
        "class_name": "二(1)班",
        "subject": "语文",
        "teacher": "",
        "topic": "《秋天》",
        "notes": "导入自然。",
        "suggestions": "小组分工再明确些。",
        "reflection": "识字环节可借鉴。",
        **changes,
    }


def make_programme(branch, organiser, *, year: int = 2026, terms=None) -> Programme:
    programme = Programme.objects.create(
        organisation=branch, kind=ProgrammeKind.DUAL, name="双培双促进", school_year=year, created_by=organiser
    )
    for number, (starts, ends) in enumerate(
        terms or [(D(year, 9, 1), D(year + 1, 1, 31)), (D(year + 1, 2, 1), D(year + 1, 7, 15))], start=1
    ):
        Term.objects.create(programme=programme, number=number, starts=starts, ends=ends)
    for kind, period, count, audience in (
        (ActivityKind.OBSERVATION, QuotaPeriod.TERM, 20, Audience.ALL),
        (ActivityKind.DEMONSTRATION, QuotaPeriod.TERM, 1, Audience.ALL),
        (ActivityKind.READING_NOTE, QuotaPeriod.TWO_MONTHS, 1, Audience.ALL),
        (ActivityKind.PAPER, QuotaPeriod.YEAR, 1, Audience.TO_BACKBONE),
    ):
        Quota.objects.create(programme=programme, kind=kind, period=period, count=count, audience=audience)
    return programme


@pytest.fixture
def w(tree):
    branch = tree.branch_a
    group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=branch, name="低段语文党小组")
    o = SimpleNamespace(tree=tree, branch=branch, group=group)
    for name, real_name, organisation, role in (
        ("secretary", "林书记", branch, Role.BRANCH_SECRETARY),
        ("leader", "赵组长", group, Role.PARTY_GROUP),
        ("teacher", "周老师", branch, Role.MEMBER),
        ("mentee", "吴老师", branch, Role.MEMBER),
        ("mentor", "马导师", branch, Role.MEMBER),
        ("stranger", "郑老师", tree.branch_b, Role.MEMBER),
        ("foreigner", "外县老师", tree.other_branch, Role.BRANCH_SECRETARY),
    ):
        user = UserFactory(real_name=real_name)
        grant(user, organisation, role)
        setattr(o, name, user)
    o.programme = make_programme(branch, o.secretary)
    o.teacher_part = Participant.objects.create(
        programme=o.programme,
        person=o.teacher,
        direction=Direction.TO_BACKBONE,
        status=ParticipantStatus.LISTED,
        responsible=o.leader,
        added_by=o.secretary,
    )
    o.mentee_part = Participant.objects.create(
        programme=o.programme,
        person=o.mentee,
        direction=Direction.TO_MEMBER,
        status=ParticipantStatus.LISTED,
        responsible_unit=group,
        added_by=o.secretary,
    )
    o.pair = Pair.objects.create(
        programme=o.programme,
        mentor=o.mentor,
        mentee=o.mentee,
        goals="一年内成为骨干",
        duties="每周听课指导",
        created_by=o.secretary,
    )
    return o
