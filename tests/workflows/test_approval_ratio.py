"""比例 (ratio): a group decided by a number of its approvers, through the shared approval engine (issue 18 item 10)."""

import pytest
from viewflow.workflow.models import Task

from accounts.models import OrganisationKind
from accounts.roles import Role
from core.exceptions import ApplicationError
from tests.approval_flow.flows import ApprovalTestFlow
from tests.factories import OrganisationFactory, UserFactory, grant
from workflows.approvals import (
    ALL,
    RATIO,
    approval_add,
    approval_decide,
    approval_open_groups,
    approval_transfer,
    approval_withdraw,
)
from workflows.inbox import open_tasks_for
from workflows.models import Approval, ApprovalSlot, GroupMode
from workflows.slots import ratio_needed

pytestmark = pytest.mark.django_db
Slot = ApprovalSlot.Status


@pytest.fixture
def bureau():
    return OrganisationFactory.create(kind=OrganisationKind.BUREAU, name="比例审批局")


@pytest.fixture
def people(bureau):
    """The initiator and six reviewers of one bureau."""
    people = [UserFactory(real_name=name) for name in ("发起人", "甲", "乙", "丙", "丁", "戊", "己")]
    for person in people[1:]:
        grant(person, bureau, Role.BUREAU_BASIC_EDU)
    return people


def start(people, bureau, *, approvers, needed):
    process = ApprovalTestFlow.start.run(
        initiator=people[0], approvers=approvers, mode=RATIO, organisation=bureau, needed=needed
    )
    draft = Task.objects.get(process=process, status__in=["NEW", "ASSIGNED"])
    with draft.activation() as activation:
        activation.start(None)
        activation.execute()
    return process, Task.objects.filter(process=process, flow_task=ApprovalTestFlow.review).latest("pk")


def outcome(process):
    process.refresh_from_db()
    return process.data.get("outcome")


def statuses(task):
    return [slot.status for slot in ApprovalSlot.objects.filter(approval__task=task).order_by("pk")]


def test_two_of_three_approving_approve_the_step_and_the_third_is_not_needed(people, bureau):
    a, b, c = people[1:4]
    process, task = start(people, bureau, approvers=[a, b, c], needed=2)
    assert all([t.pk for t in open_tasks_for(p)] == [task.pk] for p in (a, b, c))  # everyone decides at once
    approval_decide(task=task, user=a, decision="approve")
    assert outcome(process) is None and statuses(task) == [Slot.APPROVED, Slot.ACTIVE, Slot.ACTIVE]
    approval_decide(task=task, user=c, decision="approve")
    assert outcome(process) == "approved" and process.status == "DONE"
    assert statuses(task) == [Slot.APPROVED, Slot.SKIPPED, Slot.APPROVED]
    assert list(open_tasks_for(b)) == []


def test_two_of_three_rejecting_reject_the_step_at_the_second_rejection(people, bureau):
    a, b, c = people[1:4]
    process, task = start(people, bureau, approvers=[a, b, c], needed=2)
    approval_decide(task=task, user=a, decision="reject", comment="材料不全")
    assert outcome(process) is None  # two may still approve
    assert Approval.objects.get(task=task).status == Approval.Status.OPEN
    approval_decide(task=task, user=b, decision="reject", comment="不符合条件")
    assert outcome(process) == "rejected"
    assert statuses(task) == [Slot.REJECTED, Slot.REJECTED, Slot.SKIPPED]
    with pytest.raises(ApplicationError) as caught:
        approval_decide(task=task, user=c, decision="approve")
    assert caught.value.code == "task_changed"


def test_a_rejection_that_leaves_the_count_reachable_keeps_the_step_open(people, bureau):
    reviewers = people[1:6]
    needed = ratio_needed(people=len(reviewers), percent="60")
    assert needed == 3
    process, task = start(people, bureau, approvers=reviewers, needed=needed)
    approval_decide(task=task, user=reviewers[0], decision="reject", comment="不同意")
    approval_decide(task=task, user=reviewers[1], decision="approve")
    approval_decide(task=task, user=reviewers[2], decision="reject", comment="不同意")
    assert outcome(process) is None  # 1 approved + 2 undecided can still make 3
    approval_decide(task=task, user=reviewers[3], decision="approve")
    assert outcome(process) is None
    approval_decide(task=task, user=reviewers[4], decision="approve")
    assert outcome(process) == "approved"


