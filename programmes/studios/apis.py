"""The studios' API under /api/v1/programmes/studios/: the same access helpers and services as the pages. People
and files are named by id; a person outside the school's reach (or unknown) is ``person_out_of_reach``, a file the
caller did not upload ``attachment_unknown`` (files are uploaded first through POST /api/v1/attachments/)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.api.inputs import client_facts, validated
from core.exceptions import ApplicationError
from forms.models import Attachment
from forms.views import content_disposition
from programmes.studios import bundle, selectors, services
from programmes.studios.access import school_for_organiser, studio_for_user
from programmes.studios.models import (
    Activity,
    ActivityKind,
    Agreement,
    AnnualEvaluation,
    FileKind,
    Grade,
    Level,
    PlanItem,
    Pool,
    PoolEntry,
    Report,
    Studio,
    StudioFile,
    StudioPerson,
    StudioRole,
    TermPlan,
)

# Output ---------------------------------------------------------------------------------------------------------------


class StudioSerializer(serializers.ModelSerializer):
    lead_name = serializers.CharField(source="lead.real_name", read_only=True)
    school_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Studio
        fields = ["id", "name", "organisation", "school_name", "lead", "lead_name", "subject", "founded_on"]
        fields += ["description", "application"]


class PersonRowSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.real_name", read_only=True)

    class Meta:
        model = StudioPerson
        fields = ["id", "person", "name", "role", "duty", "joined", "left"]


class PoolEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.real_name", read_only=True)

    class Meta:
        model = PoolEntry
        fields = ["id", "organisation", "pool", "person", "name", "reason", "added_at", "removed_at", "removal_reason"]


class AgreementSerializer(serializers.ModelSerializer):
    frozen = serializers.BooleanField(read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "studio", "mentor", "apprentice", "school_year", "term", "mentor_duties", "apprentice_goals"]
        fields += ["mentor_acknowledged_at", "apprentice_acknowledged_at", "frozen", "supersedes", "created_at"]


class ItemSerializer(serializers.ModelSerializer):
    held = serializers.SerializerMethodField()

    class Meta:
        model = PlanItem
        fields = ["id", "kind", "topic", "planned_date", "planned_month", "planned_count", "place", "responsible"]
        fields += ["origin", "held"]

    def get_held(self, item) -> int:
        return self.context.get("held", {}).get(item.pk, 0)


class PlanSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = TermPlan
        fields = ["id", "studio", "school_year", "term", "starts", "ends", "version", "status", "published_at"]
        fields += ["items"]

    @extend_schema_field(ItemSerializer(many=True))
    def get_items(self, plan):
        progress = selectors.plan_progress(plan)
        held = {row.item.pk: row.held for row in progress}
        return ItemSerializer([row.item for row in progress], many=True, context={"held": held}).data


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = ["id", "studio", "plan_item", "kind", "held_on", "level", "topic", "place", "participants", "record"]
        fields += ["photos", "files", "recorded_by", "recorded_at"]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "studio", "school_year", "term", "title", "text", "files", "written_by", "written_at"]


class EvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnnualEvaluation
        fields = ["id", "studio", "school_year", "grade", "comments", "evaluated_by", "evaluated_at", "confirmed_by"]
        fields += ["confirmed_at", "corrects", "reason"]


class FileSerializer(serializers.ModelSerializer):
    class Meta:
        model = StudioFile
        fields = ["id", "studio", "kind", "title", "person", "agreement", "attachment", "added_at"]


class StudioDetailSerializer(StudioSerializer):
    """The public page's facts for everyone of the school; the rest only for those who see the studio's files."""

    people = serializers.SerializerMethodField()
    plans = serializers.SerializerMethodField()
    agreements = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()
    reports = serializers.SerializerMethodField()
    evaluations = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta(StudioSerializer.Meta):
        fields = [*StudioSerializer.Meta.fields, "people", "plans", "agreements", "activities", "reports"]
        fields += ["evaluations", "files"]

    def _files(self) -> bool:
        return self.context["rights"].files

    @extend_schema_field(PersonRowSerializer(many=True))
    def get_people(self, studio):
        return PersonRowSerializer(studio.people.select_related("person"), many=True).data

    @extend_schema_field(PlanSerializer(many=True))
    def get_plans(self, studio):
        return PlanSerializer(selectors.plans_of(studio), many=True).data

    @extend_schema_field(AgreementSerializer(many=True))
    def get_agreements(self, studio):
        return AgreementSerializer(studio.agreements.all(), many=True).data if self._files() else []

    @extend_schema_field(ActivitySerializer(many=True))
    def get_activities(self, studio):
        rows = studio.activities.prefetch_related("participants", "photos", "files")
        return ActivitySerializer(rows, many=True).data if self._files() else []

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, studio):
        return ReportSerializer(studio.reports.prefetch_related("files"), many=True).data if self._files() else []

    @extend_schema_field(EvaluationSerializer(many=True))
    def get_evaluations(self, studio):
        return EvaluationSerializer(selectors.evaluations_current(studio), many=True).data if self._files() else []

    @extend_schema_field(FileSerializer(many=True))
    def get_files(self, studio):
        return FileSerializer(studio.files.all(), many=True).data if self._files() else []


# Input ----------------------------------------------------------------------------------------------------------------


def _person(pk, field: str) -> User:
    """The person an input names; an unknown id is answered like one outside the school's reach."""
    person = User.objects.filter(pk=pk).first() if pk is not None else None
    if person is None:
        raise ApplicationError("person_out_of_reach", _("Name only people of this school."), fields={field: [str(pk)]})
    return person


