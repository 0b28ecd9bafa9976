"""Personas shared by every test module.

The tree: bureau ─ community ─ school ─ committee (approval authority) ─ branch_a, branch_b;
a second bureau (other_bureau) with its own branch stands for "another organisation".
"""

import datetime
from io import StringIO
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from accounts.models import CommunityType
from accounts.models import OrganisationKind as K
from accounts.roles import Role
from tests.factories import OrganisationFactory, UserFactory, grant, two_communities


@pytest.fixture(autouse=True)
def _no_rate_limit_carried_over():
    """Sign-in rate limits count in the cache (process memory in tests): each test starts with none."""
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(tmp_path, settings):
    """Each test has a checkpoint store of its own: a checkpoint of one test's (rolled back) trail would make
    the next test's verification report the events it lacks."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"


def _flush_past_the_audit_truncate_trigger():
    """The audit table refuses TRUNCATE (audit migration 0007); the test runner empties the database with one
    after each transactional test. As its superuser, switch that trigger off for the flush's own transaction."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    plain = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = plain(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        if "audit_auditevent" not in tables:
            return statements
        switch = "ALTER TABLE audit_auditevent {} TRIGGER audit_no_truncate;"
        return [switch.format("DISABLE"), *statements, switch.format("ENABLE")]

    DatabaseOperations.sql_flush = sql_flush


_flush_past_the_audit_truncate_trigger()


@pytest.fixture(autouse=True)
def _project_celery_app_stays_current():
    """A test that makes another Celery app current (``Celery(...)`` is current by default) would send every later
    test's on-commit deliveries to that app's broker instead of running them: put the project's app back and fail
    the test that left it."""
    from celery import current_app

    from config.celery import app

    yield
    left = current_app._get_current_object()
    if left is not app:
        app.set_current()
        pytest.fail(f"this test left the Celery app {left.main!r} (broker {left.conf.broker_url!r}) current")


DEMO_DAY = datetime.date(2026, 11, 22)


@pytest.fixture(scope="session")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo data set as ``manage.py seed_demo`` loads it on DEMO_DAY (its value; a seeding takes about 20 s),
    seeded once for the tests that read it and rolled back after the last of them: those tests run one after another
    (pytest_collection_modifyitems) and this ends after the last (pytest_runtest_teardown), so no other test sees it.
    Each of them runs in a transaction of its own on top, so what one writes is gone before the next. Each xdist
    worker has a database of its own and seeds it if it runs any of them."""
    from accounts.management.commands import seed_demo

    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch.object(seed_demo, "business_today", return_value=DEMO_DAY):
            call_command("seed_demo", stdout=StringIO())
        yield DEMO_DAY
        transaction.set_rollback(True)


def pytest_collection_modifyitems(items):
    """The tests that read ``seeded_demo`` run together, where the first of them was."""
    readers = [item for item in items if "seeded_demo" in getattr(item, "fixturenames", ())]
    if readers:
        first, others = items.index(readers[0]), [item for item in items if item not in readers]
        items[:] = [*others[:first], *readers, *others[first:]]


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After the last test that reads ``seeded_demo`` (and its own transaction's end), roll the demo back."""
    reads = "seeded_demo" in getattr(item, "fixturenames", ())
    if reads and (nextitem is None or "seeded_demo" not in getattr(nextitem, "fixturenames", ())):
        for fixturedef in item._fixtureinfo.name2fixturedefs["seeded_demo"]:
            fixturedef.finish(item._request)


@pytest.fixture
def tree(db):
    return make_tree()


def make_tree() -> SimpleNamespace:
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


@pytest.fixture
def yuhuan(db):
    return make_yuhuan()


def make_yuhuan() -> SimpleNamespace:
    """Two school communities under one bureau, and the people of DOMAIN §1.1 roles B and C.

    bureau ─ fusion (融合型): fusion_core (核心校), fusion_member, fusion_member2
           ─ collab (协作型): collab_core, collab_member
    other_bureau ─ other_community: other_core, other_member (another county: sees nothing here)
    People: core_lead / member_lead / member2_lead (fusion schools), collab_core_lead / collab_member_lead,
    basic_edu (BUREAU_BASIC_EDU), leading (BUREAU_LEADING_GROUP), basic_edu2 (a second reviewer),
    inspector (a teacher at collab_core, i.e. not of the fusion schools), auditor (AUDITOR at the bureau),
    outsider (lead of other_core), teacher (SCHOOL_DEPT at fusion_member: inside, no rights).
    """
    bureau = OrganisationFactory.create(kind=K.BUREAU, name="玉环市教育局")
    other_bureau = OrganisationFactory.create(kind=K.BUREAU, name="其他教育局")
    other_community = OrganisationFactory.create(
        kind=K.COMMUNITY, parent=other_bureau, name="其他共同体", community_type=CommunityType.FUSION
    )

    def school(parent, name, core=False):
        return OrganisationFactory.create(kind=K.SCHOOL, parent=parent, name=name, is_core_school=core)

    o = SimpleNamespace(
        bureau=bureau,
        **two_communities(bureau),
        other_bureau=other_bureau,
        other_community=other_community,
        other_core=school(other_community, "其他核心校", core=True),
        other_member=school(other_community, "其他成员校"),
    )
    people = {
        "core_lead": ("马俊", o.fusion_core, Role.CORE_SCHOOL),
        "member_lead": ("朱红梅", o.fusion_member, Role.MEMBER_SCHOOL),
        "member2_lead": ("王小燕", o.fusion_member2, Role.MEMBER_SCHOOL),
        "collab_core_lead": ("胡军", o.collab_core, Role.CORE_SCHOOL),
        "collab_member_lead": ("郭丽", o.collab_member, Role.MEMBER_SCHOOL),
        "basic_edu": ("罗志明", bureau, Role.BUREAU_BASIC_EDU),
        "basic_edu2": ("孙倩", bureau, Role.BUREAU_BASIC_EDU),
        "leading": ("梁静", bureau, Role.BUREAU_LEADING_GROUP),
        "inspector": ("何老师", o.collab_core, Role.SCHOOL_DEPT),
        "auditor": ("谢审计", bureau, Role.AUDITOR),
        "outsider": ("外县校长", o.other_core, Role.CORE_SCHOOL),
        "teacher": ("宋老师", o.fusion_member, Role.SCHOOL_DEPT),
    }
    for username, (name, organisation, role) in people.items():
        user = UserFactory(username=username, real_name=name)
        grant(user, organisation, role)
        setattr(o, username, user)
    return o
