"""The end of a sign-off (加签 on a step decided by one person, workflows.approvals): its approval closes when the
step's own form is completed (workflows.execution) or when a signer rejects."""

from django.utils import timezone
from viewflow.workflow.models import Task

from workflows.models import Approval, ApprovalSlot
from workflows.slots import UNDECIDED, open_approval
from workflows.task_rules import people_of

Slot = ApprovalSlot.Status


def end_sign_off(approval: Approval, status: str) -> None:
    approval.status, approval.decided_at = status, timezone.now()
    approval.save(update_fields=["status", "decided_at"])
    approval.slots.filter(status__in=UNDECIDED).update(status=Slot.SKIPPED)


def sign_off_close(task: Task, actor) -> None:
    """The step's own form was completed (by the last approver of its sign-off): their place is decided and the
    approval ends approved. Called by workflows.execution whenever a step carrying a sign-off completes."""
    approval = open_approval(task)
    if approval is None:
        return
    approval.slots.filter(status=Slot.ACTIVE, user_id__in=people_of(actor)).update(
        status=Slot.APPROVED, decided_at=timezone.now()
    )
    end_sign_off(approval, Approval.Status.APPROVED)