def _files(ids: list[int], field: str) -> list[Attachment]:
    found = {a.pk: a for a in Attachment.objects.filter(pk__in=ids)}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        message = _("Attach only files you uploaded yourself.")
        raise ApplicationError("attachment_unknown", message, fields={field: [str(pk) for pk in missing]})
    return [found[pk] for pk in ids]


class StudioInput(serializers.Serializer):
    school = serializers.IntegerField()
    name = serializers.CharField(max_length=60)
    lead = serializers.IntegerField()
    founded_on = serializers.DateField()
    subject = serializers.CharField(max_length=30, required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True)
    application = serializers.IntegerField(required=False, allow_null=True, default=None)


class PersonInput(serializers.Serializer):
    person = serializers.IntegerField()
    role = serializers.ChoiceField(choices=[StudioRole.MEMBER, StudioRole.APPRENTICE])
    duty = serializers.CharField(max_length=60, required=False, default="", allow_blank=True)
    joined = serializers.DateField(required=False, allow_null=True, default=None)


class PoolInput(serializers.Serializer):
    organisation = serializers.IntegerField()
    pool = serializers.ChoiceField(choices=Pool.choices)
    person = serializers.IntegerField()
    reason = serializers.CharField(max_length=200)


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class AgreementInput(serializers.Serializer):
    mentor = serializers.IntegerField()
    apprentice = serializers.IntegerField()
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    term = serializers.ChoiceField(choices=[1, 2])
    mentor_duties = serializers.CharField(max_length=4000)
    apprentice_goals = serializers.CharField(max_length=4000)


class AgreementTextInput(serializers.Serializer):
    mentor_duties = serializers.CharField(max_length=4000)
    apprentice_goals = serializers.CharField(max_length=4000)


class PlanInput(serializers.Serializer):
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    term = serializers.ChoiceField(choices=[1, 2])
    starts = serializers.DateField(required=False, allow_null=True, default=None)
    ends = serializers.DateField(required=False, allow_null=True, default=None)


class ItemInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    responsible = serializers.IntegerField()
    planned_count = serializers.IntegerField(min_value=0, max_value=100, default=1)
    topic = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    planned_date = serializers.DateField(required=False, allow_null=True, default=None)
    planned_month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)


class ActivityInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    held_on = serializers.DateField()
    level = serializers.ChoiceField(choices=Level.choices)
    record = serializers.CharField(max_length=10000)
    participants = serializers.ListField(child=serializers.IntegerField(), min_length=1, max_length=200)
    plan_item = serializers.IntegerField(required=False, allow_null=True, default=None)
    topic = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    place = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    photos = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=50)
    files = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=50)


class ReportInput(serializers.Serializer):
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    term = serializers.ChoiceField(choices=[1, 2], required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=120)
    text = serializers.CharField(max_length=20000)
    files = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=50)


class EvaluationInput(serializers.Serializer):
    school_year = serializers.IntegerField(min_value=2000, max_value=2100)
    grade = serializers.ChoiceField(choices=Grade.choices)
    comments = serializers.CharField(max_length=4000, required=False, default="", allow_blank=True)
    corrects = serializers.IntegerField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class FileInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FileKind.choices)
    attachment = serializers.IntegerField()
    title = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    agreement = serializers.IntegerField(required=False, allow_null=True, default=None)


# Endpoints ------------------------------------------------------------------------------------------------------------


def _object(model, pk):
    return get_object_or_404(model, pk=pk)


class StudioListApi(APIView):
    """GET: the studios the caller sees; POST: a new studio of a school the caller organises (optionally from an
    approved 名师工作室申报: ``application``)."""

    @extend_schema(responses=StudioSerializer(many=True))
    def get(self, request):
        return Response(StudioSerializer(selectors.studios_visible_to(request.user), many=True).data)

    @extend_schema(request=StudioInput, responses={201: StudioSerializer})
    def post(self, request):
        data = dict(validated(StudioInput, request.data))
        school = school_for_organiser(request.user, data.pop("school"))
        application = None
        if data["application"] is not None:
            application = selectors.approved_applications(school).filter(pk=data["application"]).first()
            if application is None:
                message = _("Choose an approved studio application of this school.")
                raise ApplicationError("application_not_approved", message, fields={"application": []})
        data["application"] = application
        data["lead"] = _person(data["lead"], "lead")
        studio = services.studio_create(actor=request.user, school=school, **data)
        return Response(StudioSerializer(studio).data, status=status.HTTP_201_CREATED)


class StudioApi(APIView):
    @extend_schema(responses=StudioDetailSerializer)
    def get(self, request, pk):
        studio, rights = studio_for_user(request.user, pk)
        return Response(StudioDetailSerializer(studio, context={"rights": rights}).data)


class PeopleApi(APIView):
    @extend_schema(request=PersonInput, responses={201: PersonRowSerializer})
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="manage")
        data = dict(validated(PersonInput, request.data))
        data["person"] = _person(data["person"], "person")
        row = services.studio_person_add(actor=request.user, studio=studio, **data)
        return Response(PersonRowSerializer(row).data, status=status.HTTP_201_CREATED)


class PersonLeaveApi(APIView):
    @extend_schema(request=None, responses=PersonRowSerializer)
    def post(self, request, pk):
        row = _object(StudioPerson, pk)
        studio_for_user(request.user, row.studio_id, right="manage")
        return Response(PersonRowSerializer(services.studio_person_leave(actor=request.user, row=row)).data)


