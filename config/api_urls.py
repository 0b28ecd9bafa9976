"""Every API route lives under /api/v1/; each app contributes its own router."""

from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api_urls")),
    path("", include("workflows.kit.api_urls")),
    path("", include("workflows.api_urls")),
    path("", include("forms.api_urls")),
    path("", include("notifications.api_urls")),
    path("", include("designer.api_urls")),
    path("", include("programmes.api_urls")),
]
