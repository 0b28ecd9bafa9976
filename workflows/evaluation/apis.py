"""The evaluation's own endpoints beside the kit's generic API (workflows.kit.apis), registered with it (Api.extra,
Api.endpoints): its results (the JSON and the workbook) and the reference lists of schemes and indicator sets."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from core.api.inputs import body_of
from workflows.evaluation import selectors
from workflows.evaluation.export import XLSX, workbook
from workflows.evaluation.inputs import SchemeVersionInput
from workflows.evaluation.models import EvaluationCase, IndicatorSet, SchemeVersion
from workflows.evaluation.scheme_services import scheme_version_add, scheme_version_edit
from workflows.evaluation.serializers import (
    IndicatorSetSerializer,
    ResultSerializer,
    SchemeSerializer,
)
from workflows.kit.access import case_for_user


class CaseResultsApi(GenericAPIView):
    serializer_class = ResultSerializer
    queryset = EvaluationCase.objects.none()  # for the schema
    pagination_class = None  # every result version the viewer may see, as a plain list

    @extend_schema(responses=ResultSerializer(many=True))
    def get(self, request, pk):
        case = case_for_user("evaluation", request.user, pk, detail=True)
        return Response(ResultSerializer(selectors.visible_results(case, request.user), many=True).data)


class CaseResultsXlsxApi(GenericAPIView):
    serializer_class = ResultSerializer
    queryset = EvaluationCase.objects.none()  # for the schema

    @extend_schema(responses={(200, XLSX): OpenApiResponse(description="The current result as a workbook.")})
    def get(self, request, pk):
        return xlsx_response(request, pk)


def xlsx_response(request, pk) -> HttpResponse:
    """The current result the viewer may see, as .xlsx; 404 while there is none."""
    case = case_for_user("evaluation", request.user, pk, detail=True)
    results = selectors.visible_results(case, request.user)
    if not results:
        raise Http404
    response = HttpResponse(workbook(case, results[-1]), content_type=XLSX)
    name = f"evaluation-{case.community.code}-{case.school_year}-v{results[-1].version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class SchemeListApi(ListAPIView):
    """The scheme versions; POST: a new one by the leading group (as the page makes it; ``?from=<id>``: the version
    whose deadlines it keeps, else the default one)."""

    serializer_class = SchemeSerializer
    queryset = SchemeVersion.objects.select_related("routine_set", "project_set", "feature_set").order_by("-pk")

    @extend_schema(request=SchemeVersionInput, responses={201: SchemeSerializer})
    def post(self, request):
        source = str(request.query_params.get("from", ""))
        base = get_object_or_404(SchemeVersion, pk=int(source)) if source.isdigit() else None
        made = scheme_version_add(actor=request.user, payload=body_of(request), base=base)
        return Response(SchemeSerializer(made).data, status=201)


class SchemeDetailApi(GenericAPIView):
    """One scheme version; PUT: the whole version again, refused with ``scheme_in_use`` (409) once a published year
    was graded with it."""

    serializer_class = SchemeSerializer
    queryset = SchemeVersion.objects.select_related("routine_set", "project_set", "feature_set")

    def get(self, request, pk):
        return Response(SchemeSerializer(get_object_or_404(self.get_queryset(), pk=pk)).data)

    @extend_schema(request=SchemeVersionInput, responses={200: SchemeSerializer})
    def put(self, request, pk):
        changed = scheme_version_edit(actor=request.user, version_id=pk, payload=body_of(request))
        return Response(SchemeSerializer(changed).data)


class IndicatorSetListApi(ListAPIView):
    serializer_class = IndicatorSetSerializer
    queryset = IndicatorSet.objects.prefetch_related("indicators").order_by("track", "code", "-version")
    filterset_fields = ["track", "code"]
