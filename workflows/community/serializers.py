"""API shapes for Process B applications."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.community.models import Application, ApplicationVersion
from workflows.kit.serializers import AvailableActionsField


class ApplicationListSerializer(serializers.ModelSerializer):
    community_name = serializers.CharField(source="community.name", read_only=True)
    core_school_name = serializers.CharField(source="core_school.name", read_only=True)
    member_school_name = serializers.CharField(source="member_school.name", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "kind",
            "school_year",
            "title",
            "stage",
            "stage_label",
            "community",
            "community_name",
            "core_school",
            "core_school_name",
            "member_school",
            "member_school_name",
            "late",
            "assessed",
            "filing_number",
            "filing_date",
        ]


class VersionSerializer(serializers.ModelSerializer):
    form_code = serializers.CharField(source="submission.definition.code", read_only=True)
    form_version = serializers.IntegerField(source="submission.definition.version", read_only=True)
    data = serializers.JSONField(source="submission.data", read_only=True)
    plan_name = serializers.CharField(source="plan.original_name", read_only=True, default=None, allow_null=True)
    plan_sha256 = serializers.CharField(source="plan.sha256", read_only=True, default=None, allow_null=True)

    class Meta:
        model = ApplicationVersion
        fields = ["number", "form_code", "form_version", "data", "plan_id", "plan_name", "plan_sha256", "changes"]
        fields += ["created_by_id", "created_at"]


class ApplicationDetailSerializer(ApplicationListSerializer):
    versions = serializers.SerializerMethodField()
    available_actions = AvailableActionsField()
    consultations = serializers.SerializerMethodField()

    class Meta(ApplicationListSerializer.Meta):
        fields = [
            *ApplicationListSerializer.Meta.fields,
            "deadline",
            "submitted_on",
            "return_reason",
            "version",
            "versions",
            "consultations",
            "available_actions",
        ]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, application):
        return VersionSerializer(self.context["versions"], many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_consultations(self, application):
        return [
            {"opinion": c.opinion, "date": c.date, "given_by": c.given_by_id, "on_version": c.on_version}
            for c in application.consultations.all()
        ]
