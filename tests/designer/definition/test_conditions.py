"""Conditions of branches (designer-format.md, "When"): every kind holds and does not hold, exactly (decimals, never
floats); an empty field makes any condition false; contradictions and covered branches are found."""

import pytest

from designer.definition.conditions import can_hold, covers, holds
from designer.definition.facts import Facts

VALUES = {
    "days": "3.5",
    "cost": "1000.50",
    "level": "区级",
    "stars": ["德育之星", "教学之星"],
    "start": "2026-09-01",
    "period": {"start": "2026-09-01", "end": "2026-09-07", "days": 7, "working_days": 5},
    "items": [{"amount": "0.1"}, {"amount": "0.2"}, {"amount": ""}],
    "note": "",
}
FACTS = Facts(initiator=12, roles=frozenset({"SCHOOL_DEPT"}), organisations=frozenset({4, 1}), values=VALUES)


def one(condition: dict, facts: Facts = FACTS) -> bool:
    return holds({"all": [condition]}, facts)


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("=", "3.50", True),
        ("=", "3.4", False),
        ("!=", "3", True),
        ("!=", "3.5", False),
        (">", "3.4999", True),
        (">", "3.5", False),
        (">=", "3.5", True),
        (">=", "3.51", False),
        ("<", "3.51", True),
        ("<", "3.5", False),
        ("<=", "3.5", True),
        ("<=", "3.49", False),
        ("between", ["3.5", "4"], True),
        ("between", ["1", "3.49"], False),
    ],
)
def test_number_field(op, value, expected):
    assert one({"field": "days", "op": op, "value": value}) is expected


def test_money_field_compares_exact_decimals():
    assert one({"field": "cost", "op": "=", "value": "1000.5"})
    assert not one({"field": "cost", "op": ">", "value": "1000.50"})


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("=", "2026-09-01", True),
        ("!=", "2026-09-01", False),
        ("<", "2026-09-02", True),
        ("<", "2026-09-01", False),
        (">=", "2026-09-01", True),
        (">", "2026-09-01", False),
        ("between", ["2026-08-01", "2026-09-01"], True),
        ("between", ["2026-09-02", "2026-10-01"], False),
    ],
)
def test_date_field(op, value, expected):
    assert one({"field": "start", "op": op, "value": value}) is expected


def test_a_date_is_never_equal_to_a_number():
    assert not one({"field": "start", "op": "!=", "value": "3"})
    assert not one({"field": "days", "op": "<", "value": "2026-01-01"})


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [("in", ["校级", "区级"], True), ("in", ["校级"], False), ("not_in", ["校级"], True), ("not_in", ["区级"], False)],
)
def test_choice_field(op, value, expected):
    assert one({"field": "level", "op": op, "value": value}) is expected


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("contains_any", ["科学之星", "德育之星"], True),
        ("contains_any", ["科学之星"], False),
        ("contains_all", ["德育之星", "教学之星"], True),
        ("contains_all", ["德育之星", "科学之星"], False),
    ],
)
def test_multichoice_field(op, value, expected):
    assert one({"field": "stars", "op": op, "value": value}) is expected


@pytest.mark.parametrize(
    ("measure", "op", "value", "expected"),
    [
        ("working_days", ">", "3", True),
        ("working_days", ">", "5", False),
        ("days", "=", "7", True),
        ("days", "between", ["1", "6"], False),
    ],
)
def test_date_range_length(measure, op, value, expected):
    assert one({"field": "period", "measure": measure, "op": op, "value": value}) is expected


def test_table_column_sum_is_exact():
    """0.1 + 0.2 is exactly 0.3 (a float sum would not be); an empty cell counts for nothing."""
    column = {"field": "items", "column": "amount", "measure": "sum"}
    assert one({**column, "op": "=", "value": "0.3"})
    assert not one({**column, "op": ">", "value": "0.3"})
    assert one({**column, "op": "between", "value": ["0.3", "0.3"]})


def test_table_without_rows_or_values_is_empty():
    column = {"field": "items", "column": "amount", "measure": "sum", "op": "<", "value": "1"}
    assert not one(column, Facts(1, values={"items": []}))
    assert not one(column, Facts(1, values={"items": [{"amount": ""}]}))


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"initiator": "person", "op": "in", "value": [12, 15]}, True),
        ({"initiator": "person", "op": "in", "value": [15]}, False),
        ({"initiator": "person", "op": "not_in", "value": [15]}, True),
        ({"initiator": "person", "op": "not_in", "value": [12]}, False),
        ({"initiator": "role", "op": "in", "value": ["SCHOOL_DEPT"]}, True),
        ({"initiator": "role", "op": "in", "value": ["MEMBER_SCHOOL"]}, False),
        ({"initiator": "role", "op": "not_in", "value": ["MEMBER_SCHOOL"]}, True),
        ({"initiator": "role", "op": "not_in", "value": ["SCHOOL_DEPT"]}, False),
        ({"initiator": "organisation", "op": "within", "value": [1]}, True),
        ({"initiator": "organisation", "op": "within", "value": [7]}, False),
        ({"initiator": "organisation", "op": "not_within", "value": [7]}, True),
        ({"initiator": "organisation", "op": "not_within", "value": [4]}, False),
    ],
)
def test_initiator(condition, expected):
    assert one(condition) is expected


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "note", "op": "!=", "value": "x"},
        {"field": "missing", "op": "!=", "value": "3"},
        {"field": "missing", "op": "not_in", "value": ["校级"]},
        {"field": "missing", "op": "contains_any", "value": ["德育之星"]},
        {"field": "missing", "measure": "days", "op": ">", "value": "0"},
    ],
)
def test_an_empty_field_makes_every_condition_false(condition):
    assert not one(condition)


