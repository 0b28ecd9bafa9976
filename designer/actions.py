"""A designed case's actions, run by the kit's engine: start it (the initiator, from a published version), decide a
step (同意, 拒绝 — on the step's approval, so 依次/会签/或签/比例 hold — or 办理 a handling step, or submit again after
退回), send it back (退回) to the initiator or an earlier node, withdraw it (撤回) before anyone decided."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from viewflow.workflow.status import PROCESS

from core.exceptions import ApplicationError
from designer import walking
from designer.models import Stage
from designer.values import changed_values
from workflows.kit.actions import Catalogue, Context
from workflows.models import Approval, ApprovalSlot

ACTIONS = Catalogue()
LIVE = frozenset({Stage.RUNNING, Stage.RETURNED})


class StepInput(serializers.Serializer):
    task = serializers.IntegerField(required=False)  # the step (a case has several open in parallel branches)
    values = serializers.DictField(required=False, default=dict)  # the fields this step may edit
    next_people = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReasonInput(serializers.Serializer):
    task = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ReturnInput(ReasonInput):
    to = serializers.CharField(max_length=40)  # "initiator" or an earlier node's id


def _live(case) -> bool:
    return case.stage in LIVE


def _node(ctx: Context) -> dict:
    return walking.node_named(ctx.case.definition_version.document, ctx.task.data["node"]) or {}


def _kind(ctx: Context) -> str:
    return (ctx.task.data or {}).get("kind", "")


def _before_decision(ctx: Context) -> None:
    """Before the decision is recorded (it may move the case on at once): what this step may edit, validated and
    kept on the case; the people this approver chose for the next node."""
    kind = _kind(ctx)
    if ctx.action.decision == "reject" and kind != "approval":
        raise ApplicationError("decision_not_available", _("This step is done, not approved or rejected."))
    if ctx.action.decision == "reject":
        return
    node = _node(ctx)
    if ctx.data["values"] or kind in ("handling", "resubmit"):
        ctx.case.values, ctx.record["changed"] = changed_values(ctx, node, kind)
    if ctx.data["next_people"]:
        if not node.get("choose_next"):
            raise ApplicationError("next_people_not_asked", _("This step does not choose the next approvers."))
        ctx.case.data = {**(ctx.case.data or {}), "chosen_next": ctx.data["next_people"]}
    elif node.get("choose_next") and ctx.action.decision == "approve":
        message = _("Choose who acts at the next step.")
        raise ApplicationError("next_people_missing", message, fields={"next_people": [str(message)]})
    ctx.saved()


def _recorded(ctx: Context) -> None:
    """The audit event names the node and what passed at once after it."""
    approval = ctx.approval
    stays = approval is not None and approval.status == Approval.Status.OPEN  # others still decide the step
    if not stays and not getattr(ctx.case, "walked", False):  # else the case the engine holds is up to date
        ctx.case.refresh_from_db(fields=["walk", "stage", "data", "status", "finished"])
    announced = ctx.open_tasks or []
    if stays and not getattr(approval, "turn_moved", False) and ctx.task in announced:
        announced.remove(ctx.task)  # those whose turn it is were told when it came (designer.spec._prepare)
    passed = (ctx.case.data or {}).get("passed", [])
    ctx.record = {**ctx.record, "task": ctx.task.pk, "node": ctx.task.data.get("node"), "passed": passed}
    ctx.comment = ctx.data.get("comment", "")


def _step(**spec):
    return ACTIONS.action(node="act", appointed="APPROVER", when=_live, **spec)


@_step(code="approve", label=_("Approve"), input=StepInput, decision="approve", check=_before_decision)
def approve(ctx: Context) -> None:
    _recorded(ctx)


@_step(code="handle", label=_("Done"), input=StepInput, decision="approve", check=_before_decision)
def handle(ctx: Context) -> None:
    _recorded(ctx)


@_step(code="reject", label=_("Reject"), input=ReasonInput, decision="reject", check=_before_decision)
def reject(ctx: Context) -> None:
    _recorded(ctx)


@_step(code="send_back", label=_("Return"), input=ReturnInput, decisions=("return",))
def send_back(ctx: Context) -> None:
    """退回 to the initiator or an earlier node the node allows; the reason is required."""
    from designer.definition import walk

    if not ctx.reason.strip():
        raise ApplicationError("reason_required", _("Give a reason."), fields={"reason": [str(_("Required."))]})
    if _kind(ctx) != "approval":
        raise ApplicationError("decision_not_available", _("This step is done, not approved or rejected."))
    targets = walk.return_targets(ctx.case.definition_version.document, ctx.case.walk, ctx.task.data["node"])
    if ctx.data["to"] not in targets:
        raise ApplicationError(
            "return_target_invalid", _("The case can only go back to a step it has passed."), fields={"to": targets}
        )
    approval = Approval.objects.get(task=ctx.task)
    approval.status, approval.decided_at = Approval.Status.RETURNED, timezone.now()
    approval.save(update_fields=["status", "decided_at"])
    approval.slots.filter(status__in=[ApprovalSlot.Status.WAITING, ApprovalSlot.Status.ACTIVE]).update(
        status=ApprovalSlot.Status.SKIPPED
    )
    ctx.case.data = {**(ctx.case.data or {}), "outcome": walking.RETURNED, "return_to": ctx.data["to"]}
    ctx.record = {"task": ctx.task.pk, "node": ctx.task.data["node"], "to": ctx.data["to"]}


@ACTIONS.action(code="withdraw", label=_("Withdraw"), input=ReasonInput, subject_may=True, when=_live)
def withdraw(ctx: Context) -> None:
    """撤回 by the initiator while nobody has decided anything (and the process allows it)."""
    from designer.definition import walk

    document = ctx.case.definition_version.document
    if not walk.may_withdraw(document, ctx.case.walk):
        raise ApplicationError("withdraw_not_allowed", _("Someone has already decided: the case cannot be withdrawn."))
    step = walk.withdraw(document, ctx.case.walk)
    walking.take(ctx.case, step)
    walking.cancel(ctx.case.pk, None)
    ctx.case.status, ctx.case.finished = PROCESS.DONE, timezone.now()
