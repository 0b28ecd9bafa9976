"""Reading a request's input the same way in every process: validated data or ``invalid`` with the field
errors as plain strings, and the client facts (type, IP) that audit events record."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from core.client_ip import request_facts
from core.exceptions import ApplicationError
from core.nul import MAX_DEPTH, TooDeep, has_nul


def validated(serializer_class, payload, context: dict | None = None) -> dict:
    serializer = serializer_class(data=payload if payload is not None else {}, context=context or {})
    if not serializer.is_valid():
        raise ApplicationError("invalid", _("The input is not valid."), fields=_plain(serializer.errors))
    try:
        nul = has_nul(serializer.validated_data)
    except TooDeep:  # free-form JSON that did not come through the parsers (a form field): same answer as theirs
        message = _("The input is nested more than %(n)d levels deep.") % {"n": MAX_DEPTH}
        raise ApplicationError("parse_error", message) from None
    if nul:
        # PostgreSQL stores no NUL character, in text or in JSON: refused here rather than failing at the write.
        # Text fields refuse it themselves; this catches the keys and values of free-form dicts.
        fields = {"non_field_errors": [str(_("Null characters are not allowed."))]}
        raise ApplicationError("invalid", _("The input is not valid."), fields=fields)
    return serializer.validated_data


def body_of(request) -> Mapping:
    """The request body as a mapping, for views that add to it; a JSON list, number or string is ``invalid``."""
    if not isinstance(request.data, Mapping):
        raise ApplicationError("invalid", _("The input is not valid."))
    return request.data


def _plain(errors):
    if isinstance(errors, dict):
        return {key: _plain(value) for key, value in errors.items()}
    if isinstance(errors, list):
        return [_plain(e) if isinstance(e, (dict, list)) else str(e) for e in errors]
    return [str(errors)]


def client_facts(request) -> dict:
    """The request facts of an API call: always "api" (never a client's X-Client-Type) and the client's address
    through the trusted proxies (core.client_ip), not the proxy's."""
    return {**request_facts(request), "client_type": "api"}
