"""Conditions of branches (designer-format.md, "When"): whether one holds for a case (`holds`), whether a set of
them can ever hold (`can_hold`), and whether an earlier branch takes every case a later one would (`covers`).

Numbers are compared as exact decimals (Decimal of the stored string), dates as dates; a comparison value in ISO form
(YYYY-MM-DD) compares dates, any other a number. An empty field (missing, "", empty list, a table without a value in
the column) makes its condition false, `!=` and `not_in` included. A value that cannot be read makes it false too.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from designer.definition.facts import Facts
from designer.definition.ranges import ranges, subject_of
from designer.definition.scalars import CHOICE, COMPARE, MULTI, WITHIN, Scalar, scalar


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def subject_value(condition: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
    """The value a field condition looks at: the field's value, a date range's length or a table column's sum."""
    value = values.get(condition.get("field", ""))
    if _empty(value):
        return None
    measure = condition.get("measure")
    if measure in ("days", "working_days"):
        return value.get(measure) if isinstance(value, Mapping) else None
    if measure == "sum":
        if not isinstance(value, list):
            return None
        cells = [row.get(condition.get("column")) for row in value if isinstance(row, Mapping)]
        numbers = [scalar(str(cell)) for cell in cells if not _empty(cell)]
        total = Decimal(0)
        for number in numbers:
            if not isinstance(number, Decimal):
                return None
            total += number
        return str(total) if numbers else None
    return value


def _compare(op: str, left: Scalar, right: Any) -> bool:
    if op == "between":
        if not isinstance(right, list) or len(right) != 2:
            return False
        low, high = scalar(right[0]), scalar(right[1])
        if type(low) is not type(left) or type(high) is not type(left):
            return False
        return low <= left <= high  # type: ignore[operator]
    other = scalar(right)
    if type(other) is not type(left):
        return False
    a, b = left, other
    return {
        "=": a == b,
        "!=": a != b,
        ">": a > b,  # type: ignore[operator]
        ">=": a >= b,  # type: ignore[operator]
        "<": a < b,  # type: ignore[operator]
        "<=": a <= b,  # type: ignore[operator]
    }.get(op, False)


def _strings(value: Any) -> set[str]:
    return {str(item) for item in value} if isinstance(value, list) else set()


def _field_holds(condition: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    value = subject_value(condition, values)
    if _empty(value):
        return False
    op, wanted = condition.get("op"), condition.get("value")
    if op in COMPARE:
        left = scalar(value if not isinstance(value, int) else str(value))
        return left is not None and _compare(op, left, wanted)
    if op in CHOICE:
        if isinstance(value, list | Mapping):
            return False
        inside = str(value) in _strings(wanted)
        return inside if op == "in" else not inside
    if op in MULTI:
        have, want = _strings(value), _strings(wanted)
        if not isinstance(value, list) or not want:
            return False
        return bool(have & want) if op == "contains_any" else want <= have
    return False


def _ints(value: Any) -> set[int]:
    if not isinstance(value, list):
        return set()
    return {item for item in value if isinstance(item, int) and not isinstance(item, bool)}


def _initiator_holds(condition: Mapping[str, Any], facts: Facts) -> bool:
    subject, op, wanted = condition.get("initiator"), condition.get("op"), condition.get("value")
    if subject == "person" and op in CHOICE:
        inside = facts.initiator in _ints(wanted)
    elif subject == "role" and op in CHOICE:
        inside = bool(set(facts.roles) & _strings(wanted))
    elif subject == "organisation" and op in WITHIN:
        inside = bool(set(facts.organisations) & _ints(wanted))
    else:
        return False
    return inside if op in ("in", "within") else not inside


def condition_holds(condition: Mapping[str, Any], facts: Facts) -> bool:
    if "initiator" in condition:
        return _initiator_holds(condition, facts)
    return _field_holds(condition, facts.values)


def holds(when: Mapping[str, Any] | None, facts: Facts) -> bool:
    """Whether a branch's `when` holds: {"all": [...]} (every one; true when empty) or {"any": [...]} (at least one)."""
    if not when:
        return False
    if "all" in when:
        return all(condition_holds(condition, facts) for condition in when["all"] or [])
    return any(condition_holds(condition, facts) for condition in when.get("any") or [])


def always(when: Mapping[str, Any] | None) -> bool:
    """A `when` that holds for every case: {"all": []}."""
    if not when:
        return False
    return "all" in when and not when["all"]


def can_hold(when: Mapping[str, Any] | None, fields: Mapping[str, Any] | None = None) -> bool:
    """False when the `when` can never hold: {"any": []}, or `all` conditions contradicting each other on one
    subject (`> 5` and `< 3`, `between ["5", "3"]`, `in []`), or every `any` condition doing so alone.
    `fields` (key -> field) is accepted for callers that know the form; the reasoning needs only the values."""
    if not when:
        return False
    if "all" in when:
        return not any(r.empty for r in ranges(when["all"] or []).values())
    return any(not ranges([condition])[subject_of(condition)].empty for condition in when.get("any") or [])


def covers(earlier: Mapping[str, Any] | None, later: Mapping[str, Any] | None) -> bool:
    """True when every case for which `later` holds, `earlier` holds too (so a later-priority branch never runs):
    `earlier` always holds, or `earlier` constrains one subject only and `later`'s `all` conditions on that same
    subject confine it within `earlier`'s range (a number/date range inside another, choices among its choices)."""
    if always(earlier):
        return True
    if not earlier or not later:
        return False
    mine = earlier.get("all") if "all" in earlier else earlier.get("any")
    if not mine or ("any" in earlier and len(mine) != 1):
        return False
    subjects = ranges(mine)
    if len(subjects) != 1 or "all" not in later:
        return False
    ((subject, outer),) = subjects.items()
    inner = ranges(later["all"] or []).get(subject)
    return inner is not None and inner.within(outer)
