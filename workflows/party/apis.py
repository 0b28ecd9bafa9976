"""Party-case API under /api/v1/party/ (same rules as the pages; errors in the shared shape)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from audit.models import AuditEvent
from core.api.inputs import client_facts
from core.dates import business_today
from workflows.party import selectors
from workflows.party.access import party_case_for_user
from workflows.party.actions import ACTIONS
from workflows.party.engine import run_action
from workflows.party.inputs import ActionInput, SubmitApplicationInput
from workflows.party.models import PartyCase, PoliticalReview
from workflows.party.serializers import (
    ActionResultSerializer,
    CaseDetailSerializer,
    CaseListSerializer,
    HistorySerializer,
    PoliticalReviewSerializer,
)
from workflows.party.services import political_review_read
from workflows.party.steps.application import case_submit


def detail_body(case: PartyCase, request) -> dict:
    steps = selectors.open_steps(case)
    context = {
        "request": request,
        "today": business_today(),
        "open_steps": steps,
        "available_actions": selectors.available_actions(case, request.user, steps),
    }
    return CaseDetailSerializer(case, context=context).data


class CaseListApi(ListAPIView):
    serializer_class = CaseListSerializer
    queryset = PartyCase.objects.none()  # for the schema
    filterset_fields = ["identity", "case_status", "branch", "next_action"]
    search_fields = ["person__real_name", "person__username"]
    ordering_fields = ["next_due", "application_date", "id"]

    def get_queryset(self):
        return selectors.case_list(self.request.user)

    def get_serializer_context(self):
        return super().get_serializer_context() | {"today": business_today()}

    @extend_schema(request=SubmitApplicationInput, responses={201: CaseDetailSerializer})
    def post(self, request):
        case = case_submit(actor=request.user, payload=request.data, **client_facts(request))
        return Response(detail_body(case, request), status=status.HTTP_201_CREATED)


class CaseDetailApi(GenericAPIView):
    serializer_class = CaseDetailSerializer

    def get(self, request, pk):
        return Response(detail_body(party_case_for_user(request.user, pk), request))


class CaseActionApi(GenericAPIView):
    serializer_class = ActionResultSerializer

    @extend_schema(
        request=ActionInput,
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted(ACTIONS))],
        description="Run one step action. Every action takes `date` (and optionally `reason`, `override`, "
        "`comment`, `attachment_ids`); each adds the fields of its step (DOMAIN §2.3).",
    )
    def post(self, request, pk, action):
        case = party_case_for_user(request.user, pk)
        result = run_action(
            case_id=case.pk, code=action, actor=request.user, payload=request.data, **client_facts(request)
        )
        body = {"case": detail_body(result.case, request), "event_id": result.event.pk, "warnings": result.warnings}
        return Response(body)


class CaseHistoryApi(ListAPIView):
    serializer_class = HistorySerializer
    queryset = AuditEvent.objects.none()  # for the schema

    def get_queryset(self):
        self.case = party_case_for_user(self.request.user, self.kwargs["pk"])
        return selectors.case_history(self.case)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if hasattr(self, "case"):
            context["political_review_visible"] = selectors.can_read_political_review(self.request.user, self.case)
        return context


class PoliticalReviewApi(GenericAPIView):
    serializer_class = PoliticalReviewSerializer
    queryset = PoliticalReview.objects.none()  # for the schema
    pagination_class = None  # every review of the case, as a plain list

    @extend_schema(responses=PoliticalReviewSerializer(many=True))
    def get(self, request, pk):
        case = party_case_for_user(request.user, pk)
        reviews = political_review_read(user=request.user, case=case, **client_facts(request))
        return Response(PoliticalReviewSerializer(reviews, many=True).data)
