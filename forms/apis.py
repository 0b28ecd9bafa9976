"""Uploading a file for later use as an attachment (evidence, plans, minutes): POST multipart ``file``."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from core.exceptions import ApplicationError
from forms.models import Attachment
from forms.services import attachment_create

_BINARY = {"type": "string", "format": "binary"}


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class AttachmentUploadApi(GenericAPIView):
    serializer_class = AttachmentSerializer
    parser_classes = [MultiPartParser]

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
