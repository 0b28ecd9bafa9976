"""The activity records' API under /api/v1/programmes/records/: my records (list, create with files uploaded through
/api/v1/attachments/), one record, confirm, return, and progress as JSON. The same services and access helpers as
the pages; refusals come out as {"code", "message"}."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.models import Attachment
from programmes.access import programme_for_user
from programmes.models import ActivityKind
from programmes.records import kinds, selectors, services
from programmes.records.access import may_oversee, record_for_user
from programmes.records.models import ActivityRecord


class RecordOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    person_name = serializers.CharField(source="person.real_name", read_only=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ActivityRecord
        fields = [
            "id",
            "programme",
            "person",
            "person_name",
            "kind",
            "kind_label",
            "date",
            "term",
            "details",
            "evidence",
            "status",
            "status_label",
            "submitted_at",
            "decided_by",
            "decided_at",
            "return_reason",
            "corrects",
        ]

    def get_evidence(self, record) -> list[dict]:
        return [{"id": a.pk, "name": a.original_name, "content_type": a.content_type} for a in record.evidence.all()]


class RecordInput(serializers.Serializer):
    programme = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ActivityKind.choices)
    date = serializers.DateField()
    details = serializers.DictField(child=serializers.CharField(allow_blank=True, max_length=kinds.LONG))
    evidence = serializers.ListField(child=serializers.IntegerField(), required=False, default=list, max_length=20)
    corrects = serializers.IntegerField(required=False)


class ReturnInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RecordListApi(APIView):
    """GET: my records, newest first; POST: a new record of mine (or the correction of my returned one)."""

    @extend_schema(responses=RecordOutput(many=True))
    def get(self, request):
        return Response(RecordOutput(selectors.mine(request.user).select_related("person"), many=True).data)

    @extend_schema(request=RecordInput, responses=RecordOutput)
    def post(self, request):
        data = validated(RecordInput, request.data)
        programme = programme_for_user(request.user, data["programme"])
        evidence = list(Attachment.objects.filter(pk__in=data["evidence"]))
        unknown = sorted(set(data["evidence"]) - {a.pk for a in evidence})
        if unknown:
            message = _("Attach only files you uploaded yourself.")
            raise ApplicationError("attachment_unknown", message, fields={"attachment_ids": unknown})
        corrects = record_for_user(request.user, data["corrects"]) if data.get("corrects") else None
        record = services.record_create(
            actor=request.user,
            programme=programme,
            kind=data["kind"],
            date=data["date"],
            details=dict(data["details"]),
            evidence=evidence,
            corrects=corrects,
        )
        return Response(RecordOutput(record).data, status=status.HTTP_201_CREATED)


class RecordApi(APIView):
    @extend_schema(responses=RecordOutput)
    def get(self, request, pk):
        return Response(RecordOutput(record_for_user(request.user, pk)).data)


class ConfirmApi(APIView):
    @extend_schema(request=None, responses=RecordOutput)
    def post(self, request, pk):
        record = record_for_user(request.user, pk, decide=True)
        return Response(RecordOutput(services.record_confirm(actor=request.user, record=record)).data)


class ReturnApi(APIView):
    @extend_schema(request=ReturnInput, responses=RecordOutput)
    def post(self, request, pk):
        record = record_for_user(request.user, pk, decide=True)
        data = validated(ReturnInput, request.data)
        record = services.record_return(actor=request.user, record=record, reason=data["reason"])
        return Response(RecordOutput(record).data)


def _row(row) -> dict:
    return {
        "kind": row.kind,
        "label": row.label,
        "period": row.period_label,
        "starts": row.starts,
        "ends": row.ends,
        "required": row.required,
        "done": row.done,
        "pending": row.pending,
        "expected": row.expected,
        "on_track": row.on_track,
        "met": row.met,
    }


class ProgressApi(APIView):
    """A programme's progress on the day: mine when I record in it; everyone's for whoever oversees it."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        from programmes.records.access import may_record

        programme = programme_for_user(request.user, pk)
        today = business_today()
        if may_oversee(request.user, programme):
            people = selectors.people_of(programme, day=today)
        elif may_record(request.user, programme):
            people = [request.user]
        else:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        entries = selectors.progress(programme, people, today=today)
        return Response(
            {
                "programme": programme.pk,
                "date": today,
                "people": [
                    {
                        "person": e.person.pk,
                        "name": e.person.real_name,
                        "on_track": e.on_track,
                        "rows": [_row(r) for r in e.rows],
                    }
                    for e in entries
                ],
            }
        )
