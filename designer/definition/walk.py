"""The interpreter of a process document: a pure state machine (no database) the approval engine drives.

`start` runs the path from the beginning and stops at the nodes people must act on; `decide` is called once a
node is decided (its own multi-person rule — 依次/会签/或签/ratio — is the engine's business); `send_back` (退回),
`resubmit`, `withdraw` (撤回). Every call returns a Step: the new state, the nodes opened, the nodes passed at once
(cc/notice with their people, and empty/dedupe/initiator passes for the history), the open nodes cancelled, and the
outcome ("approved" | "rejected" | "withdrawn" | None). The given state is never changed; a call that raises
(Refused, NotAllowed) changes nothing.

State (a JSON-able dict):
- ``open``: {node id: {"kind", "people", "mode", "needed"}} — the nodes people act on now; while the case is
  returned to the initiator, only ``RESUBMIT`` ("_resubmit", never a node id) with kind "resubmit".
- ``joins``: {parallel node id: [ids of its branches finished]} — the parallel nodes running; the path goes on
  after one when all its branches finished.
- ``taken``: {condition node id: branch id} — the branch each condition took.
- ``visited``: node ids in the order the path reached them (passed or opened) since the case was (re)submitted.
- ``done``: ids of the approval/handling nodes people decided, in order (the nodes one may return to).
- ``approved``: {node id: [people]} — who approved each approval node (for 自动去重).
- ``chosen``: {node id: [people]} — the initiator's picks ("chosen") and previous approvers' ("previous").
- ``decided``: whether anyone decided since the case was (re)submitted (撤回 is allowed until then).
- ``outcome``: None while running, then "approved", "rejected" or "withdrawn".
"""

import copy
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from designer.definition.facts import Facts
from designer.definition.rules import Open, Passed, Refused
from designer.definition.run import NotAllowed, Run, Step
from designer.definition.simulate import Resolve, Visit, check_start, initial_state, simulate
from designer.definition.tree import MAIN, Tree

__all__ = [
    "Facts",
    "Open",
    "Passed",
    "Refused",
    "NotAllowed",
    "Resolve",
    "Step",
    "Visit",
    "RESUBMIT",
    "open_nodes",
    "start",
    "decide",
    "return_targets",
    "send_back",
    "resubmit",
    "withdraw",
    "may_withdraw",
    "simulate",
]

RESUBMIT = "_resubmit"
INITIATOR = "initiator"


def open_nodes(state: Mapping[str, Any]) -> list[Open]:
    return [
        Open(node, entry["kind"], tuple(entry["people"]), entry["mode"], entry["needed"])
        for node, entry in state["open"].items()
    ]


def _running(state: Mapping[str, Any]) -> dict[str, Any]:
    if state.get("outcome"):
        raise NotAllowed("case_ended", None, _("This case has already ended."))
    return copy.deepcopy(dict(state))


def _open(state: Mapping[str, Any], node: str, kinds: tuple[str, ...]) -> dict[str, Any]:
    entry = state["open"].get(node)
    if entry is None or entry["kind"] not in kinds:
        raise NotAllowed("node_not_open", node, _("This step is not waiting for a decision."))
    return entry


def _once(resolve: Resolve) -> Resolve:
    """The check before a start and the start itself ask for the same nodes with the same picks: ask the caller once."""
    found: dict[str, list[int]] = {}

    def resolved(node: dict, state: dict) -> list[int]:
        if node["id"] not in found:
            found[node["id"]] = list(resolve(node, state))
        return list(found[node["id"]])

    return resolved


def start(
    document: Mapping[str, Any], facts: Facts, resolve: Resolve, *, chosen: Mapping[str, list[int]] | None = None
) -> Step:
    resolve = _once(resolve)
    check_start(document, facts, resolve, chosen)
    run = Run(Tree(document), initial_state(chosen), facts, resolve)
    run.enter(MAIN, 0)
    return run.step()


def decide(
    document: Mapping[str, Any],
    state: Mapping[str, Any],
    facts: Facts,
    resolve: Resolve,
    *,
    node: str,
    outcome: str,
    by: int,
    approved_by: list[int] | None = None,
    chosen_next: list[int] | None = None,
) -> Step:
    new = _running(state)
    entry = _open(new, node, ("approval", "handling"))
    allowed = ("approved", "rejected") if entry["kind"] == "approval" else ("handled",)
    if outcome not in allowed:
        raise NotAllowed("outcome_invalid", node, _("This decision is not possible at this step."))
    run = Run(Tree(document), new, facts, resolve, chosen_next)
    del new["open"][node]
    new["decided"] = True
    if outcome == "rejected":
        run.cancelled = list(new["open"])
        new.update(open={}, joins={}, outcome="rejected")
        return run.step()
    if entry["kind"] == "approval":
        everyone = entry["people"] if entry["mode"] in ("all", "sequential") else []
        approved = [person for person in everyone if person != by] + [by] if approved_by is None else approved_by
        new["approved"][node] = list(approved)
    new["done"].append(node)
    place = run.tree.places[node]
    run.enter(place.container, place.index + 1)
    return run.step()


