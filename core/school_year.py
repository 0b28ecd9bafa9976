"""School years (学年) are named by the calendar year they start in: 2026 is the 2026–2027 school year,
from 1 September 2026 to 31 August 2027 (Asia/Shanghai business dates)."""

import datetime

from django.utils.translation import gettext as _

FIRST_MONTH = 9


def school_year_of(day: datetime.date) -> int:
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def school_year_label(start_year: int) -> str:
    return _("%(start)d–%(end)d school year") % {"start": start_year, "end": start_year + 1}


def school_year_date(start_year: int, month: int, day: int) -> datetime.date:
    """The date with this month and day inside the school year (Sep–Dec in the first calendar year)."""
    return datetime.date(start_year if month >= FIRST_MONTH else start_year + 1, month, day)
