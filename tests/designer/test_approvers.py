"""Who acts at a node of a designed process: every approver source, roles valid on the day, active people only, and a
constant number of queries whatever the organisation tree's depth or width."""

import datetime
from types import SimpleNamespace

import pytest

from accounts.models import Membership, OrganisationKind
from accounts.roles import Role
from designer.approvers import Resolver, candidates_for, eligible_choice
from tests.factories import TODAY, OrganisationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db
Kind = OrganisationKind


@pytest.fixture
def tree():
    """bureau › community › school › party committee › branch › party group, a lead on each level that has one."""
    bureau = OrganisationFactory.create(kind=Kind.BUREAU, name="教育局")
    community = OrganisationFactory.create(kind=Kind.COMMUNITY, parent=bureau, name="城关教共体")
    school = OrganisationFactory.create(kind=Kind.SCHOOL, parent=community, name="城关一小")
    other_school = OrganisationFactory.create(kind=Kind.SCHOOL, parent=community, name="城关二小")
    committee = OrganisationFactory.create(kind=Kind.PARTY_COMMITTEE, parent=school, name="一小党委")
    branch = OrganisationFactory.create(kind=Kind.BRANCH, parent=committee, name="第一支部")
    group = OrganisationFactory.create(kind=Kind.PARTY_GROUP, parent=branch, name="语文党小组")
    people = {
        name: UserFactory(real_name=label)
        for name, label in [
            ("bureau_lead", "局领导"),
            ("principal", "校长"),
            ("committee_member", "党委委员"),
            ("secretary", "支部书记"),
            ("group_leader", "党小组长"),
            ("teacher", "教师"),
            ("teacher2", "教师二"),
            ("member", "党员"),
            ("other_principal", "二小校长"),
            ("former", "前任"),
            ("inactive", "离职"),
        ]
    }
    p = SimpleNamespace(**people)
    grant(p.bureau_lead, bureau, Role.BUREAU_LEADING_GROUP)
    grant(p.principal, school, Role.MEMBER_SCHOOL)
    grant(p.committee_member, committee, Role.PARENT_COMMITTEE)
    grant(p.secretary, branch, Role.BRANCH_SECRETARY)
    grant(p.group_leader, group, Role.PARTY_GROUP)
    grant(p.teacher, school, Role.SCHOOL_DEPT)
    grant(p.teacher2, school, Role.SCHOOL_DEPT)
    grant(p.member, group, Role.MEMBER)
    grant(p.other_principal, other_school, Role.MEMBER_SCHOOL)
    grant(p.former, school, Role.MEMBER_SCHOOL, valid_to=datetime.date(2026, 1, 31))  # ended before TODAY
    grant(p.inactive, school, Role.SCHOOL_DEPT)
    p.inactive.is_active = False
    p.inactive.save(update_fields=["is_active"])
    orgs = SimpleNamespace(
        bureau=bureau, community=community, school=school, other_school=other_school, committee=committee
    )
    orgs.branch, orgs.group = branch, group
    return SimpleNamespace(orgs=orgs, people=p)


def resolver(tree, initiator, organisation, **kwargs):
    return Resolver(initiator=initiator, organisation=organisation, day=TODAY, **kwargs)


def ids(*people):
    return [person.pk for person in people]


def test_named_people_in_order_without_the_inactive_or_repeated(tree):
    p = tree.people
    found = resolver(tree, p.teacher, tree.orgs.school).people(
        {"source": "people", "people": ids(p.secretary, p.inactive, p.principal, p.secretary)}
    )
    assert found == ids(p.secretary, p.principal)


def test_a_role_is_held_in_the_case_organisation_on_the_day(tree):
    p, o = tree.people, tree.orgs
    who = {"source": "role", "role": Role.SCHOOL_DEPT}
    assert resolver(tree, p.principal, o.school).people(who) == sorted(ids(p.teacher, p.teacher2))  # not the inactive
    assert resolver(tree, p.principal, o.school).people({"source": "role", "role": Role.MEMBER_SCHOOL}) == ids(
        p.principal
    )  # not the former principal, whose role ended
    assert resolver(tree, p.member, o.group).people(who) == []  # the school's people are not the party group's


