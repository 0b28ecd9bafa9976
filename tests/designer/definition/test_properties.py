"""Property (issue 18): a random definition is either refused — by validation, with problems naming a node or field
and a known code, or at start, naming a node — or every random sequence of decisions (approve, reject, handle,
return to an allowed target, resubmit, withdraw), followed by approving everything, ends the case (approved,
rejected or withdrawn): no state is ever left with no open node and no outcome.

Bounded in the normal run (150 derandomised examples); ``STEPWISE_LONG=1`` draws 2000 fresh ones."""

import os
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from designer.definition import walk
from designer.definition.problems import CODES, ERROR
from designer.definition.tree import ACTING, walk_nodes
from designer.definition.validate import MAX_OPEN, problems
from tests.designer.definition.strategies import PEOPLE, documents, values

LONG = os.environ.get("STEPWISE_LONG") == "1"
EXAMPLES = settings(
    max_examples=2000 if LONG else 150,
    deadline=None,
    database=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
INITIATOR, CHOSEN = 1, 7
FOUND = st.dictionaries(st.sampled_from([f"n{i}" for i in range(1, 20)]), PEOPLE)
ADMINS = st.lists(st.integers(1, 6), max_size=2)


def resolver(found: dict[str, list[int]], values: dict[str, Any]):
    def resolve(node: dict, state: dict) -> list[int]:
        who = node["who"]
        if who["source"] in ("chosen", "previous"):
            return list(state["chosen"].get(node["id"], []))
        if who["source"] == "people":
            return list(who["people"])
        if who["source"] == "initiator":
            return [INITIATOR]
        if who["source"] == "field":
            return [values["reviewer"]] if "reviewer" in values else []
        return found.get(node["id"], [3, 4])  # role, superior: found unless the example says otherwise

    return resolve


def _check_state(step: walk.Step, before: dict | None = None) -> None:
    state = step.state
    assert {o.node for o in step.opened} <= set(state["open"]), "a node opened is not open"
    if before is not None:
        assert set(step.cancelled) <= set(before["open"]), "a node cancelled was not open"
        reopened = {o.node for o in step.opened}  # cancelled, then opened again (a return that passes its target)
        assert not (set(step.cancelled) & set(state["open"])) - reopened, "a node cancelled is still open"
    assert state["outcome"] or state["open"], "no open node and no outcome"
    assert len(state["open"]) <= MAX_OPEN
    for entry in state["open"].values():
        assert entry["people"], "a node opened with nobody"
        assert entry["needed"] is None or 1 <= entry["needed"] <= len(entry["people"])
    if state["outcome"]:
        assert not state["open"]


def _try(call, *args, **kwargs) -> walk.Step | None:
    """An action the case refuses (Refused/NotAllowed) changes nothing: the caller keeps the state it had."""
    try:
        return call(*args, **kwargs)
    except (walk.Refused, walk.NotAllowed):
        return None


def _decide(document, state, facts, resolve, node: str, outcome: str, chosen_next) -> walk.Step:
    step = _try(walk.decide, document, state, facts, resolve, node=node, outcome=outcome, by=2, chosen_next=chosen_next)
    if step is None:  # a node whose people the previous approver chooses: choose someone
        step = walk.decide(document, state, facts, resolve, node=node, outcome=outcome, by=2, chosen_next=[CHOSEN])
    return step


def _approve_all(document: dict, state: dict, facts, resolve) -> dict:
    for _ in range(500):
        if state["outcome"]:
            return state
        node, entry = next(iter(state["open"].items()))
        if entry["kind"] == "resubmit":
            step = _try(walk.resubmit, document, state, facts, resolve) or walk.withdraw(document, state)
        else:
            outcome = "approved" if entry["kind"] == "approval" else "handled"
            step = _decide(document, state, facts, resolve, node, outcome, [CHOSEN])
        _check_state(step, state)
        state = step.state
    raise AssertionError("approving everything did not end the case")


def _case(document, found, stored, admins, data) -> None:
    resolve = resolver(found, stored)
    found_problems = problems(document, people_for=lambda who, node: resolve(node, {"chosen": {}}))
    ids = {item["id"] for node, _ in walk_nodes(document["nodes"]) for item in [node, *node.get("branches", [])]}
    for problem in found_problems:
        assert problem.code in CODES
        assert problem.node in ids or problem.field, problem
    if any(problem.level == ERROR for problem in found_problems):
        event("refused by validation")
        return
    facts = walk.Facts(INITIATOR, frozenset({"MEMBER_SCHOOL"}), frozenset({1, 2}), stored, tuple(admins))
    chosen_nodes = [n["id"] for n, _ in walk_nodes(document["nodes"]) if (n.get("who") or {}).get("source") == "chosen"]
    chosen = {node: data.draw(PEOPLE) for node in chosen_nodes}
    try:
        step = walk.start(document, facts, resolve, chosen=chosen)
    except walk.Refused as refused:
        assert refused.node in ids and refused.code == "approvers_none"
        event("refused at start")
        return
    _check_state(step)
    state = step.state
    next_step: walk.Step | None
    for _ in range(data.draw(st.integers(5, 60))):
        if state["outcome"]:
            break
        node, entry = data.draw(st.sampled_from(sorted(state["open"].items())))
        actions = ["withdraw"]  # weighted by repeating: mostly going on, sometimes back or ending
        if entry["kind"] == "resubmit":
            actions += ["resubmit"] * 3
        elif entry["kind"] == "handling":
            actions += ["handled"] * 4
        else:
            actions += ["approved"] * 4 + ["rejected"]
            actions += ["back"] * 4 if walk.return_targets(document, state, node) else []
        action = data.draw(st.sampled_from(actions))
        if action == "withdraw":
            next_step = _try(walk.withdraw, document, state)
            assert (next_step is not None) == walk.may_withdraw(document, state)
        elif action == "resubmit":
            next_step = _try(walk.resubmit, document, state, walk.Facts(INITIATOR, values=data.draw(values())), resolve)
        elif action == "back":
            target = data.draw(st.sampled_from(walk.return_targets(document, state, node)))
            next_step = _try(walk.send_back, document, state, facts, resolve, node=node, target=target)
        else:
            next_step = _decide(document, state, facts, resolve, node, action, data.draw(st.none() | PEOPLE))
        if next_step is not None:
            _check_state(next_step, state)
            state = next_step.state
            event(f"applied: {action}")
    event(f"after random decisions: {state['outcome'] or 'running'}")
    state = _approve_all(document, state, facts, resolve)
    assert state["outcome"] in ("approved", "rejected", "withdrawn")


@EXAMPLES
@given(document=documents(), found=FOUND, stored=values(), admins=ADMINS, data=st.data())
def test_every_definition_is_refused_or_every_case_ends(document, found, stored, admins, data):
    _case(document, found, stored, admins, data)


@settings(EXAMPLES, max_examples=EXAMPLES.max_examples // 2)
@given(document=documents(busy=True), found=FOUND, stored=values(), admins=ADMINS, data=st.data())
def test_every_case_with_people_everywhere_ends(document, found, stored, admins, data):
    """The same with people at every approval/handling node: the random decisions reach returns, joins, resubmits."""
    _case(document, found, stored, admins, data)


@settings(EXAMPLES, max_examples=EXAMPLES.max_examples // 2)
@given(document=documents(), values=values())
def test_a_case_nobody_turns_down_takes_the_simulated_path(document, values):
    """Approving every node in turn reaches exactly the nodes the simulation lists (same acting nodes, same people)."""
    if any(problem.level == ERROR for problem in problems(document)):
        return
    facts = walk.Facts(INITIATOR, values=values, admins=(5,))
    resolve = resolver({}, values)
    visits = walk.simulate(document, facts, resolve)
    try:
        step = walk.start(document, facts, resolve)
    except walk.Refused as refused:
        assert any(v.node == refused.node and v.passed_reason in ("refused", None) for v in visits)
        return
    opened = {o.node: o.people for o in step.opened}
    state = step.state
    while not state["outcome"]:
        node, entry = next(iter(state["open"].items()))
        outcome = "approved" if entry["kind"] == "approval" else "handled"
        step = walk.decide(
            document, state, facts, resolve, node=node, outcome=outcome, by=entry["people"][0], chosen_next=[CHOSEN]
        )
        opened |= {o.node: o.people for o in step.opened}
        state = step.state
    acting = {v.node for v in visits if v.kind in ACTING and v.passed_reason is None and v.people}
    assert acting <= set(opened)
    assert state["outcome"] == "approved"