def test_all_and_any():
    yes, no = {"field": "days", "op": ">", "value": "3"}, {"field": "days", "op": ">", "value": "4"}
    assert holds({"all": [yes, yes]}, FACTS) and not holds({"all": [yes, no]}, FACTS)
    assert holds({"any": [no, yes]}, FACTS) and not holds({"any": [no, no]}, FACTS)
    assert holds({"all": []}, FACTS) and not holds({"any": []}, FACTS)


def _days(op, value):
    return {"field": "days", "op": op, "value": value}


@pytest.mark.parametrize(
    ("when", "possible"),
    [
        ({"all": [_days(">", "5"), _days("<", "3")]}, False),
        ({"all": [_days(">", "3"), _days("<", "5")]}, True),
        ({"all": [_days(">=", "3"), _days("<=", "3")]}, True),
        ({"all": [_days(">", "3"), _days("<=", "3")]}, False),
        ({"all": [_days("=", "3"), _days("!=", "3")]}, False),
        ({"all": [_days("between", ["5", "3"])]}, False),
        ({"all": [_days("between", ["3", "5"])]}, True),
        (
            {
                "all": [
                    {"field": "start", "op": ">", "value": "2026-09-01"},
                    {"field": "start", "op": "<", "value": "2026-01-01"},
                ]
            },
            False,
        ),
        ({"all": [{"field": "level", "op": "in", "value": []}]}, False),
        (
            {
                "all": [
                    {"field": "level", "op": "in", "value": ["校级"]},
                    {"field": "level", "op": "in", "value": ["区级"]},
                ]
            },
            False,
        ),
        (
            {
                "all": [
                    {"initiator": "role", "op": "in", "value": ["A"]},
                    {"initiator": "role", "op": "in", "value": ["B"]},
                ]
            },
            True,
        ),
        (
            {
                "all": [
                    {"initiator": "person", "op": "in", "value": [1]},
                    {"initiator": "person", "op": "not_in", "value": [1]},
                ]
            },
            False,
        ),
        ({"any": [_days("between", ["5", "3"]), _days(">", "1")]}, True),
        ({"any": [_days("between", ["5", "3"])]}, False),
        ({"any": []}, False),
        ({"all": []}, True),
    ],
)
def test_can_hold(when, possible):
    assert can_hold(when) is possible


@pytest.mark.parametrize(
    ("earlier", "later", "covered"),
    [
        ({"all": []}, {"all": [_days(">", "1")]}, True),
        ({"all": [_days(">", "3")]}, {"all": [_days(">", "5")]}, True),
        ({"all": [_days(">", "3")]}, {"all": [_days(">=", "3")]}, False),
        ({"all": [_days(">=", "3")]}, {"all": [_days(">", "3")]}, True),
        (
            {"all": [_days("between", ["1", "10"])]},
            {"all": [_days("between", ["2", "5"]), {"field": "level", "op": "in", "value": ["校级"]}]},
            True,
        ),
        ({"all": [_days("between", ["1", "10"])]}, {"all": [_days("between", ["2", "11"])]}, False),
        ({"all": [_days(">", "3")]}, {"all": [{"field": "cost", "op": ">", "value": "5"}]}, False),
        ({"all": [_days(">", "3"), {"field": "cost", "op": ">", "value": "5"}]}, {"all": [_days(">", "5")]}, False),
        ({"any": [_days(">", "3")]}, {"all": [_days("=", "4")]}, True),
        ({"all": [_days("!=", "4")]}, {"all": [_days(">", "3")]}, False),
        (
            {"all": [{"field": "level", "op": "in", "value": ["校级", "区级"]}]},
            {"all": [{"field": "level", "op": "in", "value": ["区级"]}]},
            True,
        ),
        (
            {"all": [{"field": "stars", "op": "contains_all", "value": ["德育之星"]}]},
            {"all": [{"field": "stars", "op": "contains_all", "value": ["教学之星"]}]},
            False,
        ),
    ],
)
def test_covers(earlier, later, covered):
    assert covers(earlier, later) is covered
