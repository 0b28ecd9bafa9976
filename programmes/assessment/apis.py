"""The assessment's API under /api/v1/programmes/assessment/: the same services and access helpers as the pages.
Errors come out as {"code", "message"} through the project's handler."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.inputs import validated
from core.exceptions import ApplicationError
from programmes.assessment import selectors, services
from programmes.assessment.access import assessment_for_user, correction_for_user, opened_for_user, sheet_for_user
from programmes.assessment.models import Correction, Scheme


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    max_score = serializers.DecimalField(max_digits=6, decimal_places=2)
    kinds = serializers.ListField(child=serializers.CharField(max_length=16), required=False, default=list)
    rule = serializers.CharField(max_length=10, required=False, default="NONE")
    count = serializers.IntegerField(required=False, default=1)


class GradeSerializer(serializers.Serializer):
    label = serializers.CharField(max_length=20)
    min = serializers.DecimalField(max_digits=8, decimal_places=2)


class SchemeInput(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    grades = GradeSerializer(many=True)
    indicators = IndicatorSerializer(many=True)


class ScoreItem(serializers.Serializer):
    indicator = serializers.CharField(max_length=20)
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ScoreInput(serializers.Serializer):
    scores = ScoreItem(many=True)


class CorrectionInput(serializers.Serializer):
    participant = serializers.IntegerField()
    indicator = serializers.CharField(max_length=20)
    after = serializers.DecimalField(max_digits=6, decimal_places=2)
    reason = serializers.CharField(max_length=1000)


class DecideInput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


def scheme_data(scheme: Scheme) -> dict:
    return {
        "id": scheme.pk,
        "version": scheme.version,
        "title": scheme.title,
        "grades": scheme.grades,
        "full_marks": str(scheme.full_marks),
        "indicators": [
            {
                "code": i.code,
                "title": i.title,
                "description": i.description,
                "max_score": str(i.max_score),
                "kinds": i.kinds,
                "rule": i.rule,
                "count": i.count,
            }
            for i in scheme.indicators.order_by("order", "code")
        ],
    }


def sheet_data(sheet) -> dict | None:
    if sheet is None:
        return None
    return {
        "id": sheet.pk,
        "version": sheet.version,
        "status": sheet.status,
        "status_label": sheet.get_status_display(),
        "scheme_version": sheet.scheme.version,
        "rows": sheet.rows,
        "total": str(sheet.total),
        "grade": sheet.grade,
        "scored_at": sheet.scored_at,
        "published_at": sheet.published_at,
    }


def correction_data(c: Correction) -> dict:
    return {
        "id": c.pk,
        "participant": c.sheet.participant_id,
        "participant_name": c.sheet.participant.person.real_name,
        "sheet_version": c.sheet.version,
        "indicator": c.indicator,
        "indicator_title": selectors.indicator_titles(c),
        "before": str(c.before),
        "after": str(c.after),
        "reason": c.reason,
        "status": c.status,
        "status_label": c.get_status_display(),
        "requested_by": c.requested_by.real_name,
        "decided_by": c.decided_by.real_name if c.decided_by else None,
        "produced_version": c.produced.version if c.produced else None,
    }


def assessment_data(programme, assessment) -> dict:
    rows = selectors.participant_rows(assessment, programme)
    return {
        "programme": programme.pk,
        "opened": assessment is not None,
        "published_at": assessment.published_at if assessment else None,
        "scheme": scheme_data(assessment.scheme) if assessment else None,
        "participants": [
            {
                "id": r["participant"].pk,
                "name": r["participant"].person.real_name,
                "direction": r["participant"].get_direction_display(),
                "total": str(r["sheet"].total) if r["sheet"] else None,
                "grade": r["sheet"].grade if r["sheet"] else None,
                "status": r["sheet"].status if r["sheet"] else None,
            }
            for r in rows
        ],
    }


class AssessmentApi(APIView):
    """GET: the programme's assessment (organisers): its indicator set and each listed participant's total."""

    @extend_schema(responses=dict)
    def get(self, request, pk):
        programme, assessment = assessment_for_user(request.user, pk)
        return Response(assessment_data(programme, assessment))


class OpenApi(APIView):
    @extend_schema(request=None, responses=dict)
    def post(self, request, pk):
        programme, _assessment = assessment_for_user(request.user, pk)
        assessment = services.assessment_open(actor=request.user, programme=programme)
        return Response(assessment_data(programme, assessment), status=status.HTTP_201_CREATED)


class PublishApi(APIView):
    @extend_schema(request=None, responses=dict)
    def post(self, request, pk):
        assessment = opened_for_user(request.user, pk)
        assessment = services.assessment_publish(actor=request.user, assessment=assessment)
        return Response(assessment_data(assessment.programme, assessment))


class SchemeApi(APIView):
    """GET: the indicator set in force; PUT: edit it (in place before scoring, else its next version)."""

    @extend_schema(responses=dict)
    def get(self, request, pk):
        assessment = opened_for_user(request.user, pk)
        return Response(scheme_data(assessment.scheme))

    @extend_schema(request=SchemeInput, responses=dict)
    def put(self, request, pk):
        assessment = opened_for_user(request.user, pk)
        data = validated(SchemeInput, request.data)
        scheme = services.scheme_update(
            actor=request.user,
            assessment=assessment,
            title=data["title"],
            grades=[dict(g) for g in data["grades"]],
            indicators=[dict(i) for i in data["indicators"]],
        )
        return Response(scheme_data(scheme))


class SheetApi(APIView):
    """GET: a participant's sheet (organisers; the participant and their responsible person once published) with
    each indicator's proposal and the records behind it; PUT: score it (organisers, before publication)."""

    @extend_schema(responses=dict)
    def get(self, request, pk, participant):
        programme, person, assessment, sheet, organises = sheet_for_user(request.user, pk, participant)
        live = organises and assessment is not None and not assessment.published_at
        lines = selectors.sheet_lines(assessment, person, sheet, live=live) if assessment else []
        return Response(
            {
                "participant": person.pk,
                "name": person.person.real_name,
                "sheet": sheet_data(sheet),
                "lines": [
                    {
                        **{k: line[k] for k in ("code", "title", "reason", "proposal_exact", "done", "records")},
                        "max": str(line["max"]),
                        "score": str(line["score"]) if line["score"] is not None else None,
                        "proposal": str(line["proposal"]) if line["proposal"] is not None else None,
                    }
                    for line in lines
                ],
            }
        )

    @extend_schema(request=ScoreInput, responses=dict)
    def put(self, request, pk, participant):
        programme, person, assessment, sheet, organises = sheet_for_user(request.user, pk, participant)
        if not organises:
            raise PermissionDenied
        if assessment is None:
            raise Http404
        data = validated(ScoreInput, request.data)
        sheet = services.sheet_score(
            actor=request.user, assessment=assessment, participant=person, items=[dict(i) for i in data["scores"]]
        )
        return Response(sheet_data(sheet))


