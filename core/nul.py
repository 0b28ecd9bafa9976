"""NUL characters: PostgreSQL stores none, in text or in JSON, and refuses to compare text with one, so input that
carries one is refused as invalid before anything reads it (instead of failing at the database with a 500).

Text fields of forms and serializers refuse it themselves; what is left is the query string (filters and search
of every list, page or API), the keys and values of free-form JSON, and lookups by a client's text (a username):
this middleware, the API's parsers (core.api.parsers) and core.api.inputs.validated.

The walk is iterative and bounded: JSON nested deeper than MAX_DEPTH is refused (TooDeep, answered 400
``parse_error``) instead of exhausting Python's recursion (a RecursionError was a 500; issue #15 item 15).
"""

from collections.abc import Mapping

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

MAX_DEPTH = 64  # no input of ours nests deeper than a few levels


class TooDeep(ValueError):
    """Input nested deeper than MAX_DEPTH."""


def has_nul(value) -> bool:
    """Whether a NUL is in a string anywhere in ``value`` (keys too); TooDeep when nested deeper than MAX_DEPTH."""
    stack = [(value, 0)]
    found = False
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            found = found or "\x00" in item
            continue
        if depth >= MAX_DEPTH:
            if hasattr(item, "lists") or isinstance(item, Mapping | list | tuple):
                raise TooDeep(f"nested deeper than {MAX_DEPTH}")
            continue
        if hasattr(item, "lists"):  # a QueryDict: every value of every key
            stack.extend((part, depth + 1) for key, items in item.lists() for part in (key, items))
        elif isinstance(item, Mapping):
            stack.extend((part, depth + 1) for key, child in item.items() for part in (key, child))
        elif isinstance(item, list | tuple):
            stack.extend((child, depth + 1) for child in item)
    return found


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
