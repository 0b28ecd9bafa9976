"""The query parameters the baseline's figures take, read the same way on the pages and in the API."""

import datetime

from core.dates import business_today
from programmes.baseline.models import Level
from programmes.baseline.selectors import DEFAULT_MIN_LEVEL


def day_of(query) -> datetime.date:
    """The day the figures are for (?day=YYYY-MM-DD, at the latest today); today otherwise."""
    today = business_today()
    try:
        chosen = datetime.date.fromisoformat(query.get("day", ""))
    except ValueError:
        return today
    return min(chosen, today)


def min_level_of(query) -> int:
    """The lowest level of a backbone title counted (?min_level=1: 校级 too); 县级 otherwise."""
    return Level.SCHOOL if query.get("min_level") == str(Level.SCHOOL.value) else DEFAULT_MIN_LEVEL