def test_the_third_rejection_of_five_needing_three_rejects(people, bureau):
    reviewers = people[1:6]
    process, task = start(people, bureau, approvers=reviewers, needed=3)
    for person in reviewers[:2]:
        approval_decide(task=task, user=person, decision="reject", comment="不同意")
    assert outcome(process) is None
    approval_decide(task=task, user=reviewers[2], decision="reject", comment="不同意")
    assert outcome(process) == "rejected"


def test_a_rejection_still_needs_a_reason(people, bureau):
    a, b, c = people[1:4]
    process, task = start(people, bureau, approvers=[a, b, c], needed=2)
    with pytest.raises(ApplicationError) as caught:
        approval_decide(task=task, user=a, decision="reject", comment="  ")
    assert caught.value.code == "reason_required"
    assert statuses(task) == [Slot.ACTIVE] * 3


@pytest.mark.parametrize(("needed", "approvers"), [(0, 3), (4, 3), (None, 3), ("2", 3), (True, 3)])
def test_a_count_outside_one_to_the_number_of_approvers_is_refused(people, bureau, needed, approvers):
    process = ApprovalTestFlow.start.run(initiator=people[0], approvers=people[1:3], mode=ALL, organisation=bureau)
    task = Task.objects.get(process=process, status__in=["NEW", "ASSIGNED"])
    with pytest.raises(ApplicationError) as caught:
        approval_open_groups(task=task, groups=[(RATIO, people[1 : 1 + approvers], needed)])
    assert caught.value.code == "ratio_invalid"
    assert not Approval.objects.filter(task=task).exists()


def test_a_ratio_group_runs_between_other_groups(people, bureau):
    process = ApprovalTestFlow.start.run(initiator=people[0], approvers=people[1:2], mode=ALL, organisation=bureau)
    task = Task.objects.get(process=process, status__in=["NEW", "ASSIGNED"])
    a, b, c, d = people[1:5]
    approval = approval_open_groups(task=task, groups=[(ALL, [a]), (RATIO, [b, c, d], 2), (ALL, [a])])
    slots = list(approval.slots.order_by("position", "pk"))
    assert [(s.group_mode, s.needed) for s in slots] == [(GroupMode.ALL, None)] + [(GroupMode.RATIO, 2)] * 3 + [
        (GroupMode.ALL, None)
    ]
    assert [s.status for s in slots] == [Slot.ACTIVE] + [Slot.WAITING] * 4


def test_a_transferred_or_added_place_keeps_the_count(people, bureau):
    a, b, c, d, e = people[1:6]
    process, task = start(people, bureau, approvers=[a, b, c], needed=3)
    approval_add(task=task, user=a, new_user=d, where="parallel")  # four may now decide; three must still approve
    approval_transfer(task=task, user=b, to_user=e, reason="出差")
    added = ApprovalSlot.objects.filter(approval__task=task, user__in=[d, e])
    assert sorted((s.group_mode, s.needed) for s in added) == [(GroupMode.RATIO, 3)] * 2
    approval_decide(task=task, user=a, decision="reject", comment="不同意")
    assert outcome(process) is None  # 0 approved + c, d, e undecided: three may still approve
    approval_decide(task=task, user=d, decision="approve")
    approval_decide(task=task, user=e, decision="reject", comment="不同意")
    assert outcome(process) == "rejected"


def test_the_initiator_may_not_withdraw_once_someone_rejected(people, bureau):
    a, b, c = people[1:4]
    process, task = start(people, bureau, approvers=[a, b, c], needed=2)
    approval_decide(task=task, user=a, decision="reject", comment="不同意")
    with pytest.raises(ApplicationError) as caught:
        approval_withdraw(task=task, user=people[0])
    assert caught.value.code == "withdraw_not_allowed"


@pytest.mark.parametrize(
    ("approvers", "count", "percent", "needed"),
    [
        (5, None, "60", 3),
        (3, None, "50", 2),
        (3, None, "66.67", 3),
        (3, None, "66.66", 2),
        (10, None, "0.1", 1),
        (4, None, "100", 4),
        (4, None, "150", 4),
        (3, 2, None, 2),
        (3, 5, None, 3),
        (3, 0, None, 1),
    ],
)
def test_the_number_needed_is_a_count_or_a_share_rounded_up(approvers, count, percent, needed):
    assert ratio_needed(people=approvers, count=count, percent=percent) == needed


@pytest.mark.parametrize(("count", "percent"), [(None, None), (2, "50"), (None, "abc"), (None, "NaN")])
def test_the_number_needed_wants_one_number(count, percent):
    with pytest.raises(ValueError):
        ratio_needed(people=3, count=count, percent=percent)
