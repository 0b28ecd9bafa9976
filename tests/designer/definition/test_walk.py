"""The interpreter (designer.definition.walk): every node type, the node rules (empty, dedupe, initiator, ratio),
return and resubmit, withdraw, parallel join, a condition inside a parallel branch, simulation."""

import json

import pytest

from designer.definition import walk
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

ME = 1
ANY = {"return": "any"}
FACTS = walk.Facts(initiator=ME, values={"days": "4"}, admins=(90, 91))


def resolve(node: dict, state: dict) -> list[int]:
    who = node["who"]
    if who["source"] in ("chosen", "previous"):
        return state["chosen"].get(node["id"], who.get("default", []))
    if who["source"] == "initiator":
        return [ME]
    return list(who.get("people", []))


def begin(doc, facts=FACTS, **kwargs) -> walk.Step:
    return walk.start(doc, facts, resolve, **kwargs)


def ok(doc, step: walk.Step, node: str, by: int = 0, outcome: str = "approved", facts=FACTS, **kw) -> walk.Step:
    return walk.decide(doc, step.state, facts, resolve, node=node, outcome=outcome, by=by, **kw)


def opened(step: walk.Step) -> dict[str, tuple[int, ...]]:
    return {o.node: o.people for o in step.opened}


def test_training_request_long_goes_to_the_principal_then_copies_the_office():
    doc = training()
    step = begin(doc)
    assert opened(step) == {"head": (20,)} and step.outcome is None
    step = ok(doc, step, "head", 20)
    assert opened(step) == {"principal": (30,)} and step.state["taken"] == {"long": "over3"}
    step = ok(doc, step, "principal", 30)
    assert step.outcome == "approved" and step.passed == [walk.Passed("office", "cc", (40,))]
    json.dumps(step.state)  # the state is stored as JSON


def test_training_request_short_skips_the_principal():
    doc = training()
    short = walk.Facts(ME, values={"days": "3"})
    step = ok(doc, begin(doc, short), "head", 20, facts=short)
    assert step.outcome == "approved" and step.state["taken"] == {"long": "rest"}


def test_an_empty_path_is_approved_at_once():
    step = begin(document())
    assert step.outcome == "approved" and step.opened == []


def test_notice_and_cc_pass_even_with_nobody():
    doc = document(cc("tell", people(5), "notice"), cc("quiet", people()), approval("a", people(2)))
    step = begin(doc)
    assert step.passed == [walk.Passed("tell", "notice", (5,)), walk.Passed("quiet", "cc", ())]
    assert opened(step) == {"a": (2,)}


def test_handling_is_handled_not_approved():
    doc = document(handling("h", people(2, 3), mode="all"))
    step = begin(doc)
    assert step.opened == [walk.Open("h", "handling", (2, 3), "all", None)]
    with pytest.raises(walk.NotAllowed) as refused:
        ok(doc, step, "h", 2, "approved")
    assert refused.value.code == "outcome_invalid"
    assert ok(doc, step, "h", 2, "handled").outcome == "approved"


def test_rejection_ends_the_case_and_cancels_the_other_branches():
    doc = document(parallel("p", [approval("a", people(2))], [approval("b", people(3))]), approval("c", people(4)))
    step = begin(doc)
    assert opened(step) == {"a": (2,), "b": (3,)}
    step = ok(doc, step, "a", 2, "rejected")
    assert step.outcome == "rejected" and step.cancelled == ["b"] and step.state["open"] == {}
    with pytest.raises(walk.NotAllowed):
        ok(doc, step, "b", 3)


def test_parallel_joins_when_every_branch_finished():
    doc = document(
        parallel("p", [approval("a", people(2)), approval("a2", people(5))], [approval("b", people(3))], []),
        approval("after", people(4)),
    )
    step = begin(doc)
    assert opened(step) == {"a": (2,), "b": (3,)} and step.state["joins"] == {"p": ["p_2"]}
    step = ok(doc, step, "b", 3)
    assert step.opened == [] and step.state["joins"] == {"p": ["p_2", "p_1"]}
    step = ok(doc, step, "a", 2)
    assert opened(step) == {"a2": (5,)}
    step = ok(doc, step, "a2", 5)
    assert opened(step) == {"after": (4,)} and step.state["joins"] == {}


