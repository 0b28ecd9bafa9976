"""The path a case takes when every node approves (the designer's simulation, the case page's diagram, and the
check `walk.start` makes before a case starts): one Visit per node reached, in order, the branches of a parallel
node one after the other."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from designer.definition.conditions import holds
from designer.definition.facts import Facts
from designer.definition.rules import Refused, arrange, mode_of, refused_for

Resolve = Callable[[dict, dict], list[int]]


@dataclass(frozen=True)
class Visit:
    node: str
    name: str
    kind: str  # the node's type
    people: tuple[int, ...]  # who acts (approval/handling) or is told (cc/notice); () while they are unknown
    mode: str | None
    passed_reason: str | None  # as walk.Passed, or "refused" (nobody found and `empty` is "refuse")
    branch: str | None  # the branch holding the node (None on the main path); for a condition node, the one taken
    depth: int


def choose_branch(node: Mapping[str, Any], facts: Facts) -> dict[str, Any] | None:
    """The branch of a condition node a case takes: the first by priority whose `when` holds, else the default."""
    branches = list(node.get("branches") or [])
    tried = sorted(
        (b for b in branches if not b.get("default")),
        key=lambda b: (b.get("priority") is None, b.get("priority") or 0, branches.index(b)),
    )
    for branch in tried:
        if holds(branch.get("when"), facts):
            return branch
    return next((b for b in branches if b.get("default")), None)


def resolved_later(node: Mapping[str, Any], state: Mapping[str, Any]) -> bool:
    """A node whose people the previous approver chooses, not chosen yet: its people are not known in advance."""
    return (node.get("who") or {}).get("source") == "previous" and node["id"] not in state.get("chosen", {})


def initial_state(chosen: Mapping[str, list[int]] | None) -> dict[str, Any]:
    return {
        "open": {},
        "joins": {},
        "taken": {},
        "visited": [],
        "done": [],
        "approved": {},
        "chosen": {key: list(people) for key, people in (chosen or {}).items()},
        "decided": False,
        "outcome": None,
    }


def simulate(
    document: Mapping[str, Any], facts: Facts, resolve: Resolve, *, chosen: Mapping[str, list[int]] | None = None
) -> list[Visit]:
    state = initial_state(chosen)
    approved: set[int] = set()
    visits: list[Visit] = []

    def walk(nodes: list[dict[str, Any]], depth: int, branch: str | None) -> None:
        for node in nodes:
            kind, name = node["type"], node.get("name") or ""
            if kind in ("cc", "notice"):
                people = tuple(resolve(node, state)) if node.get("who") else ()
                visits.append(Visit(node["id"], name, kind, people, None, kind, branch, depth))
            elif kind == "condition":
                taken = choose_branch(node, facts)
                visits.append(Visit(node["id"], name, kind, (), None, None, taken["id"] if taken else None, depth))
                if taken is not None:
                    state["taken"][node["id"]] = taken["id"]
                    walk(taken.get("nodes") or [], depth + 1, taken["id"])
            elif kind == "parallel":
                visits.append(Visit(node["id"], name, kind, (), None, None, None, depth))
                for inner in node.get("branches") or []:
                    walk(inner.get("nodes") or [], depth + 1, inner["id"])
            elif resolved_later(node, state):
                visits.append(Visit(node["id"], name, kind, (), mode_of(node), None, branch, depth))
            else:
                visits.append(_acting(node, resolve(node, state) if node.get("who") else [], branch, depth))

    def _acting(node: dict[str, Any], found: list[int], branch: str | None, depth: int) -> Visit:
        try:
            reason, people, wanted = arrange(node, found, approved, facts)
        except Refused:
            return Visit(node["id"], node.get("name") or "", node["type"], (), mode_of(node), "refused", branch, depth)
        if reason == "initiator":
            approved.add(facts.initiator)
        elif reason is None and node["type"] == "approval":
            mode = mode_of(node)
            approved.update(people if mode in ("all", "sequential") else people[: wanted or 1])
        return Visit(node["id"], node.get("name") or "", node["type"], people, mode_of(node), reason, branch, depth)

    walk(list(document.get("nodes") or []), 0, None)
    return visits


def check_start(document: Mapping[str, Any], facts: Facts, resolve: Resolve, chosen: Any) -> None:
    """Raises Refused for the first node on the path the values take whose `empty` is "refuse" and finds nobody."""
    places = {visit.node: visit for visit in simulate(document, facts, resolve, chosen=chosen)}
    for node_id, visit in places.items():
        if visit.passed_reason == "refused":
            raise refused_for(_find(document.get("nodes") or [], node_id))


def _find(nodes: list[dict[str, Any]], node_id: str) -> dict[str, Any]:
    for node in nodes:
        if node["id"] == node_id:
            return node
        for branch in node.get("branches") or []:
            try:
                return _find(branch.get("nodes") or [], node_id)
            except KeyError:
                continue
    raise KeyError(node_id)
