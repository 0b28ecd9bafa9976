from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core.throttling import throttle_sign_in
from core.views import healthz

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("workflows.kit.urls")),  # every process's pages (list, new, case, steps) under its prefix
    path("tasks/", include("workflows.urls")),
    path("notifications/", include("notifications.urls")),
    path("audit/", include("audit.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("exports/", include("exports.urls")),
    path("designer/", include("designer.urls")),
    path("programmes/", include("programmes.urls")),
    path("attachments/", include("forms.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin's sign-in counts against the same per-address rate as every other way to sign in.
    path("admin/login/", throttle_sign_in(admin.site.login), name="admin-login"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script from its own URL: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "core.views.bad_request"
handler404 = "core.views.not_found"
handler403 = "core.views.forbidden"
