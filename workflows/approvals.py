"""Multi-person approval of one step (DOMAIN §1.3): 依次, 会签, 或签, 加签 before/after/in parallel, 退回 to
an earlier step on the case's path, and 撤回 by the initiator before anyone has acted.

An approval is ordered groups of approvers; groups run one after another, and within a group either
everyone must approve (会签) or the first decides (或签). The step's viewflow task stays open until the
approval ends; then the outcome is written to ``process.data["outcome"]`` (with ``return_to`` for a
return or withdrawal) and the task completes, so the flow's own gates route the case on.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from workflows.access import delegators_of, holds_working_right, may_approve_case
from workflows.announce import announce_open_tasks
from workflows.locking import lock_case_rows
from workflows.models import Approval, ApprovalSlot, GroupMode
from workflows.registry import process_type_of

SEQUENTIAL, ALL, ANY = "sequential", "all", "any"
Slot = ApprovalSlot.Status


def approval_open(*, task: Task, approvers: list, mode: str) -> Approval:
    """Start the approval of a step whose task was just created (called from the node's onCreate)."""
    if mode == SEQUENTIAL:
        return approval_open_groups(task=task, groups=[(ALL, [user]) for user in approvers])
    return approval_open_groups(task=task, groups=[(mode, approvers)])


def approval_open_groups(*, task: Task, groups: list[tuple[str, list]]) -> Approval:
    """Start an approval of ordered groups, each 会签 (ALL) or 或签 (ANY): e.g. one lead of each school."""
    if not groups or not all(approvers for _mode, approvers in groups):
        raise ApplicationError("approvers_missing", _("This step needs at least one approver."))
    approval = Approval.objects.create(task=task)
    ApprovalSlot.objects.bulk_create(
        ApprovalSlot(
            approval=approval, user=user, position=position, group_mode=GroupMode.ANY if mode == ANY else GroupMode.ALL
        )
        for position, (mode, approvers) in enumerate(groups)
        for user in approvers
    )
    _activate_next_group(approval)
    return approval


def _activate_next_group(approval: Approval) -> bool:
    """Make the first group that still has undecided approvers active; False when none is left."""
    waiting = approval.slots.filter(status__in=[Slot.WAITING, Slot.ACTIVE]).order_by("position").first()
    if waiting is None:
        return False
    approval.slots.filter(position=waiting.position, status=Slot.WAITING).update(status=Slot.ACTIVE)
    return True


def _locked(task: Task) -> tuple[Task, Approval]:
    """Lock the case (the same rows every step engine locks) and re-read the step and its approval."""
    lock_case_rows(task.process_id, task.flow_task.flow_class)
    task = Task.objects.select_related("process").get(pk=task.pk)
    approval = Approval.objects.filter(task=task).first()
    if approval is None:
        raise ApplicationError("not_an_approval", _("This step is not decided by approvers."))
    if approval.status != Approval.Status.OPEN:
        raise ConflictError("task_changed", _("This step has already been decided."))
    return task, approval


def _active_slot(approval: Approval, user) -> ApprovalSlot:
    """The approver's own slot whose turn it is, or that of someone they substitute for (代理)."""
    people = [user.pk, *delegators_of(user)]
    own = approval.slots.filter(user=user, status=Slot.ACTIVE).first()
    slot = own or approval.slots.filter(user__in=people[1:], status=Slot.ACTIVE).select_related("user").first()
    if slot is not None:
        return slot
    if approval.slots.filter(user__in=people, status=Slot.WAITING).exists():
        raise ApplicationError("not_your_turn", _("Earlier approvers have not decided yet."))
    raise PermissionDenied


def _audit(task: Task, action: str, actor, **fields):
    process_type = process_type_of(task.process)
    return audit_record(
        process=process_type.code,
        case_id=task.process_id,
        organisation=process_type.organisation_of(process_type.case_of(task.process)),  # the case's auditors see it
        action=action,
        actor=actor,
        business_date=business_today(),
        **fields,
    )


def _finish(task: Task, approval: Approval, status: str, actor, *, return_to: str | None = None) -> None:
    approval.status, approval.decided_at = status, timezone.now()
    approval.save(update_fields=["status", "decided_at"])
    approval.slots.filter(status__in=[Slot.WAITING, Slot.ACTIVE]).update(status=Slot.SKIPPED)
    process = task.process
    process.data = {**(process.data or {}), "outcome": status, "return_to": return_to}
    process.save(update_fields=["data"])
    with task.activation() as activation:
        activation.assign(actor)
        activation.start(None)
        activation.execute()


@transaction.atomic
def approval_decide(*, task: Task, user, decision: str, comment: str = "", audited: bool = True) -> Approval:
    """Approve or reject as the approver whose turn it is. A process that records its own event for the
    decision (with its state change) passes ``audited=False``."""
    task, approval = _locked(task)
    slot = _active_slot(approval, user)
    if decision not in ("approve", "reject"):
        raise ApplicationError("decision_unknown", _("Approve or reject."))
    if decision == "reject" and not comment.strip():
        raise ApplicationError("reason_required", _("Give a reason for rejecting."))
    slot.status = Slot.APPROVED if decision == "approve" else Slot.REJECTED
    slot.comment, slot.decided_at = comment, timezone.now()
    slot.save(update_fields=["status", "comment", "decided_at"])
    on_behalf = "" if slot.user_id == user.pk else str(_("on behalf of %(name)s") % {"name": slot.user.real_name})
    if audited:
        _audit(
            task,
            decision,
            user,
            comment=comment,
            on_behalf_of=on_behalf,
            data={"task_id": task.pk, "position": slot.position},
        )
    if decision == "reject":
        _finish(task, approval, Approval.Status.REJECTED, user)
    else:
        group = approval.slots.filter(position=slot.position)
        if slot.group_mode == GroupMode.ANY:
            group.filter(status=Slot.ACTIVE).update(status=Slot.SKIPPED)
        if not group.filter(status=Slot.ACTIVE).exists() and not _activate_next_group(approval):
            _finish(task, approval, Approval.Status.APPROVED, user)
    announce_open_tasks(task.process_id)
    return approval


@transaction.atomic
def approval_add(*, task: Task, user, new_user, where: str) -> ApprovalSlot:
    """加签: someone decides before me, after me, or alongside me."""
    task, approval = _locked(task)
    slot = _active_slot(approval, user)
    if where not in ("before", "after", "parallel"):
        raise ApplicationError("add_position_unknown", _("Before, after or in parallel."))
    if not holds_working_right(user, task.process):  # e.g. an auditor added before the rule below existed
        raise PermissionDenied
    if (
        not may_approve_case(new_user, task.process)
        or approval.slots.filter(user=new_user, status__in=[Slot.WAITING, Slot.ACTIVE]).exists()
    ):
        raise ApplicationError("approver_ineligible", _("This person cannot be added here."))
    position = slot.position
    if where == "before":
        approval.slots.filter(position__gte=position).update(position=F("position") + 1)
        approval.slots.filter(position=position + 1, status=Slot.ACTIVE).update(status=Slot.WAITING)
        added = ApprovalSlot.objects.create(
            approval=approval, user=new_user, position=position, status=Slot.ACTIVE, added_by=user, added_as=where
        )
    elif where == "after":
        approval.slots.filter(position__gt=position).update(position=F("position") + 1)
        added = ApprovalSlot.objects.create(
            approval=approval, user=new_user, position=position + 1, added_by=user, added_as=where
        )
    else:
        added = ApprovalSlot.objects.create(
            approval=approval,
            user=new_user,
            position=position,
            group_mode=slot.group_mode,
            status=Slot.ACTIVE,
            added_by=user,
            added_as=where,
        )
    _audit(task, "add_approver", user, data={"task_id": task.pk, "approver": new_user.pk, "where": where})
    announce_open_tasks(task.process_id)
    return added


def _path(task: Task) -> set[str]:
    """Steps the case has been through (completed human steps)."""
    done = Task.objects.filter(process_id=task.process_id, status="DONE", flow_task_type="HUMAN")
    return {t.flow_task.name for t in done}


@transaction.atomic
def approval_return(*, task: Task, user, to_step: str, reason: str, audited: bool = True) -> Approval:
    """退回: back to an earlier step of this case's path that the flow allows returning to."""
    task, approval = _locked(task)
    _active_slot(approval, user)
    if not reason.strip():
        raise ApplicationError("reason_required", _("Give a reason for returning the case."))
    allowed = getattr(task.flow_task.flow_class, "return_targets", {}).get(task.flow_task.name, ())
    if to_step not in allowed or to_step not in _path(task):
        raise ApplicationError("return_target_invalid", _("The case can only go back to a step it has passed."))
    if audited:
        _audit(task, "return", user, reason=reason, data={"task_id": task.pk, "to": to_step})
    _finish(task, approval, Approval.Status.RETURNED, user, return_to=to_step)
    _prefill(task.process_id, to_step)
    announce_open_tasks(task.process_id)
    return approval


def _prefill(process_id: int, step: str) -> None:
    """The step handed back opens with what was submitted there last time (its ``submitted`` data)."""
    tasks = [t for t in Task.objects.filter(process_id=process_id).order_by("-pk") if t.flow_task.name == step]
    reopened = next((t for t in tasks if t.status in ("NEW", "ASSIGNED")), None)
    previous = next((t for t in tasks if t.status == "DONE"), None)
    if reopened is not None and previous is not None and (previous.data or {}).get("submitted"):
        reopened.data = {**(reopened.data or {}), "prefill": previous.data["submitted"]}
        reopened.save(update_fields=["data"])


@transaction.atomic
def approval_withdraw(*, task: Task, user, authorised: bool = False, audited: bool = True) -> Approval:
    """撤回: the initiator takes the case back while nobody has decided on the step yet. A process whose
    rule is wider (any lead of the submitting school) checks it itself and passes ``authorised``."""
    task, approval = _locked(task)
    flow_class = task.flow_task.flow_class
    case = process_type_of(task.process).case_of(task.process)
    if not authorised and getattr(case, "initiator_id", None) != user.pk:
        raise PermissionDenied
    if approval.slots.filter(status__in=[Slot.APPROVED, Slot.REJECTED]).exists():
        raise ApplicationError("withdraw_not_allowed", _("A reviewer has already acted; the case cannot be withdrawn."))
    if audited:
        _audit(task, "withdraw", user, data={"task_id": task.pk})
    _finish(task, approval, Approval.Status.WITHDRAWN, user, return_to=getattr(flow_class, "withdraw_to", None))
    announce_open_tasks(task.process_id)
    return approval
