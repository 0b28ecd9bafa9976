"""Reasoning over conditions without a case (for `conditions.can_hold` and `conditions.covers`): the values one
subject (a field, a table column's sum, a date range's length, the initiator) may take under a set of conditions."""

from collections.abc import Iterable, Mapping
from typing import Any

from designer.definition.scalars import CHOICE, COMPARE, MULTI, WITHIN, Scalar, scalar


def subject_of(condition: Mapping[str, Any]) -> tuple[Any, ...]:
    if "initiator" in condition:
        return ("initiator", condition.get("initiator"))
    return ("field", condition.get("field"), condition.get("column"), condition.get("measure"))


class Range:
    """The values one subject may take under a set of comparison conditions: bounds, excluded points, allowed
    choices. `empty` is true when no value satisfies them all; `unknown` when a value could not be read."""

    def __init__(self, multi: bool = False) -> None:
        self.multi = multi  # the initiator's roles/organisations: several at once, `in` holds through any of them
        self.low: Scalar | None = None
        self.low_in = True
        self.high: Scalar | None = None
        self.high_in = True
        self.excluded: set[Scalar] = set()
        self.allowed: set[str] | None = None
        self.forbidden: set[str] = set()
        self.unknown = False
        self.never = False

    def _raise_low(self, value: Scalar, inclusive: bool) -> None:
        if self.low is None or type(self.low) is not type(value) or value > self.low:  # type: ignore[operator]
            self.low, self.low_in = value, inclusive
        elif value == self.low:
            self.low_in = self.low_in and inclusive

    def _lower_high(self, value: Scalar, inclusive: bool) -> None:
        if self.high is None or type(self.high) is not type(value) or value < self.high:  # type: ignore[operator]
            self.high, self.high_in = value, inclusive
        elif value == self.high:
            self.high_in = self.high_in and inclusive

    def add(self, condition: Mapping[str, Any]) -> None:
        op, value = condition.get("op"), condition.get("value")
        if op in CHOICE or op in WITHIN or op in MULTI:
            items = {str(item) for item in value} if isinstance(value, list) else None
            if items is None:
                self.unknown = True
            elif not items and op in ("in", "within", "contains_any", "contains_all"):
                self.never = True
            elif op in MULTI or (self.multi and (op in ("not_in", "not_within") or self.allowed is not None)):
                self.unknown = True  # holds through several values at once: no range to reason with
            elif op in ("in", "within"):
                self.allowed = items if self.allowed is None else self.allowed & items
            elif op in ("not_in", "not_within"):
                self.forbidden |= items
            return
        if op == "between":
            pair = [scalar(item) for item in value] if isinstance(value, list) and len(value) == 2 else [None]
            if None in pair:
                self.unknown = True
                return
            self._raise_low(pair[0], True)  # type: ignore[arg-type]
            self._lower_high(pair[1], True)  # type: ignore[arg-type]
            return
        point = scalar(value)
        if point is None or op not in COMPARE:
            self.unknown = True
        elif op == "=":
            self._raise_low(point, True)
            self._lower_high(point, True)
        elif op == "!=":
            self.excluded.add(point)
        elif op in (">", ">="):
            self._raise_low(point, op == ">=")
        else:
            self._lower_high(point, op == "<=")

    @property
    def empty(self) -> bool:
        if self.never:
            return True
        if self.allowed is not None and not (self.allowed - self.forbidden):
            return True
        if self.low is None or self.high is None or type(self.low) is not type(self.high):
            return False
        if self.low > self.high:  # type: ignore[operator]
            return True
        if self.low == self.high:
            return not (self.low_in and self.high_in) or self.low in self.excluded
        return False

    def within(self, other: "Range") -> bool:
        """Every value this range allows, the other allows too (for number/date bounds and choices)."""
        if self.unknown or other.unknown or self.never:
            return False
        if other.allowed is not None and (self.allowed is None or not self.allowed <= other.allowed):
            return False
        if other.forbidden and (self.allowed is None or self.allowed & other.forbidden):
            return False
        if other.low is not None and not _at_least(self.low, self.low_in, other.low, other.low_in):
            return False
        if other.high is not None and not _at_most(self.high, self.high_in, other.high, other.high_in):
            return False
        return all(point in self.excluded or not self._admits(point) for point in other.excluded)

    def _admits(self, point: Scalar) -> bool:
        if self.low is not None and (type(point) is not type(self.low) or point < self.low):  # type: ignore[operator]
            return False
        if self.high is not None and (type(point) is not type(self.high) or point > self.high):  # type: ignore[operator]
            return False
        return point not in self.excluded


def _at_least(low: Scalar | None, low_in: bool, bound: Scalar, bound_in: bool) -> bool:
    if low is None or type(low) is not type(bound):
        return False
    return low > bound or (low == bound and (bound_in or not low_in))  # type: ignore[operator]


def _at_most(high: Scalar | None, high_in: bool, bound: Scalar, bound_in: bool) -> bool:
    if high is None or type(high) is not type(bound):
        return False
    return high < bound or (high == bound and (bound_in or not high_in))  # type: ignore[operator]


def ranges(conditions: Iterable[Mapping[str, Any]]) -> dict[tuple[Any, ...], Range]:
    by_subject: dict[tuple[Any, ...], Range] = {}
    for condition in conditions:
        subject = subject_of(condition)
        multi = subject in (("initiator", "role"), ("initiator", "organisation"))
        by_subject.setdefault(subject, Range(multi)).add(condition)
    return by_subject