def test_a_condition_inside_a_parallel_branch():
    inner = condition("c", branch("big", [approval("x", people(6))], days(">", "3"), 1), branch("small", []))
    doc = document(parallel("p", [inner, cc("told", people(7))], [approval("b", people(3))]), approval("z", people(8)))
    step = begin(doc)
    assert opened(step) == {"x": (6,), "b": (3,)}
    step = ok(doc, step, "x", 6)
    assert step.passed == [walk.Passed("told", "cc", (7,))] and step.opened == []
    assert opened(ok(doc, step, "b", 3)) == {"z": (8,)}
    short = begin(doc, walk.Facts(ME, values={"days": "1"}))
    assert opened(short) == {"b": (3,)} and short.state["taken"] == {"c": "small"}


@pytest.mark.parametrize(
    ("empty", "admins", "expected"),
    [("pass", (90,), "passed"), ("admin", (90, 91), (90, 91)), ("admin", (), "passed")],
)
def test_nobody_found(empty, admins, expected):
    doc = document(approval("a", people(), empty=empty), approval("b", people(2)))
    step = begin(doc, walk.Facts(ME, admins=admins))
    if expected == "passed":
        assert step.passed == [walk.Passed("a", "empty", ())] and opened(step) == {"b": (2,)}
    else:
        assert opened(step) == {"a": expected}


def test_nobody_found_refuses_the_start_on_the_path_the_values_take():
    refusing = approval("principal", people(), empty="refuse")
    doc = document(condition("c", branch("big", [refusing], days(">", "3"), 1), branch("small", [])))
    with pytest.raises(walk.Refused) as refused:
        begin(doc)
    assert refused.value.code == "approvers_none" and refused.value.node == "principal"
    assert begin(doc, walk.Facts(ME, values={"days": "2"})).outcome == "approved"


def test_refused_before_anything_opens_even_late_in_the_path():
    doc = document(approval("a", people(2)), parallel("p", [], [approval("late", people(), empty="refuse")]))
    with pytest.raises(walk.Refused) as refused:
        begin(doc)
    assert refused.value.node == "late"


def test_dedupe_removes_who_already_approved():
    doc = document(
        approval("a", people(2, 3), mode="all"),
        approval("b", people(3, 4), dedupe=True),
        approval("c", people(2, 3), dedupe=True),
        approval("d", people(2, 3)),
    )
    step = ok(doc, begin(doc), "a", 3)
    assert opened(step) == {"b": (4,)}
    step = ok(doc, step, "b", 4)
    assert step.passed == [walk.Passed("c", "dedupe", (2, 3))] and opened(step) == {"d": (2, 3)}


def test_dedupe_under_or_sign_counts_only_who_decided():
    doc = document(approval("a", people(2, 3), mode="any"), approval("b", people(2, 3), dedupe=True))
    assert opened(ok(doc, begin(doc), "a", 3)) == {"b": (2,)}


@pytest.mark.parametrize(
    ("rule", "mode", "found", "expected"),
    [
        ("act", "all", (ME, 2), ("open", (ME, 2))),
        ("pass", "all", (ME, 2), ("open", (2,))),
        ("pass", "any", (ME, 2), ("passed", "initiator")),
        ("pass", "all", (ME,), ("passed", "initiator")),
        ("skip", "all", (ME, 2), ("open", (2,))),
        ("skip", "all", (ME,), ("passed", "empty")),
    ],
)
def test_initiator_among_the_approvers(rule, mode, found, expected):
    doc = document(approval("a", people(*found), mode=mode, initiator=rule, empty="pass"), approval("b", people(9)))
    step = begin(doc)
    if expected[0] == "open":
        assert opened(step)["a"] == expected[1]
    else:
        assert step.passed[0].node == "a" and step.passed[0].reason == expected[1]


def test_initiator_skipped_then_nobody_goes_to_admins():
    step = begin(document(approval("a", {"source": "initiator"}, initiator="skip")))
    assert opened(step) == {"a": (90, 91)}


@pytest.mark.parametrize(
    ("ratio", "count", "needed"),
    [
        ({"count": 2}, 3, 2),
        ({"count": 5}, 3, 3),
        ({"percent": "60"}, 3, 2),
        ({"percent": "60"}, 5, 3),
        ({"percent": "33.4"}, 3, 2),
        ({"percent": "100"}, 4, 4),
        ({"percent": "1"}, 4, 1),
    ],
)
def test_ratio_needs_exactly(ratio, count, needed):
    doc = document(approval("a", people(*range(2, 2 + count)), mode="ratio", ratio=ratio))
    assert begin(doc).opened[0].needed == needed