class PoolsApi(APIView):
    """GET ?organisation=: the pools of a school (or the bureau) the caller organises; POST: a person into one."""

    @extend_schema(
        parameters=[OpenApiParameter("organisation", int, OpenApiParameter.QUERY, required=True)],
        responses=PoolEntrySerializer(many=True),
    )
    def get(self, request):
        organisation = school_for_organiser(request.user, request.query_params.get("organisation", ""))
        entries = PoolEntry.objects.filter(organisation=organisation).select_related("person")
        return Response(PoolEntrySerializer(entries, many=True).data)

    @extend_schema(request=PoolInput, responses={201: PoolEntrySerializer})
    def post(self, request):
        data = dict(validated(PoolInput, request.data))
        organisation = school_for_organiser(request.user, data.pop("organisation"))
        data["person"] = _person(data["person"], "person")
        entry = services.pool_add(actor=request.user, organisation=organisation, **data)
        return Response(PoolEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class PoolRemoveApi(APIView):
    @extend_schema(request=ReasonInput, responses=PoolEntrySerializer)
    def post(self, request, pk):
        entry = _object(PoolEntry, pk)
        school_for_organiser(request.user, entry.organisation_id)
        data = validated(ReasonInput, request.data)
        return Response(PoolEntrySerializer(services.pool_remove(actor=request.user, entry=entry, **data)).data)


class AgreementsApi(APIView):
    @extend_schema(request=AgreementInput, responses={201: AgreementSerializer})
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="manage")
        data = dict(validated(AgreementInput, request.data))
        data["mentor"], data["apprentice"] = (
            _person(data["mentor"], "mentor"),
            _person(data["apprentice"], "apprentice"),
        )
        agreement = services.agreement_create(actor=request.user, studio=studio, **data)
        return Response(AgreementSerializer(agreement).data, status=status.HTTP_201_CREATED)


class AgreementApi(APIView):
    """GET: the agreement; PUT: its text, by the studio's lead (a new agreement, answered 201, once both have
    acknowledged it)."""

    @extend_schema(responses=AgreementSerializer)
    def get(self, request, pk):
        agreement = _object(Agreement, pk)
        studio_for_user(request.user, agreement.studio_id, right="files")
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(request=AgreementTextInput, responses={200: AgreementSerializer, 201: AgreementSerializer})
    def put(self, request, pk):
        agreement = _object(Agreement, pk)
        studio_for_user(request.user, agreement.studio_id, right="manage")
        data = validated(AgreementTextInput, request.data)
        if agreement.frozen:
            revised = services.agreement_revise(actor=request.user, agreement=agreement, **data)
            return Response(AgreementSerializer(revised).data, status=status.HTTP_201_CREATED)
        updated = services.agreement_update(actor=request.user, agreement=agreement, **data)
        return Response(AgreementSerializer(updated).data)


class AcknowledgeApi(APIView):
    @extend_schema(request=None, responses=AgreementSerializer)
    def post(self, request, pk):
        agreement = _object(Agreement, pk)
        studio_for_user(request.user, agreement.studio_id, right="files")
        return Response(
            AgreementSerializer(services.agreement_acknowledge(actor=request.user, agreement=agreement)).data
        )


class PlansApi(APIView):
    @extend_schema(request=PlanInput, responses={201: PlanSerializer})
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="manage")
        plan = services.plan_create(actor=request.user, studio=studio, **validated(PlanInput, request.data))
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class PlanApi(APIView):
    @extend_schema(responses=PlanSerializer)
    def get(self, request, pk):
        plan = _object(TermPlan, pk)
        studio_for_user(request.user, plan.studio_id)
        return Response(PlanSerializer(plan).data)


class PlanItemsApi(APIView):
    @extend_schema(request=ItemInput, responses={201: ItemSerializer})
    def post(self, request, pk):
        plan = _object(TermPlan, pk)
        studio_for_user(request.user, plan.studio_id, right="manage")
        data = dict(validated(ItemInput, request.data))
        data["responsible"] = _person(data["responsible"], "responsible")
        item = services.plan_item_add(actor=request.user, plan=plan, **data)
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)


class PlanPublishApi(APIView):
    @extend_schema(request=None, responses=PlanSerializer)
    def post(self, request, pk):
        plan = _object(TermPlan, pk)
        studio_for_user(request.user, plan.studio_id, right="manage")
        return Response(PlanSerializer(services.plan_publish(actor=request.user, plan=plan)).data)