def test_a_role_becomes_valid_on_its_first_day(tree):
    p, o = tree.people, tree.orgs
    grant(p.teacher, o.school, Role.ORG_ADMIN, valid_from=TODAY + datetime.timedelta(days=1))
    who = {"source": "role", "role": Role.ORG_ADMIN}
    assert resolver(tree, p.principal, o.school).people(who) == []
    tomorrow = Resolver(initiator=p.principal, organisation=o.school, day=TODAY + datetime.timedelta(days=1))
    assert tomorrow.people(who) == ids(p.teacher)


def test_a_role_in_a_named_organisation(tree):
    p, o = tree.people, tree.orgs
    who = {"source": "role_in", "role": Role.MEMBER_SCHOOL, "organisation": o.other_school.pk}
    assert resolver(tree, p.teacher, o.school).people(who) == ids(p.other_principal)
    assert resolver(tree, p.teacher, o.school).people({**who, "organisation": o.community.pk}) == []


def test_the_superior_is_the_lead_of_the_case_organisation_then_each_level_up(tree):
    p, o = tree.people, tree.orgs
    case = resolver(tree, p.teacher, o.school)
    assert case.people({"source": "superior", "levels": 1}) == ids(p.principal)
    assert case.people({"source": "superior", "levels": 2}) == ids(p.bureau_lead)  # the community has no lead
    assert case.people({"source": "superior", "levels": 3}) == []


def test_the_lead_starting_a_case_has_the_next_lead_up_as_superior(tree):
    p, o = tree.people, tree.orgs
    assert resolver(tree, p.principal, o.school).people({"source": "superior", "levels": 1}) == ids(p.bureau_lead)
    assert resolver(tree, p.group_leader, o.group).people({"source": "superior"}) == ids(p.secretary)


def test_the_superiors_are_every_level_nearest_first(tree):
    p, o = tree.people, tree.orgs
    case = resolver(tree, p.member, o.group)
    assert case.people({"source": "superiors", "levels": 3}) == ids(p.group_leader, p.secretary, p.committee_member)
    assert case.people({"source": "superiors", "levels": 9}) == ids(
        p.group_leader, p.secretary, p.committee_member, p.principal, p.bureau_lead
    )


def test_a_vacant_lead_is_nobody_at_its_level(tree):
    p, o = tree.people, tree.orgs
    Membership.objects.filter(user=p.secretary).update(valid_to=TODAY - datetime.timedelta(days=1))
    case = resolver(tree, p.member, o.group)
    assert case.people({"source": "superior", "levels": 2}) == []
    assert case.people({"source": "superiors", "levels": 3}) == ids(p.group_leader, p.committee_member)


def test_two_leads_of_a_school_are_both_its_level(tree):
    p, o = tree.people, tree.orgs
    core = UserFactory(real_name="共同体校长")
    grant(core, o.school, Role.CORE_SCHOOL)
    assert resolver(tree, p.teacher, o.school).people({"source": "superior"}) == ids(p.principal, core)


def test_chosen_people_within_the_scope_else_the_default(tree):
    p, o = tree.people, tree.orgs
    who = {"source": "chosen", "multiple": True, "scope": {"organisation": o.committee.pk}, "default": ids(p.secretary)}
    case = resolver(tree, p.teacher, o.school)
    assert case.people(who, chosen=ids(p.member, p.teacher, p.committee_member)) == ids(p.member, p.committee_member)
    assert case.people(who, chosen=[]) == ids(p.secretary)
    assert case.people({**who, "multiple": False}, chosen=ids(p.member, p.secretary)) == ids(p.member)


