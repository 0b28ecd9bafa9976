"""Reading a request's input the same way in every process: validated data or ``invalid`` with the field
errors as plain strings, and the client facts (type, IP) that audit events record."""

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


def validated(serializer_class, payload, context: dict | None = None) -> dict:
    serializer = serializer_class(data=payload if payload is not None else {}, context=context or {})
    if not serializer.is_valid():
        raise ApplicationError("invalid", _("The input is not valid."), fields=_plain(serializer.errors))
    return serializer.validated_data


def _plain(errors):
    if isinstance(errors, dict):
        return {key: _plain(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [_plain(e) if isinstance(e, (dict, list)) else str(e) for e in errors]
    return [str(errors)]


def client_facts(request) -> dict:
    return {"client_type": request.headers.get("X-Client-Type", "api")[:20], "ip": request.META.get("REMOTE_ADDR")}
