"""Inbox and step actions for every process, under /api/v1/ (tasks, cases, inbox filters, delegation)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from viewflow.workflow.models import Process, Task

from core.api.inputs import body_of, client_facts, validated
from core.api.schema import ERROR_REF
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows import approvals, services
from workflows.access import task_for_user
from workflows.inbox import inbox_rows
from workflows.kit.engine import run_action
from workflows.kit.registry import PROCESS_TYPES
from workflows.models import Approval, Delegation, SavedFilter
from workflows.rows import task_row
from workflows.serializers import (
    AddApproverSerializer,
    ApprovalResultSerializer,
    BulkResultSerializer,
    BulkSerializer,
    CaseActionResultSerializer,
    CcSerializer,
    CommentResultSerializer,
    CommentSerializer,
    DecisionSerializer,
    DelegationResultSerializer,
    DelegationSerializer,
    InboxQuerySerializer,
    ReturnSerializer,
    RowSerializer,
    SavedFilterSerializer,
    StepResultSerializer,
    TransferSerializer,
)
from workflows.task_rules import decided_by_approval


class TaskListApi(GenericAPIView):
    serializer_class = RowSerializer
    queryset = Task.objects.none()  # for the schema; the boxes build their own querysets

    @extend_schema(parameters=[InboxQuerySerializer], responses=RowSerializer(many=True))
    def get(self, request):
        params = {**request.query_params.dict(), **validated(InboxQuerySerializer, request.query_params)}
        queryset, row = inbox_rows(request.user, params)
        page = self.paginate_queryset(queryset)
        today = business_today()
        return self.get_paginated_response(RowSerializer([row(item, today) for item in page], many=True).data)


TASK_ACTIONS = ["claim", "unclaim", "complete", "transfer", "comment", "add_approver", "return", "withdraw"]
CASE_ACTIONS = ["withdraw", "remind", "cc"]


class TaskActionApi(GenericAPIView):
    serializer_class = RowSerializer

    @extend_schema(
        request=None,
        responses={
            200: PolymorphicProxySerializer(
                component_name="TaskActionResult",
                serializers=[RowSerializer, ApprovalResultSerializer, StepResultSerializer],
                resource_type_field_name=None,
            ),
            201: CommentResultSerializer,
            429: OpenApiResponse(ERROR_REF, description="comment_rate_exceeded: more comments than COMMENT_RATE"),
        },
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=TASK_ACTIONS)],
        description="claim | unclaim | complete (body: the step's input) | transfer | comment",
    )
    def post(self, request, pk, action):
        task = task_for_user(request.user, pk)
        if action == "claim":
            task = services.task_claim(task=task, user=request.user)
        elif action == "unclaim":
            task = services.task_unclaim(task=task, user=request.user)
        elif action == "transfer":
            data = validated(TransferSerializer, request.data)
            task = services.task_transfer(
                task=task, user=request.user, to_user=data["to_user_id"], reason=data["reason"]
            )
        elif action == "comment":
            data = validated(CommentSerializer, request.data)
            comment = services.comment_add(
                process=task.process,
                task=task,
                author=request.user,
                body=data["body"],
                attachments=data["attachment_ids"],
            )
            return Response({"comment_id": comment.pk}, status=201)
        elif action == "complete" and decided_by_approval(request.user, task):
            data = validated(DecisionSerializer, request.data)
            services.task_complete(
                task=task, user=request.user, payload={**request.data, **data}, **client_facts(request)
            )
            return Response({"task_id": task.pk, "approval": Approval.objects.get(task=task).status})
        elif action == "complete":
            result = services.task_complete(task=task, user=request.user, payload=request.data, **client_facts(request))
            return Response({"event_id": result.event.pk, "warnings": result.warnings})
        elif action == "add_approver":
            data = validated(AddApproverSerializer, request.data)
            approvals.approval_add(task=task, user=request.user, new_user=data["user_id"], where=data["where"])
            return Response({"task_id": task.pk, "approval": "open"})
        elif action == "return":
            data = validated(ReturnSerializer, request.data)
            approval = services.task_return(
                task=task, user=request.user, to_step=data["to_step"], reason=data["reason"], **client_facts(request)
            )
            return Response({"task_id": task.pk, "approval": approval.status})
        elif action == "withdraw":
            approval = services.task_withdraw(task=task, user=request.user, **client_facts(request))
            return Response({"task_id": task.pk, "approval": approval.status})
        else:
            raise ApplicationError("unknown_action", _("Unknown action."), status=404)
        task.refresh_from_db()
        return Response(RowSerializer(task_row(task, business_today())).data)


class TaskBulkApi(GenericAPIView):
    serializer_class = BulkSerializer
    queryset = Task.objects.none()  # for the schema
    pagination_class = None  # one result per task asked for, all of them

    @extend_schema(request=BulkSerializer, responses=BulkResultSerializer(many=True))
    def post(self, request):
        data = validated(BulkSerializer, request.data)
        results = services.tasks_bulk(
            user=request.user,
            action=data["action"],
            task_ids=data["task_ids"],
            payload=data["payload"],
            **client_facts(request),
        )
        return Response(results)


class CaseActionApi(GenericAPIView):
    serializer_class = CcSerializer

    @extend_schema(
        request=CcSerializer,
        responses={
            200: CaseActionResultSerializer,
            429: OpenApiResponse(ERROR_REF, description="remind_too_soon: reminded within REMIND_INTERVAL_HOURS"),
        },
        description="withdraw | remind | cc (body: user_ids)",
        parameters=[
            OpenApiParameter("process", str, OpenApiParameter.PATH, enum=sorted(PROCESS_TYPES)),
            OpenApiParameter("action", str, OpenApiParameter.PATH, enum=CASE_ACTIONS),
        ],
    )
    def post(self, request, process, pk, action):
        process_type = PROCESS_TYPES.get(process)
        if process_type is None or not process_type.visible_cases(request.user).filter(pk=pk).exists():
            raise Http404
        case = Process.objects.get(pk=pk)
        if action == "remind":
            reminders = services.case_remind(process=case, actor=request.user)
            return Response({"reminded_task_ids": [r.task_id for r in reminders]})
        if action == "cc":
            data = validated(CcSerializer, request.data)
            services.case_cc(process=case, actor=request.user, users=data["user_ids"])
            return Response({"cc_user_ids": [u.pk for u in data["user_ids"]]})
        if action == "withdraw" and Approval.objects.filter(task__process_id=pk, status="open").exists():
            task = Task.objects.get(process_id=pk, approval__status="open")
            approval = services.task_withdraw(task=task, user=request.user, **client_facts(request))
            return Response({"task_id": task.pk, "approval": approval.status})
        if action == "withdraw":
            result = run_action(
                process=process_type,
                case_id=pk,
                code="withdraw",
                actor=request.user,
                payload={"date": business_today(), **body_of(request)},
                **client_facts(request),
            )
            return Response({"event_id": result.event.pk})
        raise ApplicationError("unknown_action", _("Unknown action."), status=404)


class SavedFilterApi(GenericAPIView):
    serializer_class = SavedFilterSerializer  # paginated: filters shared with an organisation can be many

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no user
            return SavedFilter.objects.none()
        return services.saved_filters_for(self.request.user)

    @extend_schema(responses=SavedFilterSerializer(many=True))
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(SavedFilterSerializer(page, many=True).data)

    @extend_schema(responses={201: SavedFilterSerializer})
    def post(self, request):
        data = validated(SavedFilterSerializer, request.data)
        saved = services.saved_filter_create(
            owner=request.user, name=data["name"], params=data["params"], shared_with=data.get("shared_with")
        )
        return Response(SavedFilterSerializer(saved).data, status=201)


class SavedFilterDetailApi(GenericAPIView):
    serializer_class = SavedFilterSerializer
    queryset = SavedFilter.objects.none()  # for the schema

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        """Delete a saved filter: its owner, or for a shared one the organisation's administrator (audited)."""
        saved = services.saved_filter_for_user(request.user, pk, delete=True)
        services.saved_filter_delete(user=request.user, saved=saved)
        return Response(status=204)


class DelegationApi(GenericAPIView):
    serializer_class = DelegationSerializer

    @extend_schema(responses=DelegationResultSerializer)
    def get(self, request):
        current = Delegation.objects.filter(user=request.user, ends_on__gte=business_today()).order_by("-pk").first()
        return Response({"delegation": DelegationSerializer(current).data if current else None})

    @extend_schema(request=DelegationSerializer, responses=DelegationResultSerializer)
    def put(self, request):
        data = validated(DelegationSerializer, request.data)
        substitute = data.get("substitute")
        if substitute is not None and ("starts_on" not in data or "ends_on" not in data):
            raise ApplicationError("dates_required", _("Give the first and last day."))
        delegation = services.delegation_set(
            user=request.user, substitute=substitute, starts_on=data.get("starts_on"), ends_on=data.get("ends_on")
        )
        return Response({"delegation": DelegationSerializer(delegation).data if delegation else None})
