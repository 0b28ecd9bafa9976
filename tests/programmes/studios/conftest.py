"""The studios' personas, in the ``tree`` fixture's school (城关一小, its committee and branch A):

secretary   branch A's secretary: organises the school's studios (handle_party_work within the school)
lead        a party member of branch A, the studio's 领衔人
member      a party member of branch A, a member of the studio
apprentice  an applicant of branch A, the studio's 徒弟
teacher     a party member of branch B: in the school, not in the studio (sees the public page)
evaluator   the bureau's leading group (organise_evaluation), and checker, a second one
outsider    the other county's organisation administrator
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import PartyStanding
from accounts.roles import Role
from forms.services import attachment_create
from programmes.studios import services
from programmes.studios.models import StudioRole
from tests.factories import UserFactory, grant

D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% studio\n"


def png(name="photo.png", body=PNG):
    return SimpleUploadedFile(name, body, content_type="image/png")


def pdf(name="plan.pdf"):
    return SimpleUploadedFile(name, PDF + name.encode(), content_type="application/pdf")


def stored(user, upload):
    return attachment_create(uploaded_by=user, upload=upload)


def party_member(**kwargs):
    return UserFactory(party_standing=PartyStanding.FULL, party_standing_since=D(2010, 7, 1), **kwargs)


@pytest.fixture
def studio_people(tree):
    p = SimpleNamespace(tree=tree, school=tree.school)
    p.secretary = party_member(username="s_secretary", real_name="林书记")
    p.lead = party_member(username="s_lead", real_name="吴晓燕")
    p.member = party_member(username="s_member", real_name="周海涛")
    p.apprentice = UserFactory(username="s_apprentice", real_name="陈思远")
    p.teacher = party_member(username="s_teacher", real_name="郑国强")
    p.evaluator = UserFactory(username="s_evaluator", real_name="梁静")
    p.checker = UserFactory(username="s_checker", real_name="罗志明")
    p.outsider = UserFactory(username="s_outsider", real_name="外县管理员")
    grant(p.secretary, tree.branch_a, Role.BRANCH_SECRETARY)
    for person in (p.lead, p.member):
        grant(person, tree.branch_a, Role.MEMBER)
    grant(p.apprentice, tree.branch_a, Role.APPLICANT)
    grant(p.teacher, tree.branch_b, Role.MEMBER)
    grant(p.evaluator, tree.bureau, Role.BUREAU_LEADING_GROUP)
    grant(p.checker, tree.bureau, Role.BUREAU_LEADING_GROUP)
    grant(p.outsider, tree.other_bureau, Role.ORG_ADMIN)
    return p


@pytest.fixture
def studio(studio_people):
    """The studio with its member and apprentice, founded on 2026-09-01."""
    p = studio_people
    made = services.studio_create(
        actor=p.secretary,
        school=p.school,
        name="吴晓燕语文名师工作室",
        lead=p.lead,
        founded_on=D(2026, 9, 1),
        subject="语文",
    )
    services.studio_person_add(actor=p.lead, studio=made, person=p.member, role=StudioRole.MEMBER, duty="教研")
    services.studio_person_add(actor=p.lead, studio=made, person=p.apprentice, role=StudioRole.APPRENTICE)
    return made
