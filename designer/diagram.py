"""The process diagram of a designed process as the case page shows it (templates/designer/_diagram.html): a flat,
template-friendly list of rows read top to bottom — the initiator, each node with who acts in words and where the
case stands there, branch columns opened and closed around their nodes, the end.

Pure: no database. The caller says which nodes are done and open, who is still waiting at the open ones (names),
which branches the case took, and gives the names of the people and organisations the document names by id.
No internal code (node id, role code, field key) reaches the words: people read labels.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from accounts.roles import Role

BRANCHING = ("condition", "parallel")


def _role(code: Any) -> str:
    try:
        return str(Role(str(code)).label)
    except ValueError:
        return _("a role that no longer exists")


def _joined(items: list[str]) -> str:
    return "、".join(items)


class _Words:
    """Who acts at a node and how several decide, in words."""

    def __init__(self, document: Mapping[str, Any], names: Mapping[int, str], organisations: Mapping[int, str]):
        fields = (document.get("form") or {}).get("fields") or []
        self.labels = {field.get("key"): field.get("label") or "" for field in fields}
        self.names, self.organisations = names, organisations

    def person(self, pk: Any) -> str:
        return self.names.get(pk) or _("a person no longer on record")

    def organisation(self, pk: Any) -> str:
        return self.organisations.get(pk) or _("an organisation no longer on record")

    def field(self, key: Any) -> str:
        return self.labels.get(key) or _("a field no longer on the form")

    def who(self, who: Mapping[str, Any] | None) -> str:
        who = who or {}
        source = who.get("source")
        if source == "people":
            people = [self.person(pk) for pk in who.get("people") or []]
            return _joined(people) if people else _("nobody named yet")
        if source == "role":
            return _("%(role)s of the initiator's organisation") % {"role": _role(who.get("role"))}
        if source == "role_in":
            return _("%(role)s of %(organisation)s") % {
                "role": _role(who.get("role")),
                "organisation": self.organisation(who.get("organisation")),
            }
        if source == "superior":
            levels = int(who.get("levels") or 1)
            return ngettext("Superior (%(n)s level up)", "Superior (%(n)s levels up)", levels) % {"n": levels}
        if source == "superiors":
            levels = int(who.get("levels") or 1)
            return ngettext("Each superior up to %(n)s level", "Each superior up to %(n)s levels", levels) % {
                "n": levels
            }
        if source == "chosen":
            return _("Chosen by the initiator (several)") if who.get("multiple") else _("Chosen by the initiator")
        if source == "field":
            if who.get("role"):
                return _("%(role)s of the organisation in “%(field)s”") % {
                    "role": _role(who.get("role")),
                    "field": self.field(who.get("field")),
                }
            return _("The person in “%(field)s”") % {"field": self.field(who.get("field"))}
        if source == "initiator":
            return _("The initiator")
        if source == "previous":
            return _("Chosen by the previous approver")
        return _("Not set yet")

    def mode(self, node: Mapping[str, Any]) -> str:
        mode = node.get("mode") or ("any" if node.get("type") == "handling" else "sequential")
        if node.get("type") == "handling":
            return _("Each of them handles it") if mode == "all" else _("Any one of them handles it")
        if mode == "ratio":
            ratio = node.get("ratio") or {}
            if ratio.get("percent"):
                return _("Approved by %(percent)s%%") % {"percent": ratio["percent"]}
            return _("Approved by %(count)s of them") % {"count": ratio.get("count") or "?"}
        named = {"sequential": _("In turn"), "all": _("All must approve"), "any": _("Any one decides")}
        return named.get(mode, named["sequential"])

    def summary(self, node: Mapping[str, Any]) -> str:
        kind = node.get("type")
        if kind in ("approval", "handling"):
            return f"{self.mode(node)} · {self.who(node.get('who'))}"
        if kind in ("cc", "notice"):
            return self.who(node.get("who"))
        if kind == "condition":
            return _("The first branch whose conditions hold is taken")
        if kind == "parallel":
            return _("All branches run at once")
        return ""


def kind_label(kind: str | None) -> str:
    return {
        "approval": pgettext("node kind", "Approval"),
        "handling": pgettext("node kind", "Handling"),
        "cc": pgettext("node kind", "Copy to"),
        "notice": pgettext("node kind", "Notice"),
        "condition": pgettext("node kind", "Conditional branches"),
        "parallel": pgettext("node kind", "Parallel branches"),
    }.get(kind or "", _("Step"))


def _status_label(status: str) -> str:
    return {
        "done": _("Done"),
        "current": _("In progress"),
        "waiting": _("In progress in one of its branches"),
        "skipped": _("Not on this case's path"),
        "future": _("Not reached yet"),
    }[status]


class _Diagram:
    def __init__(self, words: _Words, done, current, waiting, taken):
        self.words, self.done, self.current, self.waiting, self.taken = words, done, current, waiting, taken
        self.rows: list[dict[str, Any]] = []

    def reached(self, node: Mapping[str, Any]) -> bool:
        """Has the case reached this node (it, or anything inside it, done or open, or one of its branches taken)?"""
        if node.get("id") in self.done or node.get("id") in self.current:
            return True
        for branch in node.get("branches") or []:
            if branch.get("id") in self.taken or any(self.reached(inner) for inner in branch.get("nodes") or []):
                return True
        return False

    def node_status(self, node: Mapping[str, Any], skipped: bool) -> str:
        ident = node.get("id")
        if skipped:
            return "skipped"
        if ident in self.current:
            return "waiting" if node.get("type") in BRANCHING else "current"
        if ident in self.done:
            return "done"
        if node.get("type") in BRANCHING and self.reached(node):
            return "waiting" if self.open_inside(node) else "done"
        return "future"

    def open_inside(self, node: Mapping[str, Any]) -> bool:
        return any(
            inner.get("id") in self.current or self.open_inside(inner)
            for branch in node.get("branches") or []
            for inner in branch.get("nodes") or []
        )

    def path(self, nodes: list[Mapping[str, Any]], depth: int, skipped: bool) -> None:
        for node in nodes:
            self.node(node, depth, skipped)

    def node(self, node: Mapping[str, Any], depth: int, skipped: bool) -> None:
        status = self.node_status(node, skipped)
        kind = node.get("type")
        waiting = list(self.waiting.get(node.get("id") or "", [])) if status == "current" else []
        self.rows.append(
            {
                "row": "node",
                "depth": depth,
                "kind": kind,
                "kind_label": kind_label(kind),
                "name": node.get("name") or kind_label(kind),
                "summary": self.words.summary(node),
                "status": status,
                "status_label": _status_label(status),
                "waiting": waiting,
                "waiting_text": _joined(waiting),
            }
        )
        if kind not in BRANCHING:
            return
        branches = list(node.get("branches") or [])
        if kind == "condition":
            branches.sort(key=lambda b: (bool(b.get("default")), b.get("priority") or 0))
        reached = not skipped and self.reached(node)
        self.rows.append({"row": "branches_open", "depth": depth + 1, "kind": kind, "count": len(branches)})
        for branch in branches:
            chosen = kind == "parallel" or branch.get("id") in self.taken
            branch_skipped = skipped or (reached and not chosen)
            state = "skipped" if branch_skipped else ("taken" if reached and chosen else "future")
            self.rows.append(
                {
                    "row": "branch_open",
                    "depth": depth + 1,
                    "name": branch.get("name") or "",
                    "priority": branch.get("priority") if kind == "condition" and not branch.get("default") else None,
                    "default": bool(branch.get("default")),
                    "status": state,
                    "status_label": {"skipped": _("Not taken"), "taken": _("Taken"), "future": ""}[state],
                }
            )
            self.path(list(branch.get("nodes") or []), depth + 1, branch_skipped)
            self.rows.append({"row": "branch_close", "depth": depth + 1})
        self.rows.append({"row": "branches_close", "depth": depth + 1})


def diagram_rows(
    document: Mapping[str, Any],
    *,
    done: set[str],
    current: set[str],
    waiting: Mapping[str, list[str]],
    taken: set[str],
    names: Mapping[int, str],
    organisations: Mapping[int, str] | None = None,
) -> list[dict[str, Any]]:
    """The rows of the diagram: ``{"row": "start"}``, then per node ``{"row": "node", depth, kind, kind_label, name,
    summary, status (done/current/waiting/skipped/future), status_label, waiting (names), waiting_text}``; around a
    branching node's columns ``branches_open`` … (``branch_open`` {name, priority, default, status
    taken/skipped/future, status_label}, its nodes, ``branch_close``) … ``branches_close``; then ``{"row": "end"}``.

    ``done``: ids of nodes passed; ``current``: ids of nodes open now; ``waiting``: per open node, the names of the
    people who have still to act; ``taken``: ids of the condition branches the case took; ``names``: people's names
    by id; ``organisations``: organisations' names by id."""
    words = _Words(document, names, organisations or {})
    diagram = _Diagram(words, done, current, waiting, taken)
    diagram.rows.append({"row": "start", "depth": 0, "name": _("Initiator"), "status": "done"})
    diagram.path(list(document.get("nodes") or []), 0, False)
    passed = all(row["status"] in ("done", "skipped") for row in diagram.rows if row["row"] == "node")
    diagram.rows.append({"row": "end", "depth": 0, "name": _("End"), "status": "done" if passed else "future"})
    return diagram.rows