def test_ratio_with_the_initiator_passing_counts_their_approval():
    doc = document(approval("a", people(ME, 2, 3), mode="ratio", ratio={"count": 2}, initiator="pass"))
    assert begin(doc).opened == [walk.Open("a", "approval", (2, 3), "ratio", 1)]
    one = document(approval("a", people(ME, 2), mode="ratio", ratio={"count": 1}, initiator="pass"))
    assert begin(one).passed == [walk.Passed("a", "initiator", (ME,))]


def test_chosen_by_the_initiator_and_by_the_previous_approver():
    doc = document(
        approval("a", {"source": "chosen", "multiple": True, "scope": {}, "default": [5]}, choose_next=True),
        approval("b", {"source": "previous"}, empty="refuse"),
    )
    assert opened(begin(doc)) == {"a": (5,)}
    step = begin(doc, chosen={"a": [6, 7]})
    assert opened(step) == {"a": (6, 7)}
    with pytest.raises(walk.Refused):
        ok(doc, step, "a", 6)
    step = ok(doc, step, "a", 6, chosen_next=[8])
    assert opened(step) == {"b": (8,)} and step.state["chosen"]["b"] == [8]


def test_return_targets_follow_the_nodes_rule():
    doc = document(
        approval("a", people(2)),
        parallel("p", [approval("side", people(5))], [approval("b", people(3)), approval("c", people(4), **ANY)]),
        approval("none", people(6), **{"return": "none"}),
    )
    step = ok(doc, begin(doc), "a", 2)
    step = ok(doc, step, "side", 5)
    step = ok(doc, step, "b", 3)
    assert walk.return_targets(doc, step.state, "c") == ["initiator", "a", "b"]  # not "side": another branch
    assert walk.return_targets(doc, step.state, "b") == []  # not open
    step = ok(doc, step, "c", 4)
    assert walk.return_targets(doc, step.state, "none") == []


def test_send_back_to_an_earlier_node_runs_the_path_again_from_there():
    doc = document(
        approval("a", people(2)),
        parallel("p", [approval("side", people(5))], [approval("b", people(3)), approval("c", people(4), **ANY)]),
    )
    step = ok(doc, ok(doc, begin(doc), "a", 2), "b", 3)
    assert opened(step) == {"c": (4,)} and set(step.state["open"]) == {"side", "c"}
    inside = walk.send_back(doc, step.state, FACTS, resolve, node="c", target="b")
    assert opened(inside) == {"b": (3,)} and inside.cancelled == [] and set(inside.state["open"]) == {"side", "b"}
    before = walk.send_back(doc, step.state, FACTS, resolve, node="c", target="a")
    assert opened(before) == {"a": (2,)} and before.cancelled == ["side"] and before.state["joins"] == {}
    with pytest.raises(walk.NotAllowed) as refused:
        walk.send_back(doc, step.state, FACTS, resolve, node="c", target="side")
    assert refused.value.code == "return_not_allowed"


def test_send_back_to_the_initiator_then_resubmit_with_new_values():
    doc = training()
    step = ok(doc, begin(doc), "head", 20)
    back = walk.send_back(doc, step.state, FACTS, resolve, node="principal", target="initiator")
    assert back.opened == [walk.Open(walk.RESUBMIT, "resubmit", (ME,), "any", None)] and back.outcome is None
    assert walk.may_withdraw(doc, back.state)
    with pytest.raises(walk.NotAllowed):
        ok(doc, back, "principal", 30)
    short = walk.Facts(ME, values={"days": "2"})
    again = walk.resubmit(doc, back.state, short, resolve)
    assert opened(again) == {"head": (20,)} and again.state["done"] == [] and not again.state["decided"]
    assert ok(doc, again, "head", 20, facts=short).outcome == "approved"  # 2 days now: no principal


def test_withdraw_until_the_first_decision():
    doc = training()
    step = begin(doc)
    assert walk.may_withdraw(doc, step.state)
    gone = walk.withdraw(doc, step.state)
    assert gone.outcome == "withdrawn" and gone.cancelled == ["head"] and gone.state["open"] == {}
    decided = ok(doc, step, "head", 20)
    assert not walk.may_withdraw(doc, decided.state)
    with pytest.raises(walk.NotAllowed) as refused:
        walk.withdraw(doc, decided.state)
    assert refused.value.code == "withdraw_not_allowed"
    never = document(approval("a", people(2)), withdraw=False)
    assert not walk.may_withdraw(never, begin(never).state)


