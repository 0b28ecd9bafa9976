"""The designer's API under /api/v1/designer/: definitions (list, create, read, change), the draft, publish, disable
and enable, export and import as JSON, the document's JSON Schema, live validation and simulation, and the people and
organisations the designer page picks from."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organisation
from core.api.inputs import validated
from core.exceptions import ApplicationError
from designer import services
from designer.access import definition_for_user, may_design_any
from designer.models import Definition, Icon
from designer.selectors import designable, draft_of, published
from designer.simulation import sample_problems, simulated


class DefinitionSerializer(serializers.ModelSerializer):
    published_version = serializers.SerializerMethodField()

    class Meta:
        model = Definition
        fields = ["id", "code", "name", "category", "icon", "description", "owner", "starters", "shared", "enabled"]
        fields += ["published_version"]
        read_only_fields = ["enabled"]

    def get_published_version(self, definition) -> int | None:
        version = published(definition)
        return version.number if version else None


class DefinitionCreateInput(serializers.Serializer):
    code = serializers.SlugField(max_length=60)
    name = serializers.CharField(max_length=60)
    owner = serializers.IntegerField()
    category = serializers.CharField(max_length=30, required=False, default="")
    icon = serializers.ChoiceField(choices=Icon.choices, required=False, default=Icon.DOCUMENT)
    description = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    shared = serializers.BooleanField(required=False, default=False)
    starters = serializers.ListField(child=serializers.DictField(), required=False, default=list)


class DefinitionUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    category = serializers.CharField(max_length=30, required=False, allow_blank=True)
    icon = serializers.ChoiceField(choices=Icon.choices, required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    shared = serializers.BooleanField(required=False)
    starters = serializers.ListField(child=serializers.DictField(), required=False)


class DocumentInput(serializers.Serializer):
    document = serializers.DictField()
    sample_initiator = serializers.IntegerField(required=False)


class SimulateInput(serializers.Serializer):
    document = serializers.DictField()
    initiator = serializers.IntegerField()
    organisation = serializers.IntegerField(required=False)
    values = serializers.DictField(required=False, default=dict)
    chosen = serializers.DictField(required=False, default=dict)


def _designer(request) -> None:
    if not may_design_any(request.user):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def _owned(request, pk) -> Organisation:
    """An organisation where the caller designs processes (at or below one where they hold the right)."""
    from accounts.permissions import has_org_perm
    from accounts.roles import DESIGN_PROCESSES

    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not (
        request.user.is_superuser or has_org_perm(request.user, DESIGN_PROCESSES, organisation)
    ):
        message = _("You do not design processes for this organisation.")
        raise ApplicationError("owner_not_allowed", message, fields={"owner": [str(pk)]}, status=403)
    return organisation


class DefinitionListApi(APIView):
    """GET: the definitions the caller designs; POST: a new definition (an empty draft), owned by an organisation
    where the caller designs processes."""

    @extend_schema(responses=DefinitionSerializer(many=True))
    def get(self, request):
        _designer(request)
        return Response(DefinitionSerializer(designable(request.user), many=True).data)

    @extend_schema(request=DefinitionCreateInput, responses=DefinitionSerializer)
    def post(self, request):
        _designer(request)
        data = validated(DefinitionCreateInput, request.data)
        owner = _owned(request, data.pop("owner"))
        definition = services.definition_create(actor=request.user, owner=owner, **data)
        return Response(DefinitionSerializer(definition).data, status=status.HTTP_201_CREATED)


class DefinitionApi(APIView):
    @extend_schema(responses=DefinitionSerializer)
    def get(self, request, pk):
        definition = definition_for_user(request.user, pk)
        draft = draft_of(definition)
        body = DefinitionSerializer(definition).data
        body["draft"] = draft.document if draft else None
        body["versions"] = [
            {"number": v.number, "published_at": v.published_at}
            for v in definition.versions.filter(number__isnull=False).order_by("number")
        ]
        return Response(body)

    @extend_schema(request=DefinitionUpdateInput, responses=DefinitionSerializer)
    def patch(self, request, pk):
        definition = definition_for_user(request.user, pk)
        data = validated(DefinitionUpdateInput, request.data)
        definition = services.definition_update(actor=request.user, definition=definition, **data)
        return Response(DefinitionSerializer(definition).data)


class DraftApi(APIView):
    """PUT: the draft takes the document (kept with its problems, which the answer lists)."""

    @extend_schema(request=DocumentInput, responses=OpenApiTypes.OBJECT)
    def put(self, request, pk):
        definition = definition_for_user(request.user, pk)
        data = validated(DocumentInput, request.data)
        services.draft_save(actor=request.user, definition=definition, document=data["document"])
        return Response({"problems": [p.as_dict() for p in services.problems_of(data["document"])]})


class PublishApi(APIView):
    @extend_schema(request=None, responses=OpenApiTypes.OBJECT)
    def post(self, request, pk):
        definition = definition_for_user(request.user, pk)
        version = services.definition_publish(actor=request.user, definition=definition)
        return Response({"number": version.number})


class EnableApi(APIView):
    enabled = True

    @extend_schema(request=None, responses=DefinitionSerializer)
    def post(self, request, pk):
        definition = definition_for_user(request.user, pk)
        definition = services.definition_enable(actor=request.user, definition=definition, enabled=self.enabled)
        return Response(DefinitionSerializer(definition).data)


class DisableApi(EnableApi):
    enabled = False


class ExportApi(APIView):
    """The definition with one version's document (?version=n; default the latest published, else the draft)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        definition = definition_for_user(request.user, pk)
        number = request.query_params.get("version")
        versions = definition.versions.all()
        version = versions.filter(number=number).first() if str(number or "").isdigit() else None
        version = version or published(definition) or draft_of(definition)
        if version is None:
            raise Http404
        response = Response(services.exported(definition, version))
        response["Content-Disposition"] = f'attachment; filename="{definition.code}-v{version.number or 0}.json"'
        return response


class ImportInput(serializers.Serializer):
    owner = serializers.IntegerField()
    code = serializers.SlugField(max_length=60, required=False)
    definition = serializers.DictField()


class ImportApi(APIView):
    @extend_schema(request=ImportInput, responses=DefinitionSerializer)
    def post(self, request):
        _designer(request)
        data = validated(ImportInput, request.data)
        owner = _owned(request, data["owner"])
        definition = services.definition_import(
            actor=request.user, owner=owner, payload=data["definition"], code=data.get("code")
        )
        return Response(DefinitionSerializer(definition).data, status=status.HTTP_201_CREATED)


class SchemaApi(APIView):
    """The JSON Schema of a definition's document (docs/designer-format.md)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from designer.definition.schema import JSON_SCHEMA

        return Response(JSON_SCHEMA)


class ValidateApi(APIView):
    @extend_schema(request=DocumentInput, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        _designer(request)
        data = validated(DocumentInput, request.data)
        problems = sample_problems(request.user, data["document"], data.get("sample_initiator"))
        return Response({"problems": [p.as_dict() for p in problems]})


class SimulateApi(APIView):
    @extend_schema(request=SimulateInput, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        _designer(request)
        data = validated(SimulateInput, request.data)
        return Response(simulated(request.user, **data))


class PeopleApi(APIView):
    """People the designer picks (approvers, a sample initiator): active, in the caller's designing subtree."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from designer.simulation import people_in_reach

        _designer(request)
        found = people_in_reach(request.user, request.query_params.get("q", ""))
        return Response({"results": found})


class OrganisationsApi(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        from designer.simulation import organisations_in_reach

        _designer(request)
        return Response({"results": organisations_in_reach(request.user, request.query_params.get("q", ""))})
