"""Phone numbers and email addresses of people: checked where they are entered (pages, import, API).

A phone number is a mainland mobile number (11 digits starting 13–19, optionally written with +86 or 86 before it)
or a landline with its area code (3 or 4 digits starting with 0, then 7–8 digits, optionally an extension).
Spaces, brackets and hyphens between digit groups are accepted and dropped; what is stored is the digits (and a
hyphen before a landline's number and extension), so that one number is written one way.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})")
# Area codes 010 and 020–029 have three digits, every other one four (so "0101234567" is not ambiguous).
_LANDLINE = re.compile(r"(010|02\d|0[3-9]\d\d)(\d{7,8})(?:(?:转|ext\.?|x|#)(\d{1,6}))?", re.IGNORECASE)


def normalise_phone(value: str) -> str:
    """The number as stored ("" for none), or ApplicationError ``phone_invalid``."""
    text = re.sub(r"[\s\-()（）]", "", str(value or ""))
    if not text:
        return ""
    if mobile := _MOBILE.fullmatch(text):
        return mobile.group(1)
    if landline := _LANDLINE.fullmatch(text):
        area, number, extension = landline.groups()
        return f"{area}-{number}" + (f"-{extension}" if extension else "")
    raise ApplicationError(
        "phone_invalid",
        _("The phone number is neither a mobile number (11 digits) nor a landline with its area code."),
        fields={"phone": [_("Not a valid phone number.")]},
    )


def normalise_email(value: str) -> str:
    """The address as stored ("" for none), or ApplicationError ``email_invalid``."""
    text = str(value or "").strip()
    if not text:
        return ""
    try:
        validate_email(text)
    except ValidationError:
        raise ApplicationError(
            "email_invalid", _("The email address is not valid."), fields={"email": [_("Not a valid email address.")]}
        ) from None
    return text