def return_targets(document: Mapping[str, Any], state: Mapping[str, Any], node: str) -> list[str]:
    """Where the node may send the case back (退回): "initiator" and, with return "any", the approval/handling
    nodes people decided on the way to it (not inside another branch of a parallel node)."""
    if state.get("outcome") or state["open"].get(node, {}).get("kind") != "approval":
        return []
    tree = Tree(document)
    allowed = tree.node(node).get("return") or "initiator"
    if allowed == "none":
        return []
    targets = [INITIATOR]
    if allowed == "any":
        here = tree.places[node].order
        for earlier in dict.fromkeys(state["done"]):
            if tree.places[earlier].order < here and earlier not in state["open"] and _on_the_way(tree, earlier, node):
                targets.append(earlier)
    return targets


def _on_the_way(tree: Tree, earlier: str, node: str) -> bool:
    """Not in another branch of a parallel node, nor in a parallel node that already joined."""
    parallels = [owner for owner, _ in tree.places[earlier].parents if tree.node(owner)["type"] == "parallel"]
    return not tree.apart(earlier, node) and all(tree.encloses(owner, node) for owner in parallels)


def send_back(
    document: Mapping[str, Any], state: Mapping[str, Any], facts: Facts, resolve: Resolve, *, node: str, target: str
) -> Step:
    new = _running(state)
    _open(new, node, ("approval",))
    if target not in return_targets(document, state, node):
        raise NotAllowed("return_not_allowed", node, _("The case cannot be sent back there from this step."))
    tree = Tree(document)
    run = Run(tree, new, facts, resolve)
    del new["open"][node]
    new["decided"] = True
    if target == INITIATOR:
        run.cancelled = list(new["open"])
        people = (facts.initiator,)
        new.update(open={RESUBMIT: {"kind": "resubmit", "people": list(people), "mode": "any", "needed": None}})
        new["joins"] = {}
        run.opened.append(Open(RESUBMIT, "resubmit", people, "any", None))
        return run.step()
    begin = tree.places[target].order

    def again(other: str) -> bool:  # a node the path runs through again from the target on
        apart = tree.apart(other, target)
        return tree.places[other].order >= begin and not (apart and tree.encloses(apart, target))

    run.cancelled = [other for other in new["open"] if again(other)]
    for other in run.cancelled:
        del new["open"][other]
    new["joins"] = {owner: done for owner, done in new["joins"].items() if not again(owner)}
    new["approved"] = {other: people for other, people in new["approved"].items() if not again(other)}
    new["done"] = [other for other in new["done"] if not again(other)]
    new["visited"] = [other for other in new["visited"] if not again(other)]
    place = tree.places[target]
    run.enter(place.container, place.index)
    return run.step()


def resubmit(
    document: Mapping[str, Any],
    state: Mapping[str, Any],
    facts: Facts,
    resolve: Resolve,
    *,
    chosen: Mapping[str, list[int]] | None = None,
) -> Step:
    """The initiator submitted again (with `facts` holding the values now): the path runs again from the start."""
    old = _running(state)
    _open(old, RESUBMIT, ("resubmit",))
    tree = Tree(document)
    picks = chosen
    if picks is None:  # the initiator's own picks stay; the previous approvers' choices are made again
        picks = {key: people for key, people in old["chosen"].items() if _source(tree, key) == "chosen"}
    resolve = _once(resolve)
    check_start(document, facts, resolve, picks)
    run = Run(tree, initial_state(picks), facts, resolve)
    run.enter(MAIN, 0)
    return run.step()


def _source(tree: Tree, node_id: str) -> str | None:
    place = tree.places.get(node_id)
    return (place.node.get("who") or {}).get("source") if place else None


def may_withdraw(document: Mapping[str, Any], state: Mapping[str, Any]) -> bool:
    """撤回: while the case runs, until anyone's first decision (settings.withdraw), or while it is returned to the
    initiator (who then edits and submits again, or withdraws)."""
    if state.get("outcome"):
        return False
    if RESUBMIT in state["open"]:
        return True
    return bool((document.get("settings") or {}).get("withdraw", True)) and not state.get("decided")


def withdraw(document: Mapping[str, Any], state: Mapping[str, Any]) -> Step:
    if not may_withdraw(document, state):
        raise NotAllowed("withdraw_not_allowed", None, _("This case can no longer be withdrawn."))
    new = _running(state)
    cancelled = list(new["open"])
    new.update(open={}, joins={}, outcome="withdrawn")
    return Step(new, [], [], cancelled, "withdrawn")
