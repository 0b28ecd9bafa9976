"""Hypothesis strategies for random process documents (tests/designer/definition/test_properties.py): nested
approval/handling/cc/notice/condition/parallel nodes with random approver sources and rules, random conditions over
a few random fields, random values and approvers found."""

from typing import Any

from hypothesis import strategies as st

FIELDS = {
    "days": {"key": "days", "type": "number", "label": "Days", "places": 1},
    "cost": {"key": "cost", "type": "money", "label": "Cost"},
    "start": {"key": "start", "type": "date", "label": "Start"},
    "level": {"key": "level", "type": "choice", "label": "Level", "options": ["school", "district"]},
    "stars": {"key": "stars", "type": "multichoice", "label": "Stars", "options": ["moral", "teaching", "science"]},
    "period": {"key": "period", "type": "daterange", "label": "Period"},
    "items": {
        "key": "items",
        "type": "table",
        "label": "Items",
        "columns": [{"key": "amount", "type": "money", "label": "Amount"}],
    },
    "reviewer": {"key": "reviewer", "type": "person", "label": "Reviewer"},
}
NUMBERS = ["-1", "0", "0.5", "1", "2.5", "3", "5", "10"]
DATES = ["2026-01-01", "2026-09-01", "2027-03-15"]
_SOME = st.lists(st.integers(1, 6), min_size=1, max_size=3)
PEOPLE: st.SearchStrategy[list[int]] = st.one_of(_SOME, _SOME, st.just([]))  # nobody one time in three


