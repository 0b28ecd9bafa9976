"""The organisation access helper: 404 for outsiders, 403 for insiders without the right."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts import roles
from accounts.permissions import organisation_for_user, organisations_visible_to

pytestmark = pytest.mark.django_db


def test_a_member_gets_their_branch(tree, people):
    assert organisation_for_user(people.member, tree.branch_a.pk) == tree.branch_a


def test_bureau_staff_get_any_organisation_in_their_subtree(tree, people):
    assert organisation_for_user(people.auditor, tree.branch_b.pk) == tree.branch_b


def test_an_outsider_gets_404(tree, people):
    with pytest.raises(Http404):
        organisation_for_user(people.outsider, tree.branch_a.pk)


def test_a_member_of_one_branch_gets_404_for_the_sibling_branch(tree, people):
    with pytest.raises(Http404):
        organisation_for_user(people.member, tree.branch_b.pk)


def test_an_insider_without_the_right_gets_403(tree, people):
    with pytest.raises(PermissionDenied):
        organisation_for_user(people.member, tree.branch_a.pk, perm=roles.MANAGE_MEMBERS)


def test_an_insider_with_the_right_above_gets_the_organisation(tree, people):
    assert organisation_for_user(people.org_admin, tree.branch_a.pk, perm=roles.MANAGE_MEMBERS) == tree.branch_a


def test_an_unknown_or_malformed_id_gets_404(people):
    for pk in (999999, "abc", None):
        with pytest.raises(Http404):
            organisation_for_user(people.org_admin, pk)


def test_an_inactive_user_sees_nothing(tree, people):
    people.org_admin.is_active = False
    with pytest.raises(Http404):
        organisation_for_user(people.org_admin, tree.bureau.pk)
    assert not organisations_visible_to(people.org_admin).exists()


def test_visible_organisations_are_the_subtrees_of_the_users_roles(tree, people):
    assert set(organisations_visible_to(people.secretary)) == {tree.branch_a}
    visible = set(organisations_visible_to(people.auditor))
    assert tree.branch_b in visible and tree.bureau in visible
    assert tree.other_branch not in visible and tree.other_bureau not in visible
