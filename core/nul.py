"""NUL characters: PostgreSQL stores none, in text or in JSON, and refuses to compare text with one, so input that
carries one is refused as invalid before anything reads it (instead of failing at the database with a 500).

Text fields of forms and serializers refuse it themselves; what is left is the query string (filters and search
of every list, page or API), the keys and values of free-form JSON, and lookups by a client's text (a username):
this middleware, the API's parsers (core.api.parsers) and core.api.inputs.validated.
"""

from collections.abc import Mapping

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if hasattr(value, "lists"):  # a QueryDict: every value of every key
        return any(has_nul(key) or has_nul(items) for key, items in value.lists())
    if isinstance(value, Mapping):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    return False


class RefuseNulMiddleware:
    """A query string with a NUL (%00) is answered 400 before any view: in the API's error shape under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request.GET):
            message = _("Null characters are not allowed.")
            if request.path.startswith("/api/"):
                from core.api.errors import error_body  # not at import: DRF's settings import this module's parsers

                body = error_body("invalid", _("The input is not valid."), {"non_field_errors": [message]})
                return JsonResponse(body, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
