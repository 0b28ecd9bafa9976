"""Uploading a file for later use as an attachment (evidence, plans, minutes): POST multipart ``file``."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from core.exceptions import ApplicationError
from forms.models import Attachment
from forms.services import attachment_create

_BINARY = {"type": "string", "format": "binary"}


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class UploadRateThrottle(UserRateThrottle):
    """Uploads a person may make (ATTACHMENT_UPLOAD_RATE, default 20 a minute): 429 with Retry-After beyond. The
    byte quotas (forms.services) bound what gets through."""

    scope = "upload"

    def get_rate(self):
        return settings.ATTACHMENT_UPLOAD_RATE


class AttachmentUploadApi(GenericAPIView):
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser]
    throttle_classes = [UploadRateThrottle]

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses={201: AttachmentSerializer},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError(
                "file_missing", _("Choose a file to upload."), fields={"file": [str(_("Required."))]}
            )
        attachment = attachment_create(uploaded_by=request.user, upload=upload)
        return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
