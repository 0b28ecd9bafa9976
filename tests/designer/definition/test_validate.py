"""Validation (designer-format.md, "Problems"): each code is found where it applies, naming the node/branch (and
field key), and not found in a sound document; the schema comes first."""

import pytest

from designer.definition.problems import ERROR, WARNING
from designer.definition.validate import problems
from tests.designer.definition.documents import (
    approval,
    branch,
    cc,
    condition,
    days,
    document,
    handling,
    parallel,
    people,
    training,
)


def found(doc, **kwargs) -> set[tuple]:
    return {(p.code, p.node, p.field) for p in problems(doc, **kwargs)}


def test_a_sound_document_has_no_problem():
    assert problems(training()) == []
    assert problems(document()) == []


def test_the_schema_first_and_alone():
    doc = training()
    doc["nodes"][0]["mode"] = "majority"
    doc["nodes"].append(approval("head"))  # a duplicate id and a missing who: not reported while the format is wrong
    result = problems(doc)
    assert [(p.code, p.node, p.field) for p in result] == [("format_invalid", "head", "/nodes/0/mode")]
    assert "/nodes" not in result[0].message and "mode" not in result[0].message


def test_ids_are_shared_by_nodes_and_branches():
    doc = training()
    doc["nodes"].append(cc("over3", people(1)))
    assert found(doc) == {("id_duplicate", "over3", None)}


def test_field_keys_are_unique_and_so_are_table_columns():
    doc = training()
    doc["form"]["fields"].append({"key": "days", "type": "text", "label": "又一个"})
    doc["form"]["fields"][6]["columns"].append({"key": "amount", "type": "number", "label": "数量"})
    assert found(doc) == {("field_key_duplicate", None, "days"), ("field_key_duplicate", None, "items")}


@pytest.mark.parametrize("key", ["level", "stars", "items"])
def test_choices_and_tables_need_options(key):
    doc = training()
    field = next(f for f in doc["form"]["fields"] if f["key"] == key)
    field.pop("options", None)
    field.pop("columns", None)
    assert found(doc) == {("field_options_missing", None, key)}


def test_default_branch_exactly_one():
    none = training()
    none["nodes"][1]["branches"][1] = branch("rest", [], days("<=", "3"), 2)
    assert found(none) == {("branch_default_missing", "long", None)}
    several = training()
    several["nodes"][1]["branches"].append(branch("more", []))
    assert found(several) == {("branch_default_several", "long", None)}


def test_branch_condition_missing():
    doc = training()
    del doc["nodes"][1]["branches"][0]["when"]
    doc["nodes"][1]["branches"][0]["default"] = False
    assert found(doc) == {("branch_condition_missing", "over3", None)}


def test_branch_priority_duplicate():
    doc = training()
    doc["nodes"][1]["branches"].insert(1, branch("mid", [], days(">", "2"), 1))
    assert found(doc) == {("branch_priority_duplicate", "mid", None)}


@pytest.mark.parametrize("kind", ["condition", "parallel"])
def test_branches_too_few(kind):
    node = condition("c", branch("only", [])) if kind == "condition" else parallel("c", [])
    node["branches"] = node["branches"][:1]
    assert ("branches_too_few", "c", None) in found(document(node))


@pytest.mark.parametrize(
    ("first", "second", "unreachable"),
    [
        (days(">", "3"), days(">", "5"), {"b"}),  # every case over 5 days is over 3: the first takes it
        (days(">", "5"), days(">", "3"), set()),
        ({"all": []}, days(">", "3"), {"b", "z"}),
        (days(">", "3"), {"all": [*days(">", "5")["all"], *days("<", "3")["all"]]}, {"b"}),
        (days("between", ["5", "3"]), days(">", "3"), {"a"}),
        ({"all": [{"field": "level", "op": "in", "value": []}]}, days(">", "3"), {"a"}),
        ({"any": []}, days(">", "3"), {"a"}),
    ],
)
def test_branch_unreachable(first, second, unreachable):
    doc = document(condition("c", branch("a", [], first, 1), branch("b", [], second, 2), branch("z", [])))
    assert found(doc) == {("branch_unreachable", node, None) for node in unreachable}


