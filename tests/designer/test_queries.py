"""Query-count guards of designed cases (bench designed, bench/README.md): completing an approval step that takes a
condition and opens a 会签, the 会签's decisions, and starting a case — the same statements for an initiator deep in
the organisation tree as near its root, and after the tree has grown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.models import Task
from viewflow.workflow.nodes.mixins import NextNodeActivationMixin

from accounts.models import OrganisationKind as K
from accounts.roles import Role
from designer.flows import DesignedFlow, StepActivation
from designer.models import Stage
from tests.designer.world import act, approval, document, open_steps, people, published, start
from tests.factories import OrganisationFactory, UserFactory, grant
from workflows.models import CaseCc

# Measured with this test's own settings (tests run in a transaction: savepoints, no BEGIN/COMMIT); `python -m bench
# designed` gives the figures of a real transaction. Raise only with a reason.
APPROVE_AND_OPEN = 17  # an approval whose walk takes a condition and opens a 会签 of two
COUNTERSIGN_FIRST = 10  # the first of the 会签 (the step stays open)
# The last of the 会签: the step completes, the 抄送 passes, the case is approved (16, and the one read of
# programmes.nominations' receiver of the ending audit event).
COUNTERSIGN_LAST = 17
START = 35  # starting the tree case below


def _leave(w):
    long = {
        "id": "long",
        "name": "三天以上",
        "priority": 1,
        "when": {"all": [{"field": "days", "op": ">", "value": "3"}]},
        "nodes": [approval("leads", people(w.principal, w.section), name="校领导会签", mode="all")],
    }
    branch = {
        "id": "by_days",
        "type": "condition",
        "name": "按天数",
        "branches": [long, {"id": "short", "name": "其他", "default": True, "nodes": []}],
    }
    cc = {"id": "copy", "type": "cc", "name": "抄送", "who": people(w.teacher2)}
    return published(w, document(approval("office", people(w.vice)), branch, cc))


def test_completing_designed_approval_steps(w, django_assert_max_num_queries):
    definition = _leave(w)
    warm = start(definition, w.teacher, {"reason": "培训", "days": "5"})  # fills per-process caches
    for person in (w.vice, w.principal, w.section):
        act(warm, person)
    case = start(definition, w.teacher, {"reason": "培训", "days": "5"})
    with django_assert_max_num_queries(APPROVE_AND_OPEN):
        act(case, w.vice)
    assert case.stage == Stage.RUNNING
    with django_assert_max_num_queries(COUNTERSIGN_FIRST):
        act(case, w.principal)
    assert case.stage == Stage.RUNNING
    with django_assert_max_num_queries(COUNTERSIGN_LAST):
        act(case, w.section)
    assert case.stage == Stage.APPROVED


@pytest.mark.parametrize("through", ["walk", "advance"])
def test_a_case_whose_open_step_was_opened_the_old_way_still_completes(w, monkeypatch, through):
    """Cases running when ``act`` began to open the next steps itself: their open step was created by the ``walk``
    gateway (or, before it, by ``advance`` and ``fan``), as viewflow's own next-node activation did."""
    definition = _leave(w)
    case = start(definition, w.teacher, {"reason": "培训", "days": "5"})
    with monkeypatch.context() as old:
        old.setattr(StepActivation, "create_next", NextNodeActivationMixin.__dict__["create_next"])  # viewflow's
        if through == "advance":
            old.setattr(DesignedFlow.act, "_next", DesignedFlow.advance)
        act(case, w.vice)
    gateway = getattr(DesignedFlow, through)
    assert Task.objects.filter(process_id=case.pk, flow_task=gateway, status="DONE").exists()
    (opened,) = open_steps(case)
    before = DesignedFlow.walk if through == "walk" else DesignedFlow.fan
    assert opened.data["node"] == "leads" and opened.previous.get().flow_task == before
    act(case, w.principal)
    act(case, w.section)
    assert case.stage == Stage.APPROVED and case.status == "DONE" and not open_steps(case)
    assert CaseCc.objects.filter(process_id=case.pk, user=w.teacher2).exists()
    assert not Task.objects.filter(process_id=case.pk, finished__isnull=True).exists()


def _tree_definition(w, root):
    from designer import services

    nodes = [
        {
            "id": "copy",
            "type": "cc",
            "name": "抄送",
            "who": {"source": "role_in", "role": Role.BUREAU_BASIC_EDU, "organisation": root.pk},
        },
        approval("leads", {"source": "superiors", "levels": 10}, name="各级主管", mode="any", empty="refuse"),
        approval("boss", {"source": "superior", "levels": 2}, name="上级主管", empty="refuse"),
        approval(
            "picked",
            {"source": "chosen", "scope": {"organisation": root.pk}, "default": [w.section.pk]},
            name="指定",
            empty="refuse",
        ),
    ]
    definition = services.definition_create(actor=w.designer, owner=root, code="tree", name="逐级", shared=True)
    services.draft_save(actor=w.designer, definition=definition, document=document(*nodes))
    services.definition_publish(actor=w.designer, definition=definition)
    return definition


def _counted(definition, initiator) -> int:
    start(definition, initiator)  # the first start of an initiator fills caches
    with CaptureQueriesContext(connection) as queries:
        start(definition, initiator)
    return len(queries.captured_queries)


def test_starting_costs_the_same_whatever_the_tree(w, django_assert_max_num_queries):
    bureau = w.bureau  # bureau › school (depth 2) and bureau › community › school › committee › branch › group
    community = OrganisationFactory.create(kind=K.COMMUNITY, parent=bureau)
    school = OrganisationFactory.create(kind=K.SCHOOL, parent=community)
    committee = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=school)
    branch = OrganisationFactory.create(kind=K.BRANCH, parent=committee)
    group = OrganisationFactory.create(kind=K.PARTY_GROUP, parent=branch)
    for place, role in [
        (school, Role.MEMBER_SCHOOL),
        (committee, Role.PARENT_COMMITTEE),
        (branch, Role.BRANCH_SECRETARY),
        (group, Role.PARTY_GROUP),
    ]:
        grant(UserFactory(), place, role)
    grant(UserFactory(), bureau, Role.BUREAU_LEADING_GROUP)
    deep = UserFactory()
    grant(deep, group, Role.MEMBER)
    definition = _tree_definition(w, bureau)
    small = {"near": _counted(definition, w.teacher), "deep": _counted(definition, deep)}
    for _ in range(3):  # the tree grows: 3 communities of 4 schools of 5 branches (78 organisations more)
        grown = OrganisationFactory.create(kind=K.COMMUNITY, parent=bureau)
        for _s in range(4):
            other = OrganisationFactory.create(kind=K.SCHOOL, parent=grown)
            other_committee = OrganisationFactory.create(kind=K.PARTY_COMMITTEE, parent=other)
            for _b in range(5):
                OrganisationFactory.create(kind=K.BRANCH, parent=other_committee)
    large = {"near": _counted(definition, w.teacher), "deep": _counted(definition, deep)}
    assert small["near"] == small["deep"] == large["near"] == large["deep"], (small, large)
    with django_assert_max_num_queries(START):
        start(definition, deep)
