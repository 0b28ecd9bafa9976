"""The published JSON Schema (draft 2020-12) and `format_problems`: the format doc's examples match it; wrong shapes
are `format_invalid` with the JSON pointer of the place and the node around it."""

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from designer.definition.schema import JSON_SCHEMA, format_problems
from tests.designer.definition.documents import approval, branch, cc, condition, days, document, parallel, people


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(JSON_SCHEMA)
    assert JSON_SCHEMA["$id"] == "/api/v1/designer/schema.json"


def test_every_example_of_the_format_matches():
    full = approval(
        "principal",
        people(12, 15),
        mode="ratio",
        ratio={"percent": "60"},
        fields={"days": "read", "reason": "edit", "items": "hidden"},
        empty="refuse",
        dedupe=True,
        initiator="skip",
        limit={"days": 3, "remind": 1, "then": "superior"},
        choose_next=False,
        **{"return": "any"},
    )
    whos: list[dict[str, Any]] = [
        {"source": "role", "role": "MEMBER_SCHOOL"},
        {"source": "role_in", "role": "BUREAU_BASIC_EDU", "organisation": 3},
        {"source": "superior", "levels": 1},
        {"source": "superiors", "levels": 3},
        {"source": "chosen", "multiple": False, "scope": {"role": "SCHOOL_DEPT", "organisation": 4}, "default": [12]},
        {"source": "field", "field": "reviewer"},
        {"source": "field", "field": "school", "role": "MEMBER_SCHOOL"},
        {"source": "initiator"},
        {"source": "previous"},
    ]
    tell = {"id": "tell", "type": "notice", "name": "通知发起人", "who": {"source": "initiator"}, "text": "已通过"}
    when = {"any": [{"field": "items", "column": "amount", "measure": "sum", "op": ">=", "value": "5000"},
                    {"initiator": "organisation", "op": "within", "value": [4]}]}  # fmt: skip
    doc = document(
        full,
        *[approval(f"w{i}", who) for i, who in enumerate(whos)],
        {"id": "h", "type": "handling", "name": "办理", "who": people(3), "mode": "all"},
        condition("c", branch("d", [cc("cc_office", people(1))], when, 1), branch("other", [])),
        parallel("both", [tell], [approval("x", people(2))]),
    )
    assert format_problems(document()) == []
    assert format_problems(doc) == []


@pytest.mark.parametrize(
    ("change", "pointer", "node"),
    [
        (lambda d: d.update(format=2), "/format", None),
        (lambda d: d["nodes"][0].update(id="Head"), "/nodes/0/id", "Head"),
        (lambda d: d["nodes"][0].update(mode="majority"), "/nodes/0/mode", "a"),
        (lambda d: d["nodes"][0].update(ratio={"percent": 60.5}), "/nodes/0/ratio/percent", "a"),
        (lambda d: d["nodes"][0]["who"].pop("people"), "/nodes/0/who", "a"),
        (lambda d: d["nodes"][0].update(colour="red"), "/nodes/0", "a"),
        (
            lambda d: d["nodes"][1]["branches"][0]["when"]["all"][0].update(value=3),
            "/nodes/1/branches/0/when/all/0/value",
            "big",
        ),
        (
            lambda d: d["nodes"][1]["branches"][0]["nodes"].append({"id": "q", "type": "robot", "name": "?"}),
            "/nodes/1/branches/0/nodes/0/type",
            "q",
        ),
        (
            lambda d: d["form"]["fields"].append({"key": "x", "type": "number", "label": "X", "min": 1}),
            "/form/fields/9/min",
            None,
        ),
        (lambda d: d["nodes"][0].update(fields={"days": "write"}), "/nodes/0/fields/days", "a"),
    ],
)
def test_format_invalid_names_the_place_and_the_node(change, pointer, node):
    doc = document(approval("a", people(2)), condition("c", branch("big", [], days(">", "3"), 1), branch("z", [])))
    change(doc)
    problems = format_problems(doc)
    assert [(p.code, p.field, p.node) for p in problems] == [("format_invalid", pointer, node)]


def test_not_a_document_at_all():
    assert [p.field for p in format_problems([])] == [""]
    assert {p.code for p in format_problems({"format": 1})} == {"format_invalid"}


def test_several_places_are_listed_in_document_order():
    doc = document(*[approval(f"n{i}", people(2)) for i in range(11)])
    doc["nodes"][10]["mode"] = "x"
    doc["nodes"][2]["mode"] = "y"
    doc["settings"]["withdraw"] = "yes"
    assert [p.field for p in format_problems(doc)] == ["/nodes/2/mode", "/nodes/10/mode", "/settings/withdraw"]
