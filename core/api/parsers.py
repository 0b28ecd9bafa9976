"""DRF's parsers, refusing a NUL character anywhere in the parsed fields (core.nul): a username, a JSON key or a
form value with one would otherwise reach a PostgreSQL query and fail there."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.nul import has_nul


class _RefusingNul:
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        if has_nul(getattr(parsed, "data", parsed)):  # multipart: the fields, not the files' bytes
            raise ParseError(_("Null characters are not allowed."))
        return parsed


class JSONParser(_RefusingNul, parsers.JSONParser):
    pass


class FormParser(_RefusingNul, parsers.FormParser):
    pass


class MultiPartParser(_RefusingNul, parsers.MultiPartParser):
    pass
