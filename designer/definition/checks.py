"""Semantic checks of conditions and approver sources against the form (parts of validate.problems)."""

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from designer.definition.problems import Problem
from designer.definition.scalars import CHOICE, COMPARE, MULTI, WITHIN, scalar

NUMERIC = ("number", "money")
Report = Callable[..., None]


def _kind(field: Mapping[str, Any], condition: Mapping[str, Any]) -> tuple[str | None, Mapping[str, Any] | None]:
    """What a field condition compares ("number", "date", "choice", "multichoice", or None when no op fits) and
    the field (or table column) giving its options; reports nothing itself."""
    measure, type_ = condition.get("measure"), field.get("type")
    if measure == "sum":
        if type_ != "table":
            return None, None
        column = next((c for c in field.get("columns") or [] if c.get("key") == condition.get("column")), None)
        return ("number", column) if column and column.get("type") in NUMERIC else (None, column)
    if measure in ("days", "working_days"):
        return ("number", field) if type_ == "daterange" else (None, None)
    if condition.get("column") is not None:
        return None, None
    if type_ in NUMERIC:
        return "number", field
    if type_ == "date":
        return "date", field
    if type_ in ("choice", "multichoice"):
        return type_, field
    return None, None


def _scalar_of(kind: str, value: Any) -> bool:
    parsed = scalar(value) if isinstance(value, str) else None
    return isinstance(parsed, Decimal) if kind == "number" else parsed is not None and not isinstance(parsed, Decimal)


def _value_ok(kind: str, op: str, value: Any, options: list[str]) -> bool:
    if kind in ("number", "date"):
        if op == "between":
            return isinstance(value, list) and len(value) == 2 and all(_scalar_of(kind, item) for item in value)
        return _scalar_of(kind, value)
    return isinstance(value, list) and all(isinstance(item, str) and item in options for item in value)


OPS = {"number": COMPARE, "date": COMPARE, "choice": CHOICE, "multichoice": MULTI}
INITIATOR = {"person": (CHOICE, int), "role": (CHOICE, str), "organisation": (WITHIN, int)}


def check_condition(
    condition: Mapping[str, Any], fields: Mapping[str, Any], branch: Mapping[str, Any]
) -> Problem | None:
    names = {"branch": branch.get("name") or ""}
    op, value = condition.get("op"), condition.get("value")
    if "initiator" in condition:
        ops, type_ = INITIATOR[condition["initiator"]]
        if op not in ops:
            return Problem(
                "condition_op_invalid",
                _("A condition of “%(branch)s” compares the initiator in a way that does not fit.") % names,
                branch["id"],
            )
        if not isinstance(value, list) or not all(type(item) is type_ for item in value):
            return Problem(
                "condition_value_invalid",
                _("A condition of “%(branch)s” names the initiator's people, roles or organisations wrongly.") % names,
                branch["id"],
            )
        return None
    key = str(condition.get("field"))
    field = fields.get(key)
    if field is None:
        return Problem(
            "condition_field_missing",
            _("A condition of “%(branch)s” is about a field the form does not have.") % names,
            branch["id"],
            key,
        )
    kind, holder = _kind(field, condition)
    names["field"] = field.get("label") or ""
    if condition.get("measure") == "sum" and holder is None:
        return Problem(
            "condition_field_missing",
            _("A condition of “%(branch)s” adds up a column the table “%(field)s” does not have.") % names,
            branch["id"],
            key,
        )
    if kind is None or op not in OPS[kind]:
        return Problem(
            "condition_op_invalid",
            _("A condition of “%(branch)s” compares “%(field)s” in a way that does not fit its type.") % names,
            branch["id"],
            key,
        )
    if not _value_ok(kind, op, value, list((holder or {}).get("options") or [])):
        return Problem(
            "condition_value_invalid",
            _("A condition of “%(branch)s” compares “%(field)s” with a value that does not fit it.") % names,
            branch["id"],
            key,
        )
    return None


def check_who(node: Mapping[str, Any], fields: Mapping[str, Any]) -> Problem | None:
    who, names = node.get("who"), {"node": node.get("name") or ""}
    if not who:
        return Problem("who_missing", _("“%(node)s” does not say who acts or is told.") % names, node["id"])
    if who.get("source") != "field":
        return None
    field = fields.get(who["field"])
    if field is None:
        return Problem(
            "who_field_missing",
            _("“%(node)s” takes its people from a field the form does not have.") % names,
            node["id"],
            who["field"],
        )
    type_, role = field.get("type"), who.get("role")
    if (type_ == "person" and not role) or (type_ == "organisation" and role):
        return None
    names["field"] = field.get("label") or ""
    return Problem(
        "who_field_type",
        _(
            "“%(node)s” takes its people from “%(field)s”, which names no person (an "
            "organisation field needs a role, a person field none)."
        )
        % names,
        node["id"],
        who["field"],
    )


def check_ratio(node: Mapping[str, Any]) -> Problem | None:
    ratio, mode = node.get("ratio"), node.get("mode")
    names = {"node": node.get("name") or ""}
    if ratio is None and mode != "ratio":
        return None
    if mode == "ratio" and ratio is not None:
        if "count" in ratio and ratio["count"] >= 1:
            return None
        if "percent" in ratio and Decimal(0) < Decimal(ratio["percent"]) <= Decimal(100):
            return None
    return Problem(
        "ratio_invalid",
        _(
            "“%(node)s” needs a share of approvals that is set wrongly: a number of "
            "people from 1, or a percentage above 0 and at most 100, only when a share decides."
        )
        % names,
        node["id"],
    )
