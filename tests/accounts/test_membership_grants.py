"""Memberships drive guardian object permissions: granted while active, revoked when they end."""

import datetime

import pytest
from guardian.models import UserObjectPermission

from accounts import roles, services
from accounts.models import Membership
from accounts.permissions import has_org_perm
from accounts.roles import Role
from core.exceptions import ApplicationError
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
D = datetime.date


def perms_on(user, organisation) -> set[str]:
    return set(
        UserObjectPermission.objects.filter(user=user, object_pk=str(organisation.pk)).values_list(
            "permission__codename", flat=True
        )
    )


def test_an_active_membership_grants_exactly_its_roles_permissions(tree):
    user = UserFactory()
    grant(user, tree.branch_a, Role.BRANCH_SECRETARY)
    assert perms_on(user, tree.branch_a) == set(roles.ROLE_PERMISSIONS[Role.BRANCH_SECRETARY])


def test_permissions_hold_below_the_organisation_but_not_above_or_beside(tree):
    user = UserFactory()
    grant(user, tree.committee, Role.PARENT_COMMITTEE)
    assert has_org_perm(user, roles.APPROVE_PARTY, tree.branch_a)
    assert has_org_perm(user, roles.APPROVE_PARTY, tree.committee)
    assert not has_org_perm(user, roles.APPROVE_PARTY, tree.school)
    assert not has_org_perm(user, roles.APPROVE_PARTY, tree.other_branch)


def test_expiry_revokes_the_grants_when_the_sync_runs_after_the_last_day(tree):
    user = UserFactory()
    grant(user, tree.branch_a, Role.BRANCH_SECRETARY, valid_from=D(2025, 1, 1), valid_to=D(2026, 11, 30))
    assert services.memberships_sync(today=D(2026, 11, 30)) == 0  # last day still active
    assert has_org_perm(user, roles.HANDLE_PARTY_WORK, tree.branch_a)

    assert services.memberships_sync(today=D(2026, 12, 1)) == 1
    assert perms_on(user, tree.branch_a) == set()
    assert not has_org_perm(user, roles.SEE_CASES, tree.branch_a)
    assert Membership.objects.get(user=user).permissions_applied is False
    assert services.memberships_sync(today=D(2026, 12, 1)) == 0  # idempotent


def test_a_future_membership_grants_nothing_until_it_starts(tree):
    user = UserFactory()
    grant(user, tree.branch_a, Role.AUDITOR, valid_from=D(2027, 1, 1), today=D(2026, 11, 21))
    assert perms_on(user, tree.branch_a) == set()
    services.memberships_sync(today=D(2027, 1, 1))
    assert perms_on(user, tree.branch_a) == set(roles.ROLE_PERMISSIONS[Role.AUDITOR])


def test_ending_one_role_keeps_what_another_active_role_still_grants(tree):
    user = UserFactory()
    secretary = grant(user, tree.branch_a, Role.BRANCH_SECRETARY)
    grant(user, tree.branch_a, Role.AUDITOR)
    services.membership_end(membership=secretary, valid_to=D(2026, 11, 20), today=D(2026, 11, 21))
    assert perms_on(user, tree.branch_a) == set(roles.ROLE_PERMISSIONS[Role.AUDITOR])
    assert not has_org_perm(user, roles.HANDLE_PARTY_WORK, tree.branch_a)


def test_an_overlapping_membership_of_the_same_role_is_refused(tree):
    user = UserFactory()
    grant(user, tree.branch_a, Role.MEMBER, valid_from=D(2025, 1, 1), valid_to=D(2025, 12, 31))
    with pytest.raises(ApplicationError) as caught:
        grant(user, tree.branch_a, Role.MEMBER, valid_from=D(2025, 6, 1))
    assert caught.value.code == "membership_overlap"
    grant(user, tree.branch_a, Role.MEMBER, valid_from=D(2026, 1, 1))  # after the first one ends: fine
    assert Membership.objects.filter(user=user).count() == 2


def test_an_end_date_before_the_start_is_refused_and_nothing_changes(tree):
    user = UserFactory()
    with pytest.raises(ApplicationError) as caught:
        grant(user, tree.branch_a, Role.MEMBER, valid_from=D(2025, 6, 1), valid_to=D(2025, 5, 31))
    assert caught.value.code == "date_order"
    assert not Membership.objects.filter(user=user).exists()
    assert perms_on(user, tree.branch_a) == set()


def test_an_unknown_role_is_refused(tree):
    with pytest.raises(ApplicationError) as caught:
        grant(UserFactory(), tree.branch_a, "KING")
    assert caught.value.code == "role_unknown"


def test_every_role_has_a_permission_set_and_every_codename_is_a_real_permission(db):
    from django.contrib.auth.models import Permission

    declared = set(Permission.objects.filter(content_type__app_label="accounts").values_list("codename", flat=True))
    assert set(roles.ROLE_PERMISSIONS) == set(Role.values)
    for granted in roles.ROLE_PERMISSIONS.values():
        assert granted <= declared


def test_services_is_the_only_module_that_grants_or_revokes_object_permissions():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2]
    callers = [
        path.relative_to(root).as_posix()
        for path in root.glob("*/**/*.py")
        if ".venv" not in path.parts
        and "tests" not in path.parts
        and ("assign_perm(" in path.read_text(encoding="utf-8") or "remove_perm(" in path.read_text(encoding="utf-8"))
    ]
    assert callers == ["accounts/services.py"]
