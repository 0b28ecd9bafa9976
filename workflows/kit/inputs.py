"""Inputs any process's steps share: a note (a comment and files) and a reason, each optional; a file field."""

from rest_framework import serializers

from forms.models import Attachment


class NoteInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    attachment_ids = serializers.PrimaryKeyRelatedField(
        queryset=Attachment.objects.all(), many=True, required=False, default=list
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


def attachment_field(**options) -> serializers.PrimaryKeyRelatedField:
    """An optional file, by the id of its upload (the engine refuses someone else's)."""
    return serializers.PrimaryKeyRelatedField(
        queryset=Attachment.objects.all(), required=False, allow_null=True, **options
    )
