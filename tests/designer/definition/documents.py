"""Small documents for the definition tests: a sound base (the training request of issue 18) and node builders."""

import copy
from typing import Any

FORM = [
    {"key": "reason", "type": "textarea", "label": "事由", "required": True},
    {"key": "days", "type": "number", "label": "培训天数", "min": "0.5", "max": "30", "places": 1},
    {"key": "level", "type": "choice", "label": "级别", "options": ["校级", "区级"]},
    {"key": "stars", "type": "multichoice", "label": "星级", "options": ["德育之星", "教学之星"]},
    {"key": "start", "type": "date", "label": "开始日期"},
    {"key": "period", "type": "daterange", "label": "时段"},
    {
        "key": "items",
        "type": "table",
        "label": "明细",
        "columns": [
            {"key": "what", "type": "text", "label": "项目"},
            {"key": "amount", "type": "money", "label": "金额"},
        ],
    },
    {"key": "reviewer", "type": "person", "label": "审核人"},
    {"key": "school", "type": "organisation", "label": "学校"},
]


def people(*ids: int) -> dict[str, Any]:
    return {"source": "people", "people": list(ids)}


def approval(node_id: str, who: dict[str, Any] | None = None, **rules: Any) -> dict[str, Any]:
    node = {"id": node_id, "type": "approval", "name": f"审批{node_id}", **rules}
    if who is not None:
        node["who"] = who
    return node


def handling(node_id: str, who: dict[str, Any], **rules: Any) -> dict[str, Any]:
    return {"id": node_id, "type": "handling", "name": f"办理{node_id}", "who": who, **rules}


def cc(node_id: str, who: dict[str, Any], kind: str = "cc") -> dict[str, Any]:
    return {"id": node_id, "type": kind, "name": f"抄送{node_id}", "who": who}


def branch(branch_id: str, nodes: list, when: dict | None = None, priority: int | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"id": branch_id, "name": f"分支{branch_id}", "nodes": nodes}
    if when is None:
        found["default"] = True
    else:
        found["when"] = when
    if priority is not None:
        found["priority"] = priority
    return found


def condition(node_id: str, *branches: dict[str, Any]) -> dict[str, Any]:
    return {"id": node_id, "type": "condition", "name": f"条件{node_id}", "branches": list(branches)}


def parallel(node_id: str, *branches: list) -> dict[str, Any]:
    inner = [{"id": f"{node_id}_{i}", "name": f"并行{i}", "nodes": nodes} for i, nodes in enumerate(branches)]
    return {"id": node_id, "type": "parallel", "name": f"并行{node_id}", "branches": inner}


def days(op: str, value: Any) -> dict[str, Any]:
    return {"all": [{"field": "days", "op": op, "value": value}]}


def document(*nodes: dict[str, Any], withdraw: bool = True) -> dict[str, Any]:
    return {
        "format": 1,
        "form": {"fields": copy.deepcopy(FORM)},
        "nodes": list(nodes),
        "settings": {"withdraw": withdraw},
    }


def training() -> dict[str, Any]:
    """外出培训申请: the head of department, then the principal when more than 3 days, then the office is told."""
    return document(
        approval("head", people(20), mode="any", fields={"reason": "read", "days": "edit"}),
        condition("long", branch("over3", [approval("principal", people(30))], days(">", "3"), 1), branch("rest", [])),
        cc("office", people(40)),
    )
