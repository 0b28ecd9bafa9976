"""API shapes for Process B applications: the kit's serializer of a case's fields (workflows.kit.serializers), with
its form's versions and the core school's opinions in the detail."""

from rest_framework import serializers

from workflows.community.actions import VERSIONS
from workflows.community.models import Application, Consultation
from workflows.kit.serializers import AvailableActionsField, case_serializer
from workflows.kit.versions import versions_field

LISTED = ("id", "kind", "school_year", "title", "stage", "community", "core_school", "member_school", "late")
LISTED += ("assessed", "filing_number", "filing_date")
DETAILED = ("deadline", "submitted_on", "return_reason", "version")


class ConsultationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consultation
        fields = ["opinion", "date", "given_by", "on_version"]


ApplicationListSerializer = case_serializer("ApplicationListSerializer", Application, LISTED)
ApplicationDetailSerializer = case_serializer(
    "ApplicationDetailSerializer",
    Application,
    DETAILED,
    base=ApplicationListSerializer,
    versions=versions_field(VERSIONS),
    consultations=ConsultationSerializer(many=True, read_only=True),
    available_actions=AvailableActionsField(),
)
