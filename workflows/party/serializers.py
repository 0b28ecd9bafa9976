from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEvent
from workflows.party.models import PartyCase, PoliticalReview
from workflows.party.models.cases import MILESTONE_DATES


class CaseListSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.real_name")
    branch_name = serializers.CharField(source="branch.name")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = PartyCase
        fields = [
            "id",
            "person_id",
            "person_name",
            "branch_id",
            "branch_name",
            "identity",
            "case_status",
            "next_action",
            "next_due",
            "overdue",
            "application_date",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, case) -> bool:
        today = self.context["today"]
        return bool(case.next_due and case.next_due < today)


class CaseDetailSerializer(CaseListSerializer):
    rule_set = serializers.CharField(source="rule_set.name")
    open_steps = serializers.SerializerMethodField()
    available_actions = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "rule_set",
            "backfilled",
            "receipt_confirmed",
            *(name for name in MILESTONE_DATES if name not in CaseListSerializer.Meta.fields),
            "publicity_provisional",
            "form_number",
            "reported_date_provisional",
            "extension_months",
            "extension_count",
            "pending_outcome",
            "open_steps",
            "available_actions",
            "warnings",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_open_steps(self, case):
        return self.context["open_steps"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_available_actions(self, case):
        return self.context["available_actions"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, case):
        today = self.context["today"].isoformat()
        warnings = []
        for step in self.context["open_steps"]:
            if step.get("due") and step["due"] < today:
                warnings.append(f"{step['action']}_overdue")
            if step.get("hard") and step["hard"] < today:
                warnings.append(f"{step['action']}_past_hard_limit")
        return warnings


class HistorySerializer(serializers.ModelSerializer):
    data = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "action",
            "step",
            "from_state",
            "to_state",
            "actor_id",
            "actor_name",
            "actor_role",
            "on_behalf_of",
            "business_date",
            "created_at",
            "rule_set",
            "deadlines",
            "warnings",
            "reason",
            "override_approver_id",
            "data",
            "data_hash",
            "attachments",
            "comment",
        ]

    RESTRICTED = ("complete_political_review", "read_political_review")

    def _restricted(self, event) -> bool:
        return event.action in self.RESTRICTED and not self.context["political_review_visible"]

    @extend_schema_field(serializers.DictField())
    def get_data(self, event):
        return {"restricted": True} if self._restricted(event) else event.data

    def to_representation(self, event):
        body = super().to_representation(event)
        if self._restricted(event):  # not even the names of the review's files
            body["attachments"], body["comment"], body["reason"] = [], "", ""
        return body


class PoliticalReviewSerializer(serializers.ModelSerializer):
    document_sha256 = serializers.CharField(source="document.sha256", default=None, allow_null=True)

    class Meta:
        model = PoliticalReview
        fields = ["id", "passed", "concluded_on", "summary", "document_id", "document_sha256", "entered_by_id"]


class ActionResultSerializer(serializers.Serializer):
    case = CaseDetailSerializer()
    event_id = serializers.IntegerField()
    warnings = serializers.ListField(child=serializers.CharField())
