"""The test process as the kit runs it: two actions (submit, decide), its places, state and API."""

from django.db import transaction
from rest_framework import serializers

from accounts.permissions import subtree_q
from audit.services import audit_record
from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError
from tests.kit_process.flows import LeaveFlow
from tests.kit_process.models import Leave, Stage
from workflows.announce import holders_of
from workflows.business_days import add_working_days
from workflows.kit.actions import Catalogue, Result
from workflows.kit.registry import Api, Collection, Pages, ProcessType

SCHOOL_LEAD = "submit_school_applications"
ACTIONS = Catalogue()


class SubmitInput(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class DecideInput(serializers.Serializer):
    approved = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False)


class CreateInput(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=30)


@ACTIONS.action(
    code="submit",
    label="提交请假",
    input=SubmitInput,
    subject_may=True,
    node="draft",
    when=lambda leave: leave.stage == Stage.DRAFT,
)
def submit(ctx):
    ctx.case.days, ctx.case.stage = ctx.data["days"], Stage.SUBMITTED
    ctx.case.due = add_working_days(ctx.today, 3).date


@ACTIONS.action(
    code="decide",
    label="审批请假",
    input=DecideInput,
    perm=SCHOOL_LEAD,
    where="school",
    node="review",
    when=lambda leave: leave.stage == Stage.SUBMITTED,
    bulk=True,
)
def decide(ctx):
    if not ctx.data["approved"] and not ctx.reason.strip():
        raise ApplicationError("reason_required", "请说明不批准的理由。", fields={"reason": ["必填。"]})
    ctx.case.stage = Stage.APPROVED if ctx.data["approved"] else Stage.REJECTED
    ctx.case.decided_on = ctx.date


class LeaveSerializer(serializers.ModelSerializer):
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Leave
        fields = ["id", "school", "initiator", "days", "stage", "decided_on", "available_actions"]

    def get_available_actions(self, leave) -> list[str]:
        return self.context.get("available_actions", [])


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()


def around(user):
    """Every request of a school where the user holds the lead's right or sees cases (and, as the kit adds, their own
    requests and those they are copied on)."""
    return subtree_q(user, SCHOOL_LEAD, "school__path") | subtree_q(user, "see_cases", "school__path")


def create(*, actor, payload, client_type="", ip=None) -> Result:
    data = validated(CreateInput, payload)
    school = actor.memberships.select_related("organisation").first().organisation
    with transaction.atomic():
        leave = LeaveFlow.start.run(school=school, initiator=actor, days=data["days"])
        event = audit_record(
            process="leave",
            case_id=leave.pk,
            action="create",
            actor=actor,
            organisation=school,
            business_date=business_today(),
            to_state=leave.stage,
            client_type=client_type,
            ip=ip,
        )
    return Result(case=leave, event=event, warnings=[])


def process_type() -> ProcessType:
    return ProcessType(
        code="leave",
        label="请假申请",
        flow_class=LeaveFlow,
        visible_q=around,
        describe=lambda case: (case.initiator.real_name, case.school.name, case.get_stage_display()),
        task_related=("process__leave__initiator", "process__leave__school"),
        organisation_path_lookup="process__leave__school__path",
        subject_name_lookup="process__leave__initiator__real_name",
        supervisors=lambda case: holders_of(SCHOOL_LEAD, case.school),
        case_related=("school", "initiator"),
        actions=ACTIONS,
        places={"school": lambda leave, target: [leave.school]},
        subject_of=lambda leave: leave.initiator_id,
        state_field="stage",
        step_due=lambda leave, node: leave.due if node == "review" else None,
        due_lookup="process__leave__due",
        api=Api(
            collections=(Collection("leave/requests", "leave"),),
            list_serializer=LeaveSerializer,
            detail_serializer=LeaveSerializer,
            create_input=CreateInput,
            create=create,
            history_serializer=EventSerializer,
        ),
        pages=Pages(
            prefix="leave",
            case_name="leave-case",
            step_name="leave-step",
            title=lambda leave: f"{leave.initiator.real_name} · {leave.days} 天",
            organisation_field="school",
            field_labels={"days": "请假天数", "approved": "批准", "reason": "理由"},
        ),
    )
