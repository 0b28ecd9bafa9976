from django.urls import path

from forms import views

urlpatterns = [
    path("<int:pk>/download/", views.attachment_download, name="attachment-download"),
    path("<int:pk>/preview/", views.attachment_preview, name="attachment-preview"),
]
