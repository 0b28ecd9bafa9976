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


def case_serializer(name: str, model, fields: tuple, *, base: type = serializers.ModelSerializer, **declared) -> type:
    """The API's serializer of a process's cases, named ``name`` in the schema: ``fields`` of ``model``, each relation
    to a named row (an organisation) with its ``<field>_name`` and each field with choices with its
    ``<field>_label``; ``declared``: more fields. ``base``: the list's serializer a detail extends."""
    more: dict = {}
    for field_name in fields:
        field = model._meta.get_field(field_name)
        if field.is_relation and any(f.name == "name" for f in field.related_model._meta.fields):
            more[f"{field_name}_name"] = serializers.CharField(source=f"{field_name}.name", read_only=True)
        elif field.choices:
            more[f"{field_name}_label"] = serializers.CharField(source=f"get_{field_name}_display", read_only=True)
    inherited = list(getattr(getattr(base, "Meta", None), "fields", []))
    meta = type("Meta", (), {"model": model, "fields": [*inherited, *fields, *more, *declared]})
    return type(name, (base,), {**more, **declared, "Meta": meta})
