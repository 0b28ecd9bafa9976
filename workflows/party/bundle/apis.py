"""POST /api/v1/party/cases/<pk>/bundle/: the archive bundle as a zip (``?kind=pdf`` for the PDF alone).

A POST, not a GET: taking the bundle is recorded in the taker's name, and the API also takes the session's
sign-in, so a GET could be a link someone was sent to (issue 15)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.views import APIView

from core.api.inputs import client_facts
from workflows.party.bundle.access import bundle_case_for_user
from workflows.party.bundle.services import KINDS, bundle_export
from workflows.party.bundle.views import download


class BundleApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.QUERY, enum=sorted(KINDS), default="zip")],
        responses={
            (200, "application/zip"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The PDF, the original files, manifest.json and SHA256SUMS."
            ),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The bundle's PDF alone."),
        },
        description="Branch officers, the committee above and auditors; 404 to outsiders, 403 to other viewers. "
        "Refused with attachment_corrupted (409) when a stored file no longer matches its recorded SHA-256. "
        "A POST (it is recorded in the taker's name); GET answers 405.",
        request=None,
    )
    def post(self, request, pk):
        case = bundle_case_for_user(request.user, pk)
        kind = request.query_params.get("kind", "zip")
        return download(bundle_export(user=request.user, case=case, kind=kind, **client_facts(request)))