class PlanAmendApi(APIView):
    @extend_schema(request=None, responses={201: PlanSerializer})
    def post(self, request, pk):
        plan = _object(TermPlan, pk)
        studio_for_user(request.user, plan.studio_id, right="manage")
        amended = services.plan_amend(actor=request.user, plan=plan)
        return Response(PlanSerializer(amended).data, status=status.HTTP_201_CREATED)


class ActivitiesApi(APIView):
    """POST: an activity held. The lead and organisers record any; a member or apprentice one they took part in."""

    @extend_schema(request=ActivityInput, responses={201: ActivitySerializer})
    def post(self, request, pk):
        studio, rights = studio_for_user(request.user, pk, right="record")
        data = dict(validated(ActivityInput, request.data))
        data["participants"] = [_person(p, "participants") for p in data["participants"]]
        data["photos"], data["files"] = _files(data["photos"], "photos"), _files(data["files"], "files")
        if data["plan_item"] is not None:
            data["plan_item"] = PlanItem.objects.filter(pk=data["plan_item"], plan__studio=studio).first()
            if data["plan_item"] is None:
                message = _("Choose an item of the studio's plan in force.")
                raise ApplicationError("plan_item_not_current", message, fields={"plan_item": []})
        activity = services.activity_record(actor=request.user, studio=studio, as_participant=not rights.manage, **data)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class ReportsApi(APIView):
    @extend_schema(request=ReportInput, responses={201: ReportSerializer})
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="manage")
        data = dict(validated(ReportInput, request.data))
        data["files"] = _files(data["files"], "files")
        report = services.report_write(actor=request.user, studio=studio, **data)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class EvaluationsApi(APIView):
    @extend_schema(request=EvaluationInput, responses={201: EvaluationSerializer})
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="evaluate")
        data = dict(validated(EvaluationInput, request.data))
        if data["corrects"] is not None:
            data["corrects"] = studio.evaluations.filter(pk=data["corrects"]).first()
            if data["corrects"] is None:
                raise ApplicationError("evaluation_not_current", _("Correct the evaluation in force."), status=409)
        evaluation = services.evaluation_record(actor=request.user, studio=studio, **data)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class EvaluationConfirmApi(APIView):
    @extend_schema(request=None, responses=EvaluationSerializer)
    def post(self, request, pk):
        evaluation = _object(AnnualEvaluation, pk)
        studio_for_user(request.user, evaluation.studio_id, right="evaluate")
        confirmed = services.evaluation_confirm(actor=request.user, evaluation=evaluation)
        return Response(EvaluationSerializer(confirmed).data)


class FilesApi(APIView):
    @extend_schema(request=FileInput, responses={201: FileSerializer})
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="manage")
        data = dict(validated(FileInput, request.data))
        (data["attachment"],) = _files([data["attachment"]], "attachment")
        data["person"] = _person(data["person"], "person") if data["person"] is not None else None
        if data["agreement"] is not None:
            data["agreement"] = studio.agreements.filter(pk=data["agreement"]).first()
            if data["agreement"] is None:
                raise ApplicationError("invalid", _("The input is not valid."), fields={"agreement": []})
        item = services.studio_file_add(actor=request.user, studio=studio, **data)
        return Response(FileSerializer(item).data, status=status.HTTP_201_CREATED)


class BundleApi(APIView):
    """POST (taking the archive out is recorded in the taker's name): the zip with the PDF index, every original
    file, manifest.json and SHA256SUMS. The lead, the school's organisers and the bureau's evaluators."""

    @extend_schema(
        request=None,
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The archive bundle.")},
    )
    def post(self, request, pk):
        studio, _rights = studio_for_user(request.user, pk, right="bundle")
        made = bundle.bundle_export(actor=request.user, studio=studio, **client_facts(request))
        response = HttpResponse(made.body, content_type="application/zip")
        response["Content-Disposition"] = content_disposition("attachment", made.filename)
        return response
