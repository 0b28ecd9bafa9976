"""Output of the evaluation API. The detail shows both tracks with every indicator's self-score and
assessed score side by side, the appointments and visits, the results the viewer may see, and what
the viewer may do now."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEvent
from core.school_year import school_year_label
from workflows.evaluation.case_page import whose
from workflows.evaluation.models import (
    Appointment,
    EvaluationCase,
    GradingResult,
    Indicator,
    IndicatorScore,
    IndicatorSet,
    OnSiteVisit,
    ProjectEvaluation,
    ResultCorrection,
    RoutineEvaluation,
    SchemeVersion,
)
from workflows.evaluation.selectors import available_actions, missing_tracks, visible_results


class AttachmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    sha256 = serializers.CharField()


class IndicatorScoreSerializer(serializers.ModelSerializer):
    indicator = serializers.CharField(source="indicator.code")
    title = serializers.CharField(source="indicator.title")
    max_score = serializers.DecimalField(source="indicator.max_score", max_digits=8, decimal_places=2)
    evidence = AttachmentRefSerializer(many=True)
    assessed_by_name = serializers.CharField(source="assessed_by.real_name", default=None, allow_null=True)

    class Meta:
        model = IndicatorScore
        fields = [
            "indicator",
            "title",
            "max_score",
            "self_score",
            "self_note",
            "evidence",
            "assessed_score",
            "assessed_by_id",
            "assessed_by_name",
            "assessed_at",
            "comment",
        ]


TRACK_FIELDS = [
    "id",
    "status",
    "status_label",
    "due",
    "late",
    "self_submitted_at",
    "self_submitted_by_name",
    "summary",
    "comment",
    "score",
    "scored_at",
    "scores",
]


class TrackSerializer(serializers.ModelSerializer):
    # Choice fields as plain strings: their values are the stable codes of DOMAIN §4.4 (no schema enums).
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    self_submitted_by_name = serializers.CharField(source="self_submitted_by.real_name", default=None, allow_null=True)
    scores = IndicatorScoreSerializer(many=True)


class RoutineSerializer(TrackSerializer):
    school_id = serializers.IntegerField()
    term = serializers.IntegerField()
    school_name = serializers.CharField(source="school.name")

    class Meta:
        model = RoutineEvaluation
        fields = ["school_id", "school_name", "term", *TRACK_FIELDS]


class AppointmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.real_name")
    role = serializers.CharField()

    class Meta:
        model = Appointment
        fields = ["user_id", "name", "role", "appointed_at"]


class VisitSerializer(serializers.ModelSerializer):
    inspectors = serializers.SerializerMethodField()
    photos = AttachmentRefSerializer(many=True)

    class Meta:
        model = OnSiteVisit
        fields = ["id", "visit_date", "inspectors", "checklist", "findings", "photos", "recorded_by_id", "recorded_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_inspectors(self, visit):
        return [u.real_name for u in visit.inspectors.all()]


class ProjectSerializer(TrackSerializer):
    component = serializers.CharField()
    core_school_id = serializers.IntegerField()
    member_school_id = serializers.IntegerField()
    member_school_name = serializers.CharField(source="member_school.name")
    appointments = AppointmentSerializer(many=True)
    visits = VisitSerializer(many=True)

    class Meta:
        model = ProjectEvaluation
        fields = [
            "component",
            "core_school_id",
            "member_school_id",
            "member_school_name",
            "application_id",
            *TRACK_FIELDS,
            "appointments",
            "visits",
        ]


class CorrectionSerializer(serializers.ModelSerializer):
    status = serializers.CharField()
    requested_by_name = serializers.CharField(source="requested_by.real_name")
    decided_by_name = serializers.CharField(source="decided_by.real_name", default=None, allow_null=True)

    class Meta:
        model = ResultCorrection
        fields = [
            "id",
            "field",
            "before",
            "after",
            "reason",
            "status",
            "requested_by_id",
            "requested_by_name",
            "requested_at",
            "decided_by_id",
            "decided_by_name",
            "decided_at",
            "decision_comment",
            "produced_id",
        ]


class ResultSerializer(serializers.ModelSerializer):
    status = serializers.CharField()
    corrections = CorrectionSerializer(many=True)

    class Meta:
        model = GradingResult
        fields = [
            "id",
            "version",
            "status",
            "reading",
            "community_type",
            "scheme",
            "rows",
            "warnings",
            "computed_by_id",
            "computed_at",
            "published_by_id",
            "published_at",
            "corrections",
        ]


class EvaluationCaseListSerializer(serializers.ModelSerializer):
    status = serializers.CharField()
    community_name = serializers.CharField(source="community.name")
    community_type = serializers.CharField(source="community.community_type")
    school_year_label = serializers.SerializerMethodField()
    scheme_code = serializers.CharField(source="scheme.code")
    reading = serializers.CharField(source="scheme.reading")
    progress = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationCase
        fields = [
            "id",
            "community_id",
            "community_name",
            "community_type",
            "school_year",
            "school_year_label",
            "scheme_code",
            "reading",
            "status",
            "progress",
        ]

    def get_school_year_label(self, case) -> str:
        return school_year_label(case.school_year)

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_progress(self, case):
        if not hasattr(case, "routine_total"):
            return {}
        return {
            "routine_scored": case.routine_scored,
            "routine_total": case.routine_total,
            "project_scored": case.project_scored,
            "project_total": case.project_total,
        }


class EvaluationCaseDetailSerializer(EvaluationCaseListSerializer):
    routine = RoutineSerializer(many=True)
    projects = ProjectSerializer(many=True)
    tracks_not_open = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()

    class Meta(EvaluationCaseListSerializer.Meta):
        fields = EvaluationCaseListSerializer.Meta.fields + [
            "routine",
            "projects",
            "tracks_not_open",
            "results",
            "available_actions",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_tracks_not_open(self, case):
        return [
            {"member_school_id": gap["member_school"].pk, "component": gap["component"]} for gap in missing_tracks(case)
        ]

    @extend_schema_field(ResultSerializer(many=True))
    def get_results(self, case):
        return ResultSerializer(visible_results(case, self.context["request"].user), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_available_actions(self, case):
        return available_actions(case, self.context["request"].user)


class EvaluationHistorySerializer(serializers.ModelSerializer):
    """Before publication, the figures of a result are the bureau's: a school sees that the year was
    aggregated or corrected, not the numbers (context "restricted": True)."""

    RESTRICTED = ("aggregate", "publish_return", "request_correction", "approve_correction", "reject_correction")
    data = serializers.SerializerMethodField()
    about = serializers.SerializerMethodField(help_text="Which school (and term or component) the event concerns.")

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "action",
            "from_state",
            "to_state",
            "actor_id",
            "actor_name",
            "actor_role",
            "organisation_id",
            "business_date",
            "created_at",
            "rule_set",
            "deadlines",
            "warnings",
            "reason",
            "override_approver_id",
            "corrects_id",
            "data",
            "data_hash",
            "attachments",
            "comment",
            "about",
        ]

    def get_about(self, event) -> str:
        return whose(event)

    @extend_schema_field(serializers.DictField())
    def get_data(self, event):
        if self.context.get("restricted") and event.action in self.RESTRICTED:
            return {"restricted": True}
        return event.data


class EvaluationActionResultSerializer(serializers.Serializer):
    case = EvaluationCaseDetailSerializer()
    event_id = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "title", "description", "max_score", "order"]


class IndicatorSetSerializer(serializers.ModelSerializer):
    track = serializers.CharField()
    indicators = IndicatorSerializer(many=True)

    class Meta:
        model = IndicatorSet
        fields = ["id", "code", "version", "track", "title", "full_marks", "published_at", "indicators"]


class SchemeSerializer(serializers.ModelSerializer):
    reading = serializers.CharField()
    feature_policy = serializers.CharField()
    routine_set = serializers.CharField(source="routine_set.label")
    project_set = serializers.CharField(source="project_set.label")
    feature_set = serializers.CharField(source="feature_set.label")

    class Meta:
        model = SchemeVersion
        fields = [
            "id",
            "code",
            "title",
            "reading",
            "ratios",
            "routine_full_marks",
            "places",
            "grades",
            "core_combination",
            "feature_policy",
            "evidence_required",
            "term1_due_month",
            "term1_due_day",
            "term2_due_month",
            "term2_due_day",
            "project_due_month",
            "project_due_day",
            "routine_set",
            "project_set",
            "feature_set",
            "is_default",
            "created_at",
        ]
