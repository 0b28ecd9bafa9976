"""Evaluation API under /api/v1/evaluation/ (same rules as the pages; errors in the shared shape)."""

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from audit.models import AuditEvent
from core.api.inputs import client_facts
from workflows.evaluation import selectors
from workflows.evaluation.access import evaluation_case_for_user
from workflows.evaluation.actions import ACTIONS
from workflows.evaluation.engine import run_evaluation_action
from workflows.evaluation.export import XLSX, workbook
from workflows.evaluation.inputs import CaseOpenInput
from workflows.evaluation.models import CaseStatus, EvaluationCase, IndicatorSet, SchemeVersion
from workflows.evaluation.serializers import (
    EvaluationActionResultSerializer,
    EvaluationCaseDetailSerializer,
    EvaluationCaseListSerializer,
    EvaluationHistorySerializer,
    IndicatorSetSerializer,
    ResultSerializer,
    SchemeSerializer,
)
from workflows.evaluation.services import case_open


def detail_body(request, pk) -> dict:
    case = evaluation_case_for_user(request.user, pk, loaded=True)
    return EvaluationCaseDetailSerializer(case, context={"request": request}).data


class CaseListApi(ListAPIView):
    serializer_class = EvaluationCaseListSerializer
    queryset = EvaluationCase.objects.none()  # for the schema
    filterset_fields = ["school_year", "status", "community"]

    def get_queryset(self):
        return selectors.case_list(self.request.user)

    @extend_schema(request=CaseOpenInput, responses={201: EvaluationCaseDetailSerializer})
    def post(self, request):
        case = case_open(actor=request.user, payload=request.data, **client_facts(request))
        return Response(detail_body(request, case.pk), status=status.HTTP_201_CREATED)


class CaseDetailApi(GenericAPIView):
    serializer_class = EvaluationCaseDetailSerializer

    def get(self, request, pk):
        return Response(detail_body(request, pk))


class CaseActionApi(GenericAPIView):
    serializer_class = EvaluationActionResultSerializer

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted(ACTIONS))],
        description="Run one action (DOMAIN §4.4). Track actions name their track with `routine_id` or "
        "`project_id`; see each action's input in workflows.evaluation.inputs.",
    )
    def post(self, request, pk, action):
        case = evaluation_case_for_user(request.user, pk)
        result = run_evaluation_action(
            case_id=case.pk, code=action, actor=request.user, payload=request.data, **client_facts(request)
        )
        body = {"case": detail_body(request, case.pk), "event_id": result.event.pk, "warnings": result.warnings}
        return Response(body)


class CaseHistoryApi(ListAPIView):
    serializer_class = EvaluationHistorySerializer
    queryset = AuditEvent.objects.none()  # for the schema

    def get_queryset(self):
        self.case = evaluation_case_for_user(self.request.user, self.kwargs["pk"])
        return selectors.case_history(self.case)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "case"):
            context["restricted"] = self.case.status != CaseStatus.PUBLISHED and not selectors.sees_unpublished(
                self.request.user, self.case
            )
        return context


class CaseResultsApi(GenericAPIView):
    serializer_class = ResultSerializer
    queryset = EvaluationCase.objects.none()  # for the schema
    pagination_class = None  # every result version the viewer may see, as a plain list

    @extend_schema(responses=ResultSerializer(many=True))
    def get(self, request, pk):
        case = evaluation_case_for_user(request.user, pk, loaded=True)
        return Response(ResultSerializer(selectors.visible_results(case, request.user), many=True).data)


class CaseResultsXlsxApi(GenericAPIView):
    serializer_class = ResultSerializer
    queryset = EvaluationCase.objects.none()  # for the schema

    @extend_schema(responses={(200, XLSX): OpenApiResponse(description="The current result as a workbook.")})
    def get(self, request, pk):
        return xlsx_response(request, pk)


def xlsx_response(request, pk) -> HttpResponse:
    """The current result the viewer may see, as .xlsx; 404 while there is none."""
    case = evaluation_case_for_user(request.user, pk, loaded=True)
    results = selectors.visible_results(case, request.user)
    if not results:
        raise Http404
    response = HttpResponse(workbook(case, results[-1]), content_type=XLSX)
    name = f"evaluation-{case.community.code}-{case.school_year}-v{results[-1].version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class SchemeListApi(ListAPIView):
    serializer_class = SchemeSerializer
    queryset = SchemeVersion.objects.select_related("routine_set", "project_set", "feature_set").order_by("-pk")


class IndicatorSetListApi(ListAPIView):
    serializer_class = IndicatorSetSerializer
    queryset = IndicatorSet.objects.prefetch_related("indicators").order_by("track", "code", "-version")
    filterset_fields = ["track", "code"]
