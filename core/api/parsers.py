"""DRF's parsers, refusing a NUL character anywhere in the parsed fields (core.nul): a username, a JSON key or a
form value with one would otherwise reach a PostgreSQL query and fail there. JSON nested deeper than
core.nul.MAX_DEPTH is refused too, as is JSON so deep that Python's decoder gives up (RecursionError, a 500 before):
both answer 400 ``parse_error``."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.nul import MAX_DEPTH, TooDeep, has_nul


class _RefusingNul(parsers.BaseParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            parsed = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The input is nested too deeply.")) from None
        try:
            nul = has_nul(getattr(parsed, "data", parsed))  # multipart: the fields, not the files' bytes
        except TooDeep:
            raise ParseError(_("The input is nested more than %(n)d levels deep.") % {"n": MAX_DEPTH}) from None
        if nul:
            raise ParseError(_("Null characters are not allowed."))
        return parsed


class JSONParser(_RefusingNul, parsers.JSONParser):
    pass


class FormParser(_RefusingNul, parsers.FormParser):
    pass


class MultiPartParser(_RefusingNul, parsers.MultiPartParser):
    pass
