"""What the kit's API puts in every process's serializers: the actions the viewer can take on the case now, and the
case's history as its audit events (when the process names no serializer of its own)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from audit.models import AuditEvent


@extend_schema_field(serializers.ListField(child=serializers.CharField()))
class AvailableActionsField(serializers.Field):
    """The codes of the actions the viewer can take on the case now, as the detail's context holds them
    (workflows.kit.apis.detail_body)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> list[str]:
        return self.context["available_actions"]


class EventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "action", "from_state", "to_state", "actor_id", "actor_name", "actor_role"]
        fields += ["organisation_id", "business_date", "created_at", "deadlines", "warnings", "reason", "data"]
        fields += ["data_hash", "attachments", "comment"]