def test_who_may_be_chosen_by_scope(tree):
    p, o = tree.people, tree.orgs

    def chosen(scope, organisation=o.school):
        who = {"source": "chosen", "scope": scope}
        return set(candidates_for(who, initiator=p.teacher, organisation=organisation, day=TODAY))

    assert chosen({"role": Role.BRANCH_SECRETARY, "organisation": o.school.pk}) == {p.secretary}
    assert chosen({"organisation": o.branch.pk}) == {p.secretary, p.group_leader, p.member}
    assert chosen({}, organisation=o.branch) == {p.secretary, p.group_leader, p.member}
    assert chosen({"role": Role.MEMBER_SCHOOL}) == {p.principal}  # not the former nor the other school's
    assert chosen({"organisation": 999999}) == set()


def test_a_choice_is_eligible_only_when_every_pick_is(tree):
    p, o = tree.people, tree.orgs
    who = {"source": "chosen", "multiple": True, "scope": {"organisation": o.branch.pk}}

    def eligible(picks, node=who):
        return eligible_choice(node, picks, initiator=p.teacher, organisation=o.school, day=TODAY)

    assert eligible(ids(p.secretary, p.member)) and eligible([])
    assert not eligible(ids(p.secretary, p.principal))
    assert not eligible(ids(p.secretary, p.member), node={**who, "multiple": False})
    assert not eligible(["x"])


def test_a_person_field_or_the_holders_of_a_role_in_an_organisation_field(tree):
    p, o = tree.people, tree.orgs
    case = resolver(tree, p.teacher, o.school)
    values = {"reviewer": p.secretary.pk, "panel": ids(p.principal, p.inactive), "host": o.other_school.pk}
    assert case.people({"source": "field", "field": "reviewer"}, values=values) == ids(p.secretary)
    assert case.people({"source": "field", "field": "panel"}, values=values) == ids(p.principal)
    host = {"source": "field", "field": "host", "role": Role.MEMBER_SCHOOL}
    assert case.people(host, values=values) == ids(p.other_principal)
    assert case.people({"source": "field", "field": "missing"}, values=values) == []


def test_the_initiator_and_the_previous_approvers_choice(tree):
    p, o = tree.people, tree.orgs
    case = resolver(tree, p.teacher, o.school)
    assert case.people({"source": "initiator"}) == ids(p.teacher)
    assert case.people({"source": "previous"}, previous=ids(p.inactive, p.principal)) == ids(p.principal)
    assert case.people({"source": "previous"}) == []


def test_an_unknown_source_is_a_programming_error(tree):
    with pytest.raises(ValueError):
        resolver(tree, tree.people.teacher, tree.orgs.school).people({"source": "everyone"})


def test_process_administrators_of_the_owner_or_above_nearest_first(tree):
    p, o = tree.people, tree.orgs
    for person, organisation in [(p.bureau_lead, o.bureau), (p.principal, o.school), (p.member, o.group)]:
        grant(person, organisation, Role.PROCESS_ADMIN)
    grant(p.teacher, o.school, Role.PROCESS_ADMIN, valid_to=datetime.date(2026, 1, 31))  # ended before TODAY
    assert resolver(tree, p.teacher, o.school, owner=o.school).admins() == ids(p.principal, p.bureau_lead)
    assert resolver(tree, p.teacher, o.school, owner=o.other_school).admins() == ids(p.bureau_lead)
    assert resolver(tree, p.teacher, o.school).admins() == []


def test_facts_for_conditions_on_the_initiator(tree):
    p, o = tree.people, tree.orgs
    grant(p.teacher, o.branch, Role.MEMBER)
    case = resolver(tree, p.teacher, o.school)
    assert case.facts_roles() == {Role.SCHOOL_DEPT, Role.MEMBER}
    assert case.facts_organisations() == {o.bureau.pk, o.community.pk, o.school.pk}