class CorrectionsApi(APIView):
    """GET: the assessment's corrections; POST: request one (after publication)."""

    @extend_schema(responses=dict)
    def get(self, request, pk):
        assessment = opened_for_user(request.user, pk)
        return Response([correction_data(c) for c in selectors.corrections_of(assessment)])

    @extend_schema(request=CorrectionInput, responses=dict)
    def post(self, request, pk):
        assessment = opened_for_user(request.user, pk)
        data = validated(CorrectionInput, request.data)
        participant = assessment.programme.participants.filter(pk=data["participant"]).first()
        if participant is None:
            raise ApplicationError(
                "participant_not_listed",
                _("Only a participant on the programme's list is assessed."),
                fields={"participant": [str(data["participant"])]},
            )
        correction = services.correction_request(
            actor=request.user,
            assessment=assessment,
            participant=participant,
            indicator=data["indicator"],
            after=data["after"],
            reason=data["reason"],
        )
        return Response(correction_data(correction), status=status.HTTP_201_CREATED)


class DecideApi(APIView):
    @extend_schema(request=DecideInput, responses=dict)
    def post(self, request, pk):
        correction = correction_for_user(request.user, pk)
        data = validated(DecideInput, request.data)
        correction = services.correction_decide(
            actor=request.user, correction=correction, approve=data["decision"] == "approve", comment=data["comment"]
        )
        return Response(correction_data(correction))
