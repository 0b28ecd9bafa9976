"""The approval test flow's actions, run by the kit's engine: each decision on the review is an action, so its
event is written once, by the engine, with the case (the approval engine writes none of its own)."""

from rest_framework import serializers

from core.exceptions import ApplicationError
from workflows.approvals import approval_decide, approval_return, approval_withdraw, substitute_note
from workflows.kit.actions import Catalogue

ACTIONS = Catalogue()


class Decision(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class Return(serializers.Serializer):
    to_step = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)


def _decide(ctx, decision: str) -> None:
    approval = approval_decide(task=ctx.task, user=ctx.actor, decision=decision, comment=ctx.data["comment"])
    ctx.on_behalf_of, ctx.complete_task = substitute_note(approval.decided_slot, ctx.actor), False
    ctx.record = {"task_id": ctx.task.pk, "position": approval.decided_slot.position}


@ACTIONS.action(code="approve", label="同意", input=Decision, appointed="approver", node="review", bulk=True)
def approve(ctx):
    _decide(ctx, "approve")


@ACTIONS.action(code="reject", label="不同意", input=Decision, appointed="approver", node="review")
def reject(ctx):
    if not ctx.data["comment"].strip():
        raise ApplicationError("reason_required", "请说明不同意的理由。", fields={"comment": ["必填。"]})
    _decide(ctx, "reject")


@ACTIONS.action(code="return", label="退回", input=Return, appointed="approver", node="review")
def return_to(ctx):
    approval_return(task=ctx.task, user=ctx.actor, to_step=ctx.data["to_step"], reason=ctx.data["reason"])
    ctx.complete_task, ctx.reason = False, ctx.data["reason"]
    ctx.record = {"task_id": ctx.task.pk, "to": ctx.data["to_step"]}


@ACTIONS.action(code="withdraw", label="撤回", input=Decision, subject_may=True, node="review")
def withdraw(ctx):
    approval_withdraw(task=ctx.task, user=ctx.actor, authorised=True)
    ctx.complete_task = False
