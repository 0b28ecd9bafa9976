"""One error shape for every API response: {"code", "detail", "fields"}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import ApplicationError

_CODES = {
    exceptions.NotAuthenticated: ("not_authenticated", None),
    exceptions.AuthenticationFailed: ("authentication_failed", None),
    exceptions.PermissionDenied: ("permission_denied", None),
    exceptions.NotFound: ("not_found", None),
    exceptions.MethodNotAllowed: ("method_not_allowed", None),
    exceptions.NotAcceptable: ("not_acceptable", None),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", None),
    exceptions.Throttled: ("throttled", None),
    exceptions.ParseError: ("parse_error", None),
}


def error_body(code: str, detail, fields: dict | None = None) -> dict:
    return {"code": code, "detail": str(detail), "fields": fields or {}}


def _flatten(detail):
    """DRF nests errors in lists and dicts of ErrorDetail; keep the structure, make it plain strings."""
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) if isinstance(item, (dict, list)) else str(item) for item in detail]
    return [str(detail)]


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        response = Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code)
        if retry_after := getattr(exc, "retry_after", None):  # a rate refusal (429) says how long to wait
            response["Retry-After"] = str(retry_after)
        return response
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if isinstance(fields, list):
            fields = {"non_field_errors": fields}
        response.data = error_body("invalid", _("The input is not valid."), fields)
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    code = next((c for cls, (c, _unused) in _CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.Throttled):
        # DRF's own text keeps an untranslated "Expected available in N seconds"; Retry-After carries the wait.
        response.data = error_body(code, _("Too many attempts from your address. Please wait a minute and try again."))
        return response
    response.data = error_body(code, exc.detail)
    return response