def test_the_default_is_unreachable_after_a_branch_always_taken():
    doc = document(condition("c", branch("a", [], {"all": []}, 1), branch("z", [])))
    assert found(doc) == {("branch_unreachable", "z", None)}


@pytest.mark.parametrize(
    ("condition_", "code", "field"),
    [
        ({"field": "nothing", "op": ">", "value": "1"}, "condition_field_missing", "nothing"),
        (
            {"field": "items", "column": "no", "measure": "sum", "op": ">", "value": "1"},
            "condition_field_missing",
            "items",
        ),
        ({"field": "reason", "op": ">", "value": "1"}, "condition_op_invalid", "reason"),
        ({"field": "level", "op": ">", "value": "1"}, "condition_op_invalid", "level"),
        ({"field": "stars", "op": "in", "value": ["德育之星"]}, "condition_op_invalid", "stars"),
        ({"field": "days", "op": "in", "value": ["1"]}, "condition_op_invalid", "days"),
        ({"field": "period", "op": ">", "value": "1"}, "condition_op_invalid", "period"),
        (
            {"field": "items", "column": "what", "measure": "sum", "op": ">", "value": "1"},
            "condition_op_invalid",
            "items",
        ),
        ({"initiator": "organisation", "op": "in", "value": [4]}, "condition_op_invalid", None),
        ({"field": "days", "op": ">", "value": "three"}, "condition_value_invalid", "days"),
        ({"field": "days", "op": ">", "value": "2026-01-01"}, "condition_value_invalid", "days"),
        ({"field": "start", "op": "<", "value": "3"}, "condition_value_invalid", "start"),
        ({"field": "days", "op": "between", "value": ["1"]}, "condition_value_invalid", "days"),
        ({"field": "level", "op": "in", "value": ["市级"]}, "condition_value_invalid", "level"),
        ({"initiator": "person", "op": "in", "value": ["12"]}, "condition_value_invalid", None),
    ],
)
def test_condition_problems_name_the_branch_and_field(condition_, code, field):
    doc = document(condition("c", branch("a", [], {"all": [condition_]}, 1), branch("z", [])))
    assert found(doc) == {(code, "a", field)}


@pytest.mark.parametrize(
    "condition_",
    [
        {"field": "period", "measure": "working_days", "op": ">", "value": "3"},
        {"field": "items", "column": "amount", "measure": "sum", "op": ">=", "value": "5000"},
        {"field": "start", "op": "between", "value": ["2026-01-01", "2026-12-31"]},
        {"field": "stars", "op": "contains_all", "value": ["德育之星"]},
        {"initiator": "role", "op": "not_in", "value": ["SCHOOL_DEPT"]},
        {"initiator": "organisation", "op": "within", "value": [4]},
    ],
)
def test_sound_conditions_of_every_kind(condition_):
    assert found(document(condition("c", branch("a", [], {"any": [condition_]}, 1), branch("z", [])))) == set()


@pytest.mark.parametrize("node", [approval("a"), {"id": "a", "type": "handling", "name": "办理"}, cc("a", people(1))])
def test_who_missing(node):
    node.pop("who", None)
    assert found(document(node)) == {("who_missing", "a", None)}


def test_who_field():
    missing = document(approval("a", {"source": "field", "field": "nobody"}))
    assert found(missing) == {("who_field_missing", "a", "nobody")}
    for who in ({"source": "field", "field": "days"}, {"source": "field", "field": "school"},
                {"source": "field", "field": "reviewer", "role": "SCHOOL_DEPT"}):  # fmt: skip
        assert found(document(approval("a", who))) == {("who_field_type", "a", who["field"])}
    for who in ({"source": "field", "field": "reviewer"}, {"source": "field", "field": "school", "role": "X"}):
        assert found(document(approval("a", who))) == set()