# Queries each source costs, for a fresh Resolver (superior and superiors: the chain, then the leads of every level).
QUERIES = {
    "people": 1,
    "role": 1,
    "role_in": 1,
    "superior": 2,
    "superiors": 2,
    "chosen": 1,
    "field": 1,
    "field_role": 1,
    "initiator": 0,
    "previous": 1,
    "admins": 1,
    "facts": 2,
}


def _chain(depth: int, wide: bool):
    """``depth`` organisations, bureaus above a school, each with a lead; ``wide``: 25 schools beside each level."""
    people = SimpleNamespace(teacher=UserFactory(), leads=[], picked=UserFactory())
    organisation = root = None
    for level in range(depth):
        kind = Kind.SCHOOL if level == depth - 1 else Kind.BUREAU
        organisation = OrganisationFactory.create(kind=kind, parent=organisation)
        root = root or organisation
        lead = UserFactory()
        grant(lead, organisation, Role.MEMBER_SCHOOL if kind == Kind.SCHOOL else Role.BUREAU_LEADING_GROUP)
        people.leads.insert(0, lead)
        if wide and kind == Kind.BUREAU:
            for _ in range(25):
                beside = OrganisationFactory.create(kind=Kind.SCHOOL, parent=organisation)
                grant(UserFactory(), beside, Role.MEMBER_SCHOOL)
    grant(people.teacher, organisation, Role.SCHOOL_DEPT)
    grant(people.picked, organisation, Role.SCHOOL_DEPT)
    grant(people.leads[-1], organisation, Role.PROCESS_ADMIN)
    return root, organisation, people


@pytest.mark.parametrize(("depth", "wide"), [(3, False), (12, False), (3, True)])
def test_each_source_costs_the_same_queries_whatever_the_tree(depth, wide, django_assert_num_queries):
    root, school, people = _chain(depth, wide)
    who = {
        "people": {"source": "people", "people": ids(people.picked)},
        "role": {"source": "role", "role": Role.SCHOOL_DEPT},
        "role_in": {"source": "role_in", "role": Role.BUREAU_LEADING_GROUP, "organisation": root.pk},
        "superior": {"source": "superior", "levels": depth - 1},
        "superiors": {"source": "superiors", "levels": depth},
        "chosen": {"source": "chosen", "multiple": True, "scope": {"organisation": root.pk}},
        "field": {"source": "field", "field": "reviewer"},
        "field_role": {"source": "field", "field": "host", "role": Role.MEMBER_SCHOOL},
        "initiator": {"source": "initiator"},
        "previous": {"source": "previous"},
    }
    values = {"reviewer": people.picked.pk, "host": school.pk}
    found = {}
    for source, node in who.items():
        case = Resolver(initiator=people.teacher, organisation=school, day=TODAY, owner=school)
        with django_assert_num_queries(QUERIES[source]):
            found[source] = case.people(node, values=values, chosen=ids(people.picked), previous=ids(people.picked))
    case = Resolver(initiator=people.teacher, organisation=school, day=TODAY, owner=school)
    with django_assert_num_queries(QUERIES["admins"]):
        assert case.admins() == ids(people.leads[-1])
    with django_assert_num_queries(QUERIES["facts"]):
        assert case.facts_roles() == {Role.SCHOOL_DEPT} and len(case.facts_organisations()) == depth
    with django_assert_num_queries(1):  # the organisations are kept: only the leads are read
        case.people(who["superiors"])
    with django_assert_num_queries(0):  # kept for every other node of the case
        case.facts_roles(), case.facts_organisations(), case.admins(), case.people(who["superior"])
    assert found["superiors"] == ids(*people.leads) and found["superior"] == ids(people.leads[depth - 2])
    assert found["role"] == sorted(ids(people.teacher, people.picked)) and found["field_role"] == ids(people.leads[0])
    assert found["chosen"] == found["people"] == found["field"] == found["previous"] == ids(people.picked)
    assert found["role_in"] == ids(people.leads[-1]) and found["initiator"] == ids(people.teacher)
