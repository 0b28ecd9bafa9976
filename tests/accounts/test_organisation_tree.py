import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import services
from accounts.models import Organisation
from accounts.models import OrganisationKind as K
from accounts.selectors import organisation_ancestors, organisation_subtree
from core.exceptions import ApplicationError
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_subtree_of_a_school_holds_its_committee_and_branches(tree):
    names = set(organisation_subtree(tree.school).values_list("name", flat=True))
    assert names == {"城关一小党委", "第一支部", "第二支部"}


def test_the_ancestors_of_a_branch_run_up_to_the_bureau_in_order(tree):
    assert [o.name for o in organisation_ancestors(tree.branch_a)] == [
        "玉环市教育局",
        "城关共同体",
        "城关一小",
        "城关一小党委",
    ]


def test_another_bureau_is_in_neither_the_subtree_nor_the_ancestors(tree):
    assert not organisation_subtree(tree.bureau).filter(pk=tree.other_branch.pk).exists()
    assert tree.other_bureau not in organisation_ancestors(tree.branch_a)


def test_subtree_and_ancestor_queries_cost_one_query_each_at_any_depth(tree):
    general = OrganisationFactory.create(kind=K.GENERAL_BRANCH, parent=tree.committee)
    branch = OrganisationFactory.create(kind=K.BRANCH, parent=general)
    group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=branch)
    group = Organisation.objects.get(pk=group.pk)
    with CaptureQueriesContext(connection) as ctx:
        descendants = list(organisation_subtree(tree.bureau))
        ancestors = list(organisation_ancestors(group))
    assert len(ctx.captured_queries) == 2
    assert group in descendants
    assert [o.kind for o in ancestors] == [
        K.BUREAU,
        K.COMMUNITY,
        K.SCHOOL,
        K.PARTY_COMMITTEE,
        K.GENERAL_BRANCH,
        K.BRANCH,
    ]


@pytest.mark.parametrize(
    ("kind", "parent_attr", "extra"),
    [
        (K.BRANCH, "bureau", {}),  # a branch sits under a committee, general branch or school
        (K.COMMUNITY, "school", {"community_type": "FUSION"}),
        (K.GENERAL_BRANCH, "school", {}),
        (K.PARTY_GROUP, "committee", {}),
    ],
)
def test_a_kind_placed_under_the_wrong_parent_is_refused(tree, kind, parent_attr, extra):
    before = Organisation.objects.count()
    with pytest.raises(ApplicationError) as caught:
        services.organisation_create(code="X1", name="x", kind=kind, parent=getattr(tree, parent_attr), **extra)
    assert caught.value.code == "organisation_parent_kind"
    assert Organisation.objects.count() == before


def test_a_community_has_only_one_core_school(tree):
    with pytest.raises(ApplicationError) as caught:
        services.organisation_create(code="X2", name="x", kind=K.SCHOOL, parent=tree.community, is_core_school=True)
    assert caught.value.code == "core_school_taken"


def test_only_party_committees_carry_approval_authority(tree):
    with pytest.raises(ApplicationError) as caught:
        services.organisation_create(
            code="X3", name="x", kind=K.BRANCH, parent=tree.committee, has_approval_authority=True
        )
    assert caught.value.code == "approval_authority_kind"


def test_a_community_needs_a_type(tree):
    with pytest.raises(ApplicationError) as caught:
        services.organisation_create(code="X4", name="x", kind=K.COMMUNITY, parent=tree.bureau)
    assert caught.value.code == "community_type"


def test_codes_are_unique(tree):
    with pytest.raises(ApplicationError) as caught:
        services.organisation_create(code=tree.branch_a.code, name="x", kind=K.BRANCH, parent=tree.committee)
    assert caught.value.code == "organisation_code_taken"