def _number_condition(field: str, extra: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    single = st.builds(
        lambda op, v: {"field": field, **extra, "op": op, "value": v},
        st.sampled_from(["=", "!=", ">", ">=", "<", "<="]),
        st.sampled_from(NUMBERS),
    )
    between = st.builds(
        lambda a, b: {"field": field, **extra, "op": "between", "value": [a, b]},
        st.sampled_from(NUMBERS),
        st.sampled_from(NUMBERS),
    )
    return single | between


def conditions() -> st.SearchStrategy[dict[str, Any]]:
    dated = st.builds(
        lambda op, v: {"field": "start", "op": op, "value": v},
        st.sampled_from(["=", "!=", ">", "<=", "between"]),
        st.sampled_from(DATES),
    )
    return st.one_of(
        _number_condition("days", {}),
        _number_condition("cost", {}),
        _number_condition("period", {"measure": "working_days"}),
        _number_condition("items", {"column": "amount", "measure": "sum"}),
        dated,
        st.builds(
            lambda op, v: {"field": "level", "op": op, "value": v},
            st.sampled_from(["in", "not_in", ">"]),
            st.lists(st.sampled_from(["school", "district", "city"]), max_size=2),
        ),
        st.builds(
            lambda op, v: {"field": "stars", "op": op, "value": v},
            st.sampled_from(["contains_any", "contains_all"]),
            st.lists(st.sampled_from(["moral", "teaching", "science"]), max_size=2),
        ),
        st.builds(lambda v: {"initiator": "person", "op": "in", "value": v}, PEOPLE),
        st.builds(
            lambda op, v: {"initiator": "role", "op": op, "value": v},
            st.sampled_from(["in", "not_in"]),
            st.lists(st.sampled_from(["MEMBER_SCHOOL", "SCHOOL_DEPT"]), max_size=2),
        ),
        st.builds(lambda v: {"initiator": "organisation", "op": "within", "value": v}, st.lists(st.integers(1, 4))),
    )


_NAMED = st.builds(lambda people: {"source": "people", "people": people}, PEOPLE)
WHO = st.one_of(
    _NAMED,
    _NAMED,
    _NAMED,
    st.just({"source": "role", "role": "MEMBER_SCHOOL"}),
    st.just({"source": "superior", "levels": 1}),
    st.just({"source": "initiator"}),
    st.just({"source": "previous"}),
    st.builds(lambda default: {"source": "chosen", "multiple": True, "scope": {}, "default": default}, PEOPLE),
    st.just({"source": "field", "field": "reviewer"}),
)

BUSY = st.one_of(
    st.builds(lambda people: {"source": "people", "people": people}, _SOME),
    st.just({"source": "role", "role": "MEMBER_SCHOOL"}),
)


@st.composite
def acting_node(draw: st.DrawFn, node_id: str, busy: bool = False) -> dict[str, Any]:
    kind = draw(st.sampled_from(["approval", "handling"]))
    who = draw(BUSY if busy else WHO)
    node: dict[str, Any] = {"id": node_id, "type": kind, "name": node_id.upper(), "who": who}
    modes = ["sequential", "all", "any", "ratio"] if kind == "approval" else ["any", "all"]
    node["mode"] = draw(st.sampled_from(modes))
    if node["mode"] == "ratio":
        node["ratio"] = draw(st.sampled_from([{"count": 2}, {"count": 5}, {"percent": "60"}, {"percent": "33.4"}]))
    node["empty"] = draw(st.sampled_from(["admin"] if busy else ["pass", "admin", "refuse"]))
    node["dedupe"] = draw(st.booleans())
    node["initiator"] = draw(st.sampled_from(["act", "pass", "skip"]))
    if kind == "approval":
        node["return"] = draw(st.sampled_from(["none", "initiator", "any"]))
        node["choose_next"] = draw(st.booleans())
    return node


@st.composite
def node_list(draw: st.DrawFn, counter: list[int], depth: int, busy: bool = False) -> list[dict[str, Any]]:
    nodes = []
    for _ in range(draw(st.integers(1 if depth == 0 else 0, 4 if depth == 0 else 2))):
        counter[0] += 1
        node_id = f"n{counter[0]}"
        kind = draw(st.sampled_from(["acting"] * 4 + ["cc", "notice"] + (["condition", "parallel"] * (depth < 2))))
        if kind == "acting":
            nodes.append(draw(acting_node(node_id, busy)))
        elif kind in ("cc", "notice"):
            nodes.append({"id": node_id, "type": kind, "name": node_id, "who": draw(WHO)})
        else:
            branches = []
            for index in range(draw(st.integers(2, 3))):
                branch: dict[str, Any] = {"id": f"{node_id}_b{index}", "name": f"B{index}"}
                if kind == "condition" and index > 0:
                    branch["priority"] = index
                    branch["when"] = {
                        draw(st.sampled_from(["all", "any"])): draw(st.lists(conditions(), min_size=1, max_size=2))
                    }
                elif kind == "condition":
                    branch["default"] = True
                branch["nodes"] = draw(node_list(counter, depth + 1, busy))
                branches.append(branch)
            nodes.append({"id": node_id, "type": kind, "name": node_id, "branches": branches})
    return nodes


@st.composite
def documents(draw: st.DrawFn, busy: bool = False) -> dict[str, Any]:
    """Random documents; `busy` ones have people at every approval/handling node (few pass on their own), so the
    random decisions go deep: returns, resubmissions, joins."""
    keys = draw(st.lists(st.sampled_from(sorted(FIELDS)), unique=True, min_size=4))
    return {
        "format": 1,
        "form": {"fields": [FIELDS[key] for key in keys]},
        "nodes": draw(node_list([0], 0, busy)),
        "settings": {"withdraw": draw(st.booleans())},
    }


def values() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "days": st.sampled_from(NUMBERS),
            "cost": st.sampled_from(["0.10", "1000.00", "5000.50"]),
            "start": st.sampled_from(DATES),
            "level": st.sampled_from(["school", "district"]),
            "stars": st.lists(st.sampled_from(["moral", "teaching", "science"]), max_size=3, unique=True),
            "period": st.builds(
                lambda n: {"start": "2026-01-05", "end": "2026-01-09", "days": n, "working_days": n}, st.integers(1, 6)
            ),
            "items": st.lists(st.fixed_dictionaries({"amount": st.sampled_from(["0.1", "0.2", "4999.7"])}), max_size=3),
            "reviewer": st.integers(1, 6),
        },
    )
