import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.api.errors import error_body


def healthz(request):
    """Liveness for load balancers: database always, Redis when configured. 200 when all are up, else 503.
    Anyone learns only up or down; which part failed, and why, is for staff (issue #15)."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # report, never raise: this view must answer
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    body: dict[str, object] = {"status": "ok" if healthy else "error"}
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_staff:
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    """A URL no route matches (e.g. /api/v1/party/cases/abc/): the API answers in its own error shape."""
    if _is_api(request):
        return JsonResponse(error_body("not_found", _("Not found.")), status=404)
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    if _is_api(request):
        detail = _("You do not have permission to perform this action.")
        return JsonResponse(error_body("permission_denied", detail), status=403)
    return render(request, "errors/403.html", status=403)


def bad_request(request, exception=None):
    """A request Django refuses before any view (too many fields, a bad host, a broken upload): the API answers in
    its own error shape; a page in the site's shell (viewflow's own 400 template would show otherwise)."""
    if _is_api(request):
        return JsonResponse(error_body("bad_request", _("The request could not be read.")), status=400)
    return render(request, "errors/400.html", status=400)
