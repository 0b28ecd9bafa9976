"""Resident identity numbers (居民身份证号码, GB 11643-1999).

We check the length, the digits, the ISO 7064 MOD 11-2 check character and
the birth date the number encodes (python-stdnum's ``cn.ric`` does the
arithmetic). We deliberately do not reject numbers whose six-digit region code
is missing from stdnum's region table: that table is incomplete for older
codes, and refusing a real person's number is worse than accepting an unusual
region code.
"""

import datetime

from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength

from core.exceptions import ApplicationError


def _refused(code: str, message) -> ApplicationError:
    return ApplicationError(code, message, fields={"id_number": [message]})


def normalise_id_number(value: str) -> str:
    return ric.compact(value or "").upper()


def validate_id_number(
    value: str,
    *,
    birth_date: datetime.date | None = None,
    gender: str | None = None,
    today: datetime.date | None = None,
) -> str:
    """Return the normalised number or raise ApplicationError with a stable code."""
    number = normalise_id_number(value)
    try:
        if len(number) != 18:
            raise InvalidLength()
        if not number[:17].isdigit():
            raise InvalidFormat()
        if number[-1] != ric.calc_check_digit(number):
            raise InvalidChecksum()
        encoded_birth = ric.get_birth_date(number)
    except InvalidLength:
        raise _refused("id_number_length", _("An ID number has 18 characters.")) from None
    except InvalidFormat:
        raise _refused("id_number_format", _("The first 17 characters of an ID number are digits.")) from None
    except InvalidChecksum:
        raise _refused("id_number_checksum", _("The ID number's check character is wrong.")) from None
    except InvalidComponent:
        raise _refused("id_number_birth_date", _("The ID number encodes an impossible birth date.")) from None
    if today is not None and encoded_birth > today:
        raise _refused("id_number_birth_date", _("The ID number encodes a birth date in the future."))
    if encoded_birth.year < 1900:
        raise _refused("id_number_birth_date", _("The ID number encodes an impossible birth date."))
    if birth_date is not None and birth_date != encoded_birth:
        raise _refused("id_number_birth_date_mismatch", _("The birth date does not match the one in the ID number."))
    if gender in ("M", "F") and id_number_gender(number) != gender:
        raise _refused("id_number_gender_mismatch", _("The gender does not match the one in the ID number."))
    return number


def id_number_birth_date(number: str) -> datetime.date:
    return ric.get_birth_date(number)


def id_number_gender(number: str) -> str:
    """The 17th digit is odd for men and even for women."""
    return "M" if int(number[16]) % 2 else "F"


def mask_id_number(number: str) -> str:
    """Keep the region code and the last four characters: 110105********1232."""
    if not number:
        return ""
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def make_id_number(region: str, birth_date: datetime.date, sequence: int) -> str:
    """Build a valid number (demo data and tests): region code, birth date, 3-digit sequence, check character."""
    body = f"{region}{birth_date:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")
