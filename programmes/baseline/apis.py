"""The baseline's API under /api/v1/programmes/baseline/: a teacher's titles and honours (list, record), withdrawing
one, the figures of a school or county, and a school's 重点发展对象. The same access helpers and services as the
pages; refusals come out as {"code", "message"} through the project's handler."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.models import Attachment
from programmes.baseline import selectors, services
from programmes.baseline.access import distinction_for_user, person_for_user, school_for_user, scope_for_user
from programmes.baseline.models import Distinction, Level, Title
from programmes.baseline.params import day_of, min_level_of


class DistinctionOutput(serializers.ModelSerializer):
    title_label = serializers.CharField(source="label", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = Distinction
        fields = [
            "id",
            "person",
            "kind",
            "kind_label",
            "title",
            "title_label",
            "name",
            "level",
            "level_label",
            "awarded_on",
            "valid_until",
            "awarding_body",
            "evidence",
            "recorded_by",
            "recorded_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdrawal_reason",
            "in_force",
        ]

    def get_in_force(self, distinction) -> bool:
        today = business_today()
        return (
            distinction.withdrawn_at is None
            and distinction.awarded_on <= today
            and (distinction.valid_until is None or distinction.valid_until >= today)
        )


class DistinctionInput(serializers.Serializer):
    title = serializers.ChoiceField(choices=Title.choices)
    name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    level = serializers.ChoiceField(choices=Level.choices)
    awarded_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)
    awarding_body = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    evidence_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class WithdrawInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


def _evidence(actor, pk):
    if pk is None:
        return None
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None or attachment.uploaded_by_id != actor.pk:
        raise ApplicationError(
            "attachment_unknown", _("Attach only files you uploaded yourself."), fields={"evidence_id": [str(pk)]}
        )
    return attachment


class DistinctionListApi(APIView):
    """GET: a teacher's titles and honours (withdrawn ones too); POST: record one (``person_out_of_reach`` for
    someone outside the schools where the caller records)."""

    @extend_schema(responses=DistinctionOutput(many=True))
    def get(self, request, pk: int):
        seen = person_for_user(request.user, pk)
        return Response(DistinctionOutput(selectors.distinctions_of(seen.person), many=True).data)

    @extend_schema(request=DistinctionInput, responses=DistinctionOutput)
    def post(self, request, pk: int):
        seen = person_for_user(request.user, pk, record=True)
        data = dict(validated(DistinctionInput, request.data))
        evidence = _evidence(request.user, data.pop("evidence_id"))
        data["level"] = int(data["level"])
        distinction = services.distinction_record(actor=request.user, person=seen.person, evidence=evidence, **data)
        return Response(DistinctionOutput(distinction).data, status=status.HTTP_201_CREATED)


class WithdrawApi(APIView):
    @extend_schema(request=WithdrawInput, responses=DistinctionOutput)
    def post(self, request, pk: int):
        distinction = distinction_for_user(request.user, pk, record=True)
        data = validated(WithdrawInput, request.data)
        distinction = services.distinction_withdraw(actor=request.user, distinction=distinction, reason=data["reason"])
        return Response(DistinctionOutput(distinction).data)


def _figures_json(figures: selectors.Figures) -> dict:
    return {
        "organisation": figures.organisation.pk,
        "name": figures.organisation.name,
        "counts": figures.counts,
        "ratios": [
            {
                "key": ratio["key"],
                "label": str(ratio["label"]),
                "numerator": ratio["numerator"],
                "denominator": ratio["denominator"],
                "percent": str(ratio["percent"]) if ratio["percent"] is not None else None,
            }
            for ratio in figures.ratios
        ],
    }


class FiguresApi(APIView):
    """The figures of a school or county on a day (?day=YYYY-MM-DD, ?min_level=1 to count 校级 titles): per school
    and the totals (each teacher once). Percentages are exact decimals as strings, one place, rounded half up."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk: int):
        scope = scope_for_user(request.user, pk)
        day, min_level = day_of(request.query_params), min_level_of(request.query_params)
        found = selectors.figures(scope, day=day, min_level=min_level)
        return Response(
            {
                "day": day.isoformat(),
                "min_level": min_level,
                "schools": [_figures_json(figures) for figures in found.schools],
                "totals": _figures_json(found.totals),
            }
        )


class TargetsApi(APIView):
    """A school's 重点发展对象: each with the distinctions that mark them and whether they have a party case open."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, pk: int):
        school = school_for_user(request.user, pk)
        rows = selectors.targets(school, day=business_today(), viewer=request.user)
        return Response(
            [
                {
                    "person": row.person.pk,
                    "name": row.person.real_name,
                    "reasons": DistinctionOutput(row.reasons, many=True).data,
                    "open_case": row.open_case.pk if row.open_case else None,
                    "may_start": row.may_start,
                }
                for row in rows
            ]
        )