def test_calls_never_change_the_state_given():
    doc = training()
    step = begin(doc)
    frozen = json.dumps(step.state, sort_keys=True)
    ok(doc, step, "head", 20)
    walk.withdraw(doc, step.state)
    walk.send_back(doc, step.state, FACTS, resolve, node="head", target="initiator")
    assert json.dumps(step.state, sort_keys=True) == frozen


def test_simulate_lists_the_path_with_branches_one_after_the_other():
    inner = condition("c", branch("big", [approval("x", people(6))], days(">", "3"), 1), branch("small", []))
    doc = document(
        approval("a", people(2, 3), mode="all"),
        parallel("p", [inner], [approval("b", people(3), dedupe=True), cc("t", people(7))]),
        approval("r", people(), empty="refuse"),
    )
    visits = [
        (v.node, v.kind, v.people, v.passed_reason, v.branch, v.depth) for v in walk.simulate(doc, FACTS, resolve)
    ]
    assert visits == [
        ("a", "approval", (2, 3), None, None, 0),
        ("p", "parallel", (), None, None, 0),
        ("c", "condition", (), None, "big", 1),
        ("x", "approval", (6,), None, "big", 2),
        ("b", "approval", (3,), "dedupe", "p_1", 1),
        ("t", "cc", (7,), "cc", "p_1", 1),
        ("r", "approval", (), "refused", None, 0),
    ]


def test_start_asks_for_each_nodes_people_once():
    asked: list[str] = []

    def counting(node: dict, state: dict) -> list[int]:
        asked.append(node["id"])
        return resolve(node, state)

    doc = document(cc("c", people(5)), parallel("p", [approval("a", people(2))], [approval("b", people(3))]))
    walk.start(doc, FACTS, counting)
    assert sorted(asked) == ["a", "b", "c"]


def test_the_previous_approvers_choice_goes_to_every_node_it_leads_to():
    previous = {"source": "previous"}
    doc = document(
        approval("a", people(2), choose_next=True),
        parallel("p", [approval("x", previous)], [handling("y", previous)]),
    )
    step = ok(doc, begin(doc), "a", 2, chosen_next=[7, 8])
    assert opened(step) == {"x": (7, 8), "y": (7, 8)}


def test_a_resubmission_whose_values_lead_to_nobody_is_refused_and_changes_nothing():
    refusing = approval("principal", people(), empty="refuse")
    doc = document(
        approval("head", people(20)), condition("c", branch("big", [refusing], days(">", "3"), 1), branch("small", []))
    )
    short = walk.Facts(ME, values={"days": "2"})
    step = walk.send_back(doc, begin(doc, short).state, short, resolve, node="head", target="initiator")
    with pytest.raises(walk.Refused) as refused:
        walk.resubmit(doc, step.state, FACTS, resolve)
    assert refused.value.node == "principal" and walk.RESUBMIT in step.state["open"]
    assert walk.withdraw(doc, step.state).outcome == "withdrawn"


def test_an_ended_case_takes_no_more_calls():
    doc = training()
    ended = walk.withdraw(doc, begin(doc).state)
    for call in (
        lambda: ok(doc, ended, "head", 20),
        lambda: walk.withdraw(doc, ended.state),
        lambda: walk.resubmit(doc, ended.state, FACTS, resolve),
    ):
        with pytest.raises(walk.NotAllowed):
            call()
    assert walk.return_targets(doc, ended.state, "head") == []
    assert not walk.may_withdraw(doc, ended.state)


def test_handling_nodes_and_return_none_offer_no_return():
    doc = document(handling("h", people(2)), approval("a", people(3), **{"return": "none"}))
    step = begin(doc)
    assert walk.return_targets(doc, step.state, "h") == []
    step = ok(doc, step, "h", 2, "handled")
    assert walk.return_targets(doc, step.state, "a") == []
    with pytest.raises(walk.NotAllowed):
        walk.send_back(doc, step.state, FACTS, resolve, node="a", target="initiator")


def test_send_back_into_a_condition_branch_goes_on_after_the_condition():
    inner = condition("c", branch("big", [approval("x", people(6))], days(">", "3"), 1), branch("small", []))
    doc = document(inner, approval("z", people(8), **ANY))
    step = ok(doc, begin(doc), "x", 6)
    assert walk.return_targets(doc, step.state, "z") == ["initiator", "x"]
    back = walk.send_back(doc, step.state, FACTS, resolve, node="z", target="x")
    assert opened(back) == {"x": (6,)} and back.state["done"] == []
    assert opened(ok(doc, back, "x", 6)) == {"z": (8,)}
