"""Operators of conditions and the values they compare: exact decimals or ISO dates."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

COMPARE = ("=", "!=", ">", ">=", "<", "<=", "between")
CHOICE = ("in", "not_in")
MULTI = ("contains_any", "contains_all")
WITHIN = ("within", "not_within")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Scalar = Decimal | date


def scalar(value: Any) -> Scalar | None:
    """A stored or compared value as a date (ISO form) or an exact decimal; None when it is neither."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text)
        number = Decimal(text)
    except (ValueError, InvalidOperation):
        return None
    return number if number.is_finite() else None
