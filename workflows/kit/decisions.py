"""Approval decisions declared on an action (``Action.decision``: 同意/拒绝/退回/撤回), recorded by the kit.

On a step decided by approvers (workflows.approvals), the action's own refusals run first (``Action.check``), then
the decision is recorded on the step's approval as the actor's — with the input's comment (同意) or reason (拒绝,
退回) — and only then the handler runs, reading the approval (``ctx.approval``: its status tells whether the step
ended). The approval completes the step when it ends, so the engine leaves the task alone. A withdrawal (撤回) is
the action's declared right (checked by the engine before), not the initiator's alone.
"""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError
from workflows import approvals
from workflows.kit.actions import Context


def run(ctx: Context) -> None:
    """The action's handler, after its declared decision (if any) was recorded."""
    action = ctx.action
    if action.decision:
        if action.check is not None:
            action.check(ctx)
        ctx.approval = decide(ctx)
        ctx.complete_task = False  # the approval completes the step when it ends
    action.handler(ctx)


def decide(ctx: Context):
    """Record ``ctx.action.decision`` on the approval of ``ctx.task`` as ``ctx.actor``; set who they stood in for."""
    action, reason = ctx.action, ctx.reason.strip()
    if action.decision in ("reject", "return") and not reason:
        raise ApplicationError("reason_required", _("Give a reason."), fields={"reason": [str(_("Required."))]})
    if action.decision == "return":
        return approvals.approval_return(task=ctx.task, user=ctx.actor, to_step=action.return_to, reason=reason)
    if action.decision == "withdraw":
        return approvals.approval_withdraw(task=ctx.task, user=ctx.actor, authorised=True)
    comment = reason if action.decision == "reject" else ctx.data.get("comment", "")
    announced = hasattr(ctx.case, "task_set")  # the engine announces a viewflow case's open steps after its event
    approval = approvals.approval_decide(
        task=ctx.task, user=ctx.actor, decision=action.decision, comment=comment, announce=not announced
    )
    ctx.on_behalf_of = approvals.substitute_note(approval.decided_slot, ctx.actor)  # type: ignore[attr-defined]
    return approval
