"""An index over a (valid) document's nested nodes: where each node stands (its list, its position, the branches
around it), which node owns each branch, and document order. Used by the interpreter and by validation."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAIN = ""  # the container key of the main path; a branch's nodes are keyed by the branch id
ACTING = ("approval", "handling")
BRANCHING = ("condition", "parallel")


@dataclass(frozen=True)
class Place:
    node: dict[str, Any]
    container: str  # MAIN or the id of the branch holding the node
    index: int
    parents: tuple[tuple[str, str], ...]  # (branching node id, branch id) from the outermost inwards
    order: int  # document order (depth first)


def walk_nodes(
    nodes: list[dict[str, Any]], parents: tuple[tuple[str, str], ...] = ()
) -> Iterator[tuple[dict[str, Any], tuple[tuple[str, str], ...]]]:
    """Every node, depth first, with the branches around it (for any document that matched the schema)."""
    for node in nodes:
        yield node, parents
        for branch in node.get("branches") or []:
            yield from walk_nodes(branch.get("nodes") or [], (*parents, (node["id"], branch["id"])))


class Tree:
    def __init__(self, document: Mapping[str, Any]):
        self.containers: dict[str, list[dict[str, Any]]] = {MAIN: list(document.get("nodes") or [])}
        self.places: dict[str, Place] = {}
        self.owner: dict[str, str] = {}  # branch id -> the condition or parallel node holding it
        self.branches: dict[str, dict[str, Any]] = {}
        for order, (node, parents) in enumerate(walk_nodes(self.containers[MAIN])):
            container = parents[-1][1] if parents else MAIN
            index = next(i for i, sibling in enumerate(self.containers[container]) if sibling is node)
            self.places[node["id"]] = Place(node, container, index, parents, order)
            for branch in node.get("branches") or []:
                self.containers[branch["id"]] = list(branch.get("nodes") or [])
                self.owner[branch["id"]] = node["id"]
                self.branches[branch["id"]] = branch

    def node(self, node_id: str) -> dict[str, Any]:
        return self.places[node_id].node

    def apart(self, one: str, other: str) -> str | None:
        """The parallel node whose different branches hold the two nodes, if any (they run side by side)."""
        for (owner_a, branch_a), (owner_b, branch_b) in zip(
            self.places[one].parents, self.places[other].parents, strict=False
        ):
            if owner_a != owner_b:
                return None
            if branch_a != branch_b:
                return owner_a if self.node(owner_a)["type"] == "parallel" else None
        return None

    def encloses(self, owner: str, node_id: str) -> bool:
        return any(parent == owner for parent, _ in self.places[node_id].parents)