@pytest.mark.parametrize(
    ("rules", "bad"),
    [
        ({"mode": "ratio"}, True),
        ({"mode": "ratio", "ratio": {"count": 0}}, True),
        ({"mode": "ratio", "ratio": {"percent": "0"}}, True),
        ({"mode": "ratio", "ratio": {"percent": "100.5"}}, True),
        ({"mode": "all", "ratio": {"count": 2}}, True),
        ({"mode": "ratio", "ratio": {"count": 2}}, False),
        ({"mode": "ratio", "ratio": {"percent": "60"}}, False),
        ({"mode": "all"}, False),
    ],
)
def test_ratio_invalid(rules, bad):
    assert found(document(approval("a", people(1, 2, 3), **rules))) == (
        {("ratio_invalid", "a", None)} if bad else set()
    )


def test_field_permission_unknown():
    doc = document(handling("a", people(1), fields={"days": "edit", "salary": "hidden"}))
    assert found(doc) == {("field_permission_unknown", "a", "salary")}


def test_parallel_too_wide_counts_nested_parallels():
    four = parallel("inner", *[[approval(f"x{i}", people(1))] for i in range(4)])
    five = parallel("inner2", *[[approval(f"y{i}", people(1)), cc(f"c{i}", people(2))] for i in range(5)])
    assert found(document(parallel("outer", [four], [five]))) == {("parallel_too_wide", "outer", None)}
    three = parallel("inner2", *[[approval(f"y{i}", people(1))] for i in range(3)])
    assert found(document(parallel("outer", [four], [approval("z", people(1)), three]))) == set()
    in_turn = condition("c", branch("a", [four], days(">", "1"), 1), branch("b", [five]))
    assert found(document(in_turn)) == set()  # one branch of a condition runs, not both


def test_approvers_none_for_sample():
    doc = document(
        approval("a", people(1), empty="refuse"),
        handling("b", {"source": "role", "role": "SCHOOL_DEPT"}),
        cc("c", {"source": "superior", "levels": 1}),
        approval("d", {"source": "chosen", "scope": {}}, empty="refuse"),
        approval("e", {"source": "previous"}, empty="refuse"),
    )
    result = problems(doc, people_for=lambda who, node: [])
    assert {(p.code, p.node, p.level) for p in result} == {
        ("approvers_none_for_sample", "a", ERROR),
        ("approvers_none_for_sample", "b", WARNING),
        ("approvers_none_for_sample", "c", WARNING),
    }
    assert problems(doc, people_for=lambda who, node: [5]) == []
    assert problems(doc) == []


def test_a_sample_with_values_checks_only_its_path():
    from designer.definition.facts import Facts

    doc = training()
    nobody_but_head = lambda who, node: [20] if node["id"] == "head" else []  # noqa: E731
    short = Facts(1, values={"days": "2"})
    assert {p.node for p in problems(doc, people_for=nobody_but_head, sample=short)} == {"office"}
    long = Facts(1, values={"days": "4"})
    assert {p.node for p in problems(doc, people_for=nobody_but_head, sample=long)} == {"principal", "office"}


def test_messages_name_labels_never_ids_keys_or_codes():
    doc = document(
        {"id": "first_step", "type": "approval", "name": "第一步", "who": {"source": "field", "field": "days"},
         "mode": "ratio", "fields": {"salary_key": "hidden"}},
        {"id": "choose_level", "type": "condition", "name": "按级别", "branches": [
            {"id": "district_only", "name": "区级", "priority": 1, "nodes": [],
             "when": {"all": [{"field": "level", "op": ">", "value": "1"}]}},
            {"id": "missing_field", "name": "缺字段", "priority": 1, "nodes": [],
             "when": {"all": [{"field": "unknown_key", "op": ">", "value": "1"}]}},
        ]},
    )  # fmt: skip
    doc["form"]["fields"].append({"key": "level", "type": "text", "label": "重复"})
    result = problems(doc, people_for=lambda who, node: [])
    assert len({p.code for p in result}) >= 7
    internal = {"first_step", "choose_level", "district_only", "missing_field", "salary_key", "unknown_key", "level"}
    for problem in result:
        assert not any(word in problem.message for word in internal | {problem.code}), problem.message
