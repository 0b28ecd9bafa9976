"""The engine under designer.definition.walk: runs a document's path from a place until nodes wait for people."""

from dataclasses import dataclass
from typing import Any

from designer.definition.facts import Facts
from designer.definition.rules import Open, Passed, arrange, mode_of
from designer.definition.simulate import Resolve, choose_branch
from designer.definition.tree import MAIN, Tree


@dataclass(frozen=True)
class Step:
    state: dict[str, Any]
    opened: list[Open]
    passed: list[Passed]
    cancelled: list[str]
    outcome: str | None


class NotAllowed(Exception):
    """A call that does not fit the case's state (a node not open, a target not allowed, a case that ended…)."""

    def __init__(self, code: str, node: str | None, message: str):
        super().__init__(message)
        self.code, self.node, self.message = code, node, message


class Run:
    def __init__(self, tree: Tree, state: dict[str, Any], facts: Facts, resolve: Resolve, chosen_next: Any = None):
        self.tree, self.state, self.facts, self.resolve = tree, state, facts, resolve
        self.chosen_next = chosen_next
        self.opened: list[Open] = []
        self.passed: list[Passed] = []
        self.cancelled: list[str] = []

    def step(self) -> Step:
        return Step(self.state, self.opened, self.passed, self.cancelled, self.state["outcome"])

    def enter(self, container: str, index: int) -> None:
        """Run the nodes of a list from `index` until one waits for people, then the rest after the list ends."""
        for node in self.tree.containers[container][index:]:
            kind = node["type"]
            self.state["visited"].append(node["id"])
            if kind in ("cc", "notice"):
                people = self.resolve(node, self.state) if node.get("who") else []
                self.passed.append(Passed(node["id"], kind, tuple(people)))
            elif kind == "condition":
                branch = choose_branch(node, self.facts)
                if branch is not None:
                    self.state["taken"][node["id"]] = branch["id"]
                    self.enter(branch["id"], 0)
                    return
            elif kind == "parallel":
                self.state["joins"][node["id"]] = []
                for branch in node["branches"]:
                    self.enter(branch["id"], 0)
                return
            elif self.act(node):
                return
        self.finish(container)

    def finish(self, container: str) -> None:
        if container == MAIN:
            if not self.state["open"]:
                self.state["outcome"] = "approved"
            return
        owner = self.tree.owner[container]
        if self.tree.node(owner)["type"] == "parallel":
            finished = self.state["joins"][owner]
            finished.append(container)
            if len(finished) < len(self.tree.node(owner)["branches"]):
                return
            del self.state["joins"][owner]
        place = self.tree.places[owner]
        self.enter(place.container, place.index + 1)

    def act(self, node: dict[str, Any]) -> bool:
        """Open an approval/handling node for its people (True), or pass it at once (False)."""
        if (node.get("who") or {}).get("source") == "previous" and self.chosen_next is not None:
            # every node the decision leads to whose people the previous approver chooses (a parallel may hold more)
            self.state["chosen"][node["id"]] = list(self.chosen_next)
        found = self.resolve(node, self.state) if node.get("who") else []
        approved = {person for people in self.state["approved"].values() for person in people}
        reason, people, needed = arrange(node, found, approved, self.facts)
        if reason is not None:
            self.passed.append(Passed(node["id"], reason, people))
            if reason == "initiator" and node["type"] == "approval":
                self.state["approved"][node["id"]] = [self.facts.initiator]
            return False
        mode = mode_of(node)
        self.state["open"][node["id"]] = {"kind": node["type"], "people": list(people), "mode": mode, "needed": needed}
        self.opened.append(Open(node["id"], node["type"], people, mode, needed))
        return True
