"""The permission reads written as SQL (accounts/permissions.py: has_org_perm, perms_in_chain, role_used,
granted_roots, people_holding; issue 16 item 8) answer exactly as the ORM forms they replaced, for everyone,
everywhere, any day."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, CharField
from django.db.models.functions import Cast
from guardian.models import UserObjectPermission

from accounts import roles
from accounts.models import Membership, Organisation, User
from accounts.permissions import (
    ancestor_paths,
    granted_roots,
    has_org_perm,
    people_holding,
    perms_in_chain,
    role_used,
)
from accounts.roles import Role
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
DAYS = [datetime.date(2025, 6, 1), datetime.date(2026, 3, 2)]


def usable(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def chain_pks(organisation):
    chain = Organisation.objects.filter(path__in=ancestor_paths(organisation.path))
    return chain.annotate(pk_text=Cast("pk", CharField())).values("pk_text")


def grants(user, codename=None):
    content_type = ContentType.objects.get_for_model(Organisation)
    rows = UserObjectPermission.objects.filter(user=user, permission__content_type=content_type)
    return rows.filter(permission__codename=codename) if codename else rows


def orm_has_org_perm(user, codename, organisation) -> bool:
    if not usable(user):
        return False
    return user.is_superuser or grants(user, codename).filter(object_pk__in=chain_pks(organisation)).exists()


def orm_perms_in_chain(user, organisation) -> set[str]:
    if not usable(user):
        return set()
    if user.is_superuser:
        return {codename for codename, _label in roles.PERMISSIONS}
    held = grants(user).filter(object_pk__in=chain_pks(organisation))
    return set(held.values_list("permission__codename", flat=True))


def orm_role_used(user, codename, organisation, day) -> str:
    held = (
        Membership.objects.active_on(day)
        .filter(user=user, organisation__path__in=ancestor_paths(organisation.path))
        .values_list("role", flat=True)
    )
    return next((r for r in held if codename in roles.ROLE_PERMISSIONS[r]), "ADMIN" if user.is_superuser else "")


def orm_granted_roots(user, codename) -> list[str]:
    if not usable(user):
        organisations = Organisation.objects.none()
    elif user.is_superuser:
        organisations = Organisation.objects.all()
    else:
        granted = grants(user, codename).annotate(org_pk=Cast("object_pk", BigIntegerField())).values("org_pk")
        organisations = Organisation.objects.filter(pk__in=granted)
    roots: list[str] = []
    for path in sorted(organisations.values_list("path", flat=True)):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return roots


def orm_people_holding(codename, organisation, day) -> list[User]:
    wanted = [role for role, perms in roles.ROLE_PERMISSIONS.items() if codename in perms]
    active = Membership.objects.active_on(day).filter(
        organisation__path__in=ancestor_paths(organisation.path), role__in=wanted
    )
    return list(User.objects.filter(pk__in=active.values("user_id"), is_active=True))


@pytest.fixture
def everyone(tree, people):
    committee_member, ended, two_roles = UserFactory(), UserFactory(), UserFactory()
    grant(committee_member, tree.committee, Role.PARENT_COMMITTEE)
    grant(ended, tree.branch_a, Role.BRANCH_SECRETARY, valid_to=datetime.date(2025, 12, 31))
    grant(two_roles, tree.branch_b, Role.MEMBER)
    grant(two_roles, tree.committee, Role.PARENT_ORGANIZER)
    inactive = UserFactory(is_active=False)
    grant(inactive, tree.branch_a, Role.BRANCH_SECRETARY)
    return [*vars(people).values(), committee_member, ended, two_roles, inactive, UserFactory(is_superuser=True)]


def test_the_sql_reads_answer_as_the_orm_forms(tree, everyone):
    codenames = [codename for codename, _label in roles.PERMISSIONS]
    organisations = list(Organisation.objects.all())
    seen = set()
    for user in everyone:
        for codename in codenames:
            assert granted_roots(user, codename) == orm_granted_roots(user, codename), (user, codename)
        for organisation in organisations:
            assert perms_in_chain(user, organisation) == orm_perms_in_chain(user, organisation), (user, organisation)
            for codename in codenames:
                answer = has_org_perm(user, codename, organisation)
                assert answer == orm_has_org_perm(user, codename, organisation), (user, codename, organisation)
                seen.add(answer)
                for day in DAYS:
                    role = role_used(user, codename, organisation, day)
                    assert role == orm_role_used(user, codename, organisation, day), (user, codename, day)
                    seen.add(role)
    # Every kind of answer was compared: yes and no, a role held, none, and a superuser's ADMIN.
    assert {True, False, "", "ADMIN", Role.BRANCH_SECRETARY, Role.PARENT_ORGANIZER} <= seen
    held_by = set()
    for organisation in organisations:
        for codename in codenames:
            for day in DAYS:
                people = sorted(people_holding(codename, organisation, day), key=lambda person: person.pk)
                assert people == sorted(orm_people_holding(codename, organisation, day), key=lambda p: p.pk)
                held_by.add(len(people))
    assert {0, 1} < held_by  # nobody, one person and several


def test_each_is_one_statement(tree, people, django_assert_num_queries):
    ContentType.objects.get_for_model(Organisation)  # Django caches it for the process
    day = DAYS[-1]
    with django_assert_num_queries(5):
        assert has_org_perm(people.secretary, roles.HANDLE_PARTY_WORK, tree.branch_a)
        assert roles.DECIDE_BRANCH in perms_in_chain(people.secretary, tree.branch_a)
        assert role_used(people.secretary, roles.HANDLE_PARTY_WORK, tree.branch_a, day) == Role.BRANCH_SECRETARY
        assert granted_roots(people.auditor, roles.SEE_CASES) == [tree.bureau.path]
        assert people_holding(roles.HANDLE_PARTY_WORK, tree.branch_a, day) == [people.secretary]
