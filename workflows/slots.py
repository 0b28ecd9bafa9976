"""Reads of a step's approval slots: whose turn it is, and on a sign-off who completes the step's own form.

A sign-off is the approval opened on a step otherwise decided by one person when its holder adds someone to
decide with them (加签 before, after or alongside them, workflows.approvals.approval_add). Its task carries
``data["sign_off"]`` (the holder's id, whose step it is when the round is declined) for good: a cheap test,
without a query, on every step an engine completes. Everyone in it
but the last undecided approver signs (同意) or declines; the last completes the step's own form, through the
process's own action, so the step still ends the way it always does."""

from workflows.models import Approval, ApprovalSlot

SIGN_OFF = "sign_off"
UNDECIDED = (ApprovalSlot.Status.WAITING, ApprovalSlot.Status.ACTIVE)


def is_sign_off(task) -> bool:
    return bool((task.data or {}).get(SIGN_OFF))


def open_approval(task) -> Approval | None:
    return Approval.objects.filter(task_id=task.pk, status=Approval.Status.OPEN).first()


def active_slot(approval: Approval, people: list[int]) -> ApprovalSlot | None:
    """The slot whose turn it is of the first of ``people`` (the user, then those they stand in for) holding one."""
    slots = approval.slots.filter(user_id__in=people, status=ApprovalSlot.Status.ACTIVE).select_related("user")
    return min(slots, key=lambda slot: (people.index(slot.user_id), slot.position, slot.pk), default=None)


def waits_for_turn(approval: Approval, people: list[int]) -> bool:
    return approval.slots.filter(user_id__in=people, status=ApprovalSlot.Status.WAITING).exists()


def fills_the_form(approval: Approval, slot: ApprovalSlot) -> bool:
    """On a sign-off: the slot is the only one still undecided, so its approver completes the step's form."""
    return not approval.slots.filter(status__in=UNDECIDED).exclude(pk=slot.pk).exists()


def is_form_slot(approval: Approval, slot: ApprovalSlot) -> bool:
    """The slot is in the last group of the sign-off: its approver may end up completing the step's form."""
    last = approval.slots.filter(status__in=UNDECIDED).order_by("-position").values_list("position", flat=True)
    return slot.position == last.first()
