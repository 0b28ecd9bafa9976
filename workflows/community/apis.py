"""Process B API: /api/v1/community/projects/ (help projects) and /api/v1/community/features/ (feature
plans), each with {id}/, {id}/actions/{action}/ and {id}/history/. Same rules as the pages."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from audit.models import AuditEvent
from core.api.inputs import body_of, client_facts
from workflows.community import selectors
from workflows.community.access import application_for_user
from workflows.community.engine import ACTIONS, run_action
from workflows.community.inputs import CreateInput
from workflows.community.models import Application, Kind
from workflows.community.serializers import (
    ApplicationActionResultSerializer,
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    CommunityHistorySerializer,
)
from workflows.community.services import application_create


def detail_body(application: Application, request) -> dict:
    context = {
        "request": request,
        "versions": selectors.application_versions(application),
        "available_actions": selectors.available_actions(application, request.user),
    }
    return ApplicationDetailSerializer(application, context=context).data


class _OfKind:
    """The two collections differ only in the kind they hold."""

    kind = Kind.HELP_PROJECT

    def application(self, request, pk) -> Application:
        application = application_for_user(request.user, pk)
        if application.kind != self.kind:
            raise Http404
        return application


class ApplicationListApi(_OfKind, ListAPIView):
    serializer_class = ApplicationListSerializer
    queryset = Application.objects.none()  # for the schema
    filterset_fields = ["stage", "community", "member_school", "school_year", "late"]
    search_fields = ["title", "member_school__name"]
    ordering_fields = ["school_year", "id"]

    def get_queryset(self):
        return selectors.application_list(self.request.user).filter(kind=self.kind)

    @extend_schema(request=CreateInput, responses={201: ApplicationDetailSerializer})
    def post(self, request):
        payload = {**body_of(request), "kind": self.kind}
        result = application_create(actor=request.user, payload=payload, **client_facts(request))
        body = {"application": detail_body(result.application, request), "warnings": result.warnings}
        return Response(body, status=status.HTTP_201_CREATED)


class ApplicationDetailApi(_OfKind, GenericAPIView):
    serializer_class = ApplicationDetailSerializer

    def get(self, request, pk):
        return Response(detail_body(self.application(request, pk), request))


class ApplicationActionApi(_OfKind, GenericAPIView):
    serializer_class = ApplicationActionResultSerializer

    @extend_schema(
        parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted(ACTIONS))],
        description="Run one action (DOMAIN §3.3): edit, send_for_agreement, confirm, decline, "
        "request_consultation, record_consultation, submit, withdraw, file, return.",
    )
    def post(self, request, pk, action):
        application = self.application(request, pk)
        result = run_action(
            case_id=application.pk, code=action, actor=request.user, payload=request.data, **client_facts(request)
        )
        body = {"application": detail_body(result.application, request), "event_id": result.event.pk}
        return Response(body | {"warnings": result.warnings})


class ApplicationHistoryApi(_OfKind, ListAPIView):
    serializer_class = CommunityHistorySerializer
    queryset = AuditEvent.objects.none()  # for the schema

    def get_queryset(self):
        return selectors.application_history(self.application(self.request, self.kwargs["pk"]))


class FeatureListApi(ApplicationListApi):
    kind = Kind.FEATURE


class FeatureDetailApi(ApplicationDetailApi):
    kind = Kind.FEATURE


class FeatureActionApi(ApplicationActionApi):
    kind = Kind.FEATURE


class FeatureHistoryApi(ApplicationHistoryApi):
    kind = Kind.FEATURE
