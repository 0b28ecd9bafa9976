"""The programmes API's input and output serializers: outputs carry codes and their labels; inputs what one service
takes (the services check the rules)."""

from rest_framework import serializers

from programmes.models import (
    ActivityKind,
    Attendance,
    Audience,
    Direction,
    Invitation,
    Participant,
    Programme,
    ProgrammeKind,
    Quota,
    QuotaPeriod,
    Stage,
    Term,
)
from programmes.selectors import quota_words


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "number", "starts", "ends"]


class StageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "order", "name", "starts", "ends", "description"]


class QuotaSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    period_label = serializers.CharField(source="get_period_display", read_only=True)
    audience_label = serializers.CharField(source="get_audience_display", read_only=True)
    words = serializers.SerializerMethodField()

    class Meta:
        model = Quota
        fields = ["id", "kind", "kind_label", "period", "period_label", "count", "audience", "audience_label"]
        fields += ["note", "words"]

    def get_words(self, quota) -> str:
        return quota_words(quota)


class InvitationSerializer(serializers.ModelSerializer):
    attended_label = serializers.CharField(source="get_attended_display", read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "participant", "meeting_date", "title", "invited_by", "invited_at", "attended"]
        fields += ["attended_label", "recorded_by", "recorded_at"]


class ParticipantSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.real_name", read_only=True)
    responsible_name = serializers.CharField(source="responsible.real_name", read_only=True, default=None)
    responsible_unit_name = serializers.CharField(source="responsible_unit.name", read_only=True, default=None)
    direction_label = serializers.CharField(source="get_direction_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    invitations = InvitationSerializer(many=True, read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "programme", "person", "person_name", "direction", "direction_label", "status"]
        fields += ["status_label", "responsible", "responsible_name", "responsible_unit", "responsible_unit_name"]
        fields += ["deadline", "nomination", "added_at", "removed_reason", "removed_at", "invitations"]


class ProgrammeSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "organisation", "organisation_name", "kind", "kind_label", "name", "school_year"]
        fields += ["description", "adopted_from", "created_at"]


class ProgrammeDetailSerializer(ProgrammeSerializer):
    terms = TermSerializer(many=True, read_only=True)
    stages = StageSerializer(many=True, read_only=True)
    quotas = QuotaSerializer(many=True, read_only=True)

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "terms", "stages", "quotas"]


class ProgrammeCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices)
    organisation = serializers.IntegerField()
    school_year = serializers.IntegerField()
    name = serializers.CharField(max_length=120, required=False, default="", allow_blank=True)
    description = serializers.CharField(required=False, default="", allow_blank=True)


class ProgrammeUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class StageInput(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    starts = serializers.DateField()
    ends = serializers.DateField()
    description = serializers.CharField(required=False, default="", allow_blank=True)


class TermInput(serializers.Serializer):
    starts = serializers.DateField()
    ends = serializers.DateField()


class QuotaInput(serializers.Serializer):
    # Codes are checked by the service (unknown_activity, unknown_period, quota_below_zero): same codes as the pages.
    kind = serializers.CharField(max_length=16, help_text=", ".join(ActivityKind.values))
    period = serializers.CharField(max_length=12, help_text=", ".join(QuotaPeriod.values))
    count = serializers.IntegerField()
    audience = serializers.CharField(max_length=12, required=False, default=Audience.ALL)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class AdoptInput(serializers.Serializer):
    organisation = serializers.IntegerField()


class ParticipantInput(serializers.Serializer):
    person = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    responsible = serializers.IntegerField(required=False, allow_null=True, default=None)
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class ParticipantUpdateInput(serializers.Serializer):
    responsible = serializers.IntegerField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)


class RemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class InvitationInput(serializers.Serializer):
    meeting_date = serializers.DateField()
    title = serializers.CharField(max_length=120)


class AttendanceInput(serializers.Serializer):
    attended = serializers.ChoiceField(choices=[Attendance.YES, Attendance.NO])
