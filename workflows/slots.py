"""Reads of a step's approval slots: whose turn it is, and on a sign-off who completes the step's own form.

A sign-off is the approval opened on a step otherwise decided by one person when its holder adds someone to
decide with them (加签 before, after or alongside them, workflows.approvals.approval_add). Its task carries
``data["sign_off"]`` (the holder's id, whose step it is when the round is declined) for good: a cheap test,
without a query, on every step an engine completes. Everyone in it
but the last undecided approver signs (同意) or declines; the last completes the step's own form, through the
process's own action, so the step still ends the way it always does.

A 比例 (ratio) group is decided by a count: it is approved once ``needed`` of its approvers approved, and rejected
only once that count can no longer be reached (``tally``)."""

import math
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db.models import Count, Max, Q

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


class Tally(NamedTuple):
    """Where a ratio group stands: how many approvals it needs, has, and may still get."""

    needed: int
    approved: int
    undecided: int

    @property
    def reached(self) -> bool:
        return self.approved >= self.needed

    @property
    def reachable(self) -> bool:
        return self.approved + self.undecided >= self.needed


def tally(approval: Approval, position: int) -> Tally:
    """The ratio group at ``position``, counted in one query (its slots all carry the same ``needed``)."""
    counts = approval.slots.filter(position=position).aggregate(
        needed=Max("needed"),
        approved=Count("pk", filter=Q(status=ApprovalSlot.Status.APPROVED)),
        undecided=Count("pk", filter=Q(status__in=UNDECIDED)),
    )
    return Tally(counts["needed"] or 1, counts["approved"], counts["undecided"])


def ratio_needed(*, people: int, count: int | None = None, percent: str | None = None) -> int:
    """How many of ``people`` approvers a ratio needs: ``count`` of them, or ``percent`` of them rounded up
    (exactly: 60 % of 5 is 3, 50 % of 3 is 2), never fewer than one nor more than there are."""
    if (count is None) == (percent is None):
        raise ValueError("ratio_needed: give a count or a percent")
    if count is None:
        try:
            share = Decimal(str(percent)) * people / 100
        except InvalidOperation:
            raise ValueError(f"ratio_needed: not a number: {percent!r}") from None
        if not share.is_finite():
            raise ValueError(f"ratio_needed: not a number: {percent!r}")
        count = math.ceil(share)
    return max(1, min(int(count), people))
