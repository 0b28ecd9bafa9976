from rest_framework import serializers

from designer.models import DesignedCase


class CaseSerializer(serializers.ModelSerializer):
    """A designed case in the API: its process and version, who started it where, its form and where it stands."""

    available_actions = serializers.SerializerMethodField()
    version_number = serializers.IntegerField(source="definition_version.number", read_only=True)

    class Meta:
        model = DesignedCase
        fields = [
            "id",
            "definition",
            "version_number",
            "title",
            "initiator",
            "organisation",
            "stage",
            "values",
            "created",
            "finished",
            "available_actions",
        ]

    def get_available_actions(self, case) -> list[str]:
        return self.context.get("available_actions", [])
