"""The generic API of every registered process, under /api/v1/<collection>/: list and create, a case, one
action (the kit's engine), its history. One response shape for whatever changes a case:
``{"case": …, "event_id": …, "warnings": […]}``. Views are made per collection so that the OpenAPI schema names
each process's own serializers."""

from collections.abc import Callable
from functools import partial

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from audit.models import AuditEvent
from core.api.inputs import body_of, client_facts
from workflows.kit import versions
from workflows.kit.access import case_for_user
from workflows.kit.engine import run_action, start_case
from workflows.kit.registry import Collection, ProcessType, api_of
from workflows.kit.selectors import available_actions
from workflows.kit.serializers import EventSerializer


def creation(kind: ProcessType) -> tuple[type, Callable]:
    """The new case's input and what makes it: the process's own create (Api.create), or its start through the
    engine (ProcessType.start, workflows.kit.engine.start_case)."""
    api = api_of(kind)
    if api.create_input is None:
        raise LookupError(f"{kind.code} makes no new case")
    return api.create_input, api.create or partial(start_case, process=kind)


def detail_body(kind: ProcessType, case, request) -> dict:
    api = api_of(kind)
    context = {"request": request, **api.detail_context(case, request)}
    if kind.form_versions is not None:
        context.setdefault("versions", versions.of(case))
    if "available_actions" not in context:  # a process may read them its own (cheaper) way
        context["available_actions"] = available_actions(kind, case, request.user)
    return api.detail_serializer(case, context=context).data


def result_body(kind: ProcessType, result, request) -> dict:
    case = result.case
    if kind.detail_queryset is not None:  # the detail reads more than the engine did (prefetches): read it so
        case = case_for_user(kind, request.user, case.pk, detail=True)
    return {"case": detail_body(kind, case, request), "event_id": result.event.pk, "warnings": result.warnings}


def history_of(kind: ProcessType, case):
    history = api_of(kind).history
    if history is not None:
        return history(case)
    return AuditEvent.objects.filter(process=kind.code, case_id=case.pk).select_related("actor").order_by("id")


def collection_views(kind: ProcessType, collection: Collection) -> dict[str, type[GenericAPIView]]:
    """The four views of one collection: list (GET, POST), detail, action, history."""
    api = api_of(kind)
    tag = collection.name.replace("-", "_")
    result_serializer = inline_serializer(
        f"{tag}_result",
        {
            "case": api.detail_serializer(),
            "event_id": serializers.IntegerField(),
            "warnings": serializers.ListField(child=serializers.CharField()),
        },
    )

    def case_of(request, pk, *, detail=False):
        case = case_for_user(kind, request.user, pk, detail=detail)
        if any(getattr(case, name) != value for name, value in collection.filters.items()):
            raise Http404
        return case

    class CaseListApi(ListAPIView):
        serializer_class = api.list_serializer
        queryset = api.list_serializer.Meta.model.objects.none()  # type: ignore[attr-defined]  # for the schema
        filterset_fields = list(api.filterset_fields)
        search_fields = list(api.search_fields)
        ordering_fields = list(api.ordering_fields)

        def get_queryset(self):
            return api.case_list(self.request.user).filter(**collection.filters)

        def get_serializer_context(self):
            return super().get_serializer_context() | api.list_context(self.request)

        @extend_schema(request=api.create_input, responses={201: result_serializer})
        def post(self, request):
            payload = {**body_of(request), **collection.filters}
            _input, create = creation(kind)
            result = create(actor=request.user, payload=payload, **client_facts(request))
            return Response(result_body(kind, result, request), status=status.HTTP_201_CREATED)

    class CaseDetailApi(GenericAPIView):
        serializer_class = api.detail_serializer
        queryset = CaseListApi.queryset

        def get(self, request, pk):
            return Response(detail_body(kind, case_of(request, pk, detail=True), request))

    class CaseActionApi(GenericAPIView):
        serializer_class = result_serializer
        queryset = CaseListApi.queryset

        @extend_schema(
            request=api.action_input_doc or OpenApiTypes.OBJECT,
            responses={200: result_serializer},
            parameters=[OpenApiParameter("action", str, OpenApiParameter.PATH, enum=sorted(kind.actions))],
            description="Run one action of the case: "
            + ", ".join(f"`{code}` ({action.label})" for code, action in kind.actions.items()),
        )
        def post(self, request, pk, action):
            case = case_of(request, pk)
            result = run_action(
                process=kind,
                case_id=case.pk,
                code=action,
                actor=request.user,
                payload=request.data,
                **client_facts(request),
            )
            return Response(result_body(kind, result, request))

    class CaseHistoryApi(ListAPIView):
        serializer_class = api.history_serializer or EventSerializer
        queryset = AuditEvent.objects.none()  # for the schema

        def get_queryset(self):
            self.case = case_of(self.request, self.kwargs["pk"])
            return history_of(kind, self.case)

        def get_serializer_context(self):
            context = super().get_serializer_context()
            if hasattr(self, "case"):
                context |= api.history_context(self.request, self.case)
            return context

    views: dict[str, type[GenericAPIView]] = {
        "list": CaseListApi,
        "detail": CaseDetailApi,
        "action": CaseActionApi,
        "history": CaseHistoryApi,
    }
    for role, view in views.items():
        view.__name__ = view.__qualname__ = f"{tag.title().replace('_', '')}{role.title()}Api"
    return views
