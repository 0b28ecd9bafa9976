from django.urls import path

from forms import apis

urlpatterns = [path("attachments/", apis.AttachmentUploadApi.as_view(), name="api-attachment-upload")]
