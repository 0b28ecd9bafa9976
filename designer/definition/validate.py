"""Validation of a process document (designer-format.md, "Problems"): the schema first (nothing else is checked
when it fails), then every semantic rule, each problem naming the node or branch (and field key) it is about.

`people_for(who, node) -> list[int]` is given by the caller when the designer chose a sample initiator: a node
whose `who` finds nobody for them is `approvers_none_for_sample` (a warning; an error when the node's `empty` is
"refuse"; always a warning for cc/notice). Sources "chosen" and "previous" depend on a person's choice and are not
checked. `sample` (walk.Facts of the sample initiator and values, optional): when given, only the nodes on the path
those values take are checked; without it, every node is.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from designer.definition.checks import check_condition, check_ratio, check_who
from designer.definition.conditions import always, can_hold, covers
from designer.definition.facts import Facts
from designer.definition.problems import ERROR, WARNING, Problem
from designer.definition.schema import format_problems
from designer.definition.simulate import choose_branch
from designer.definition.tree import ACTING, walk_nodes

MAX_OPEN = 8
PeopleFor = Callable[[dict, dict], list[int]]


def problems(document: Any, *, people_for: PeopleFor | None = None, sample: Facts | None = None) -> list[Problem]:
    found = format_problems(document)
    if found:
        return found
    fields = _fields(document["form"]["fields"], found)
    everything = list(walk_nodes(document["nodes"]))
    _ids(everything, found)
    for node, _parents in everything:
        if node["type"] in ACTING or node["type"] in ("cc", "notice"):
            found += [p for p in (check_who(node, fields),) if p]
        if node["type"] in ACTING:
            found += [p for p in (check_ratio(node),) if p]
            for key in node.get("fields") or {}:
                if key not in fields:
                    message = _("“%(node)s” sets what people see of a field the form does not have.")
                    found.append(Problem("field_permission_unknown", message % _names(node), node["id"], key))
        if node["type"] in ("condition", "parallel") and len(node["branches"]) < 2:
            message = _("“%(node)s” needs at least two branches.")
            found.append(Problem("branches_too_few", message % _names(node), node["id"]))
        if node["type"] == "condition":
            _branches(node, fields, found)
    for key in (document.get("settings") or {}).get("fields") or {}:
        if key not in fields:
            message = _("The initiator's form sets what they see of a field the form does not have.")
            found.append(Problem("field_permission_unknown", str(message), None, key))
    _width(document["nodes"], found)
    if people_for is not None:
        _sample(document["nodes"], people_for, sample, found)
    return found


def _names(node: Mapping[str, Any], **more: Any) -> dict[str, Any]:
    return {"node": node.get("name") or "", **more}


def _fields(fields: list[dict[str, Any]], found: list[Problem]) -> dict[str, dict[str, Any]]:
    known: dict[str, dict[str, Any]] = {}
    for field in fields:
        key, names = field["key"], {"field": field.get("label") or ""}
        if key in known:
            message = _("Two fields of the form use the same key (“%(field)s”).")
            found.append(Problem("field_key_duplicate", message % names, None, key))
            continue
        known[key] = field
        columns = field.get("columns") or []
        if len({column["key"] for column in columns}) < len(columns):
            message = _("Two columns of the table “%(field)s” use the same key.")
            found.append(Problem("field_key_duplicate", message % names, None, key))
        lacking = field["type"] in ("choice", "multichoice") and not field.get("options")
        lacking = lacking or (field["type"] == "table" and not columns)
        lacking = lacking or any(c["type"] == "choice" and not c.get("options") for c in columns)
        if lacking:
            message = _("“%(field)s” needs its options (or, for a table, its columns and their options).")
            found.append(Problem("field_options_missing", message % names, None, key))
    return known


def _ids(everything: list[tuple[dict[str, Any], Any]], found: list[Problem]) -> None:
    seen: set[str] = set()
    for node, _parents in everything:
        for item in [node, *(node.get("branches") or [])]:
            if item["id"] in seen:
                message = _("“%(node)s” uses an identifier another node or branch already uses.")
                found.append(Problem("id_duplicate", message % _names(item), item["id"]))
            seen.add(item["id"])


def _branches(node: dict[str, Any], fields: Mapping[str, Any], found: list[Problem]) -> None:
    branches = node["branches"]
    defaults = [branch for branch in branches if branch.get("default")]
    if not defaults:
        message = _("“%(node)s” needs a default branch, taken when no condition holds.")
        found.append(Problem("branch_default_missing", message % _names(node), node["id"]))
    elif len(defaults) > 1:
        message = _("“%(node)s” has several default branches; it needs exactly one.")
        found.append(Problem("branch_default_several", message % _names(node), node["id"]))
    priorities: set[int] = set()
    tried: list[dict[str, Any]] = []  # the branches with sound conditions, in the order they are tried
    ordered = sorted(
        (b for b in branches if not b.get("default")),
        key=lambda b: (b.get("priority") is None, b.get("priority") or 0, branches.index(b)),
    )
    for branch in ordered:
        priority = branch.get("priority")
        if priority is not None and priority in priorities:
            message = _("“%(node)s” has the same priority as another branch.")
            found.append(Problem("branch_priority_duplicate", message % _names(branch), branch["id"]))
        if priority is not None:
            priorities.add(priority)
        if not branch.get("when"):
            message = _("“%(node)s” needs a condition (only the default branch has none).")
            found.append(Problem("branch_condition_missing", message % _names(branch), branch["id"]))
            continue
        when = branch["when"]
        bad = [p for c in when.get("all", when.get("any")) or [] if (p := check_condition(c, fields, branch))]
        found += bad
        if bad:
            continue
        if not can_hold(when) or any(covers(earlier["when"], when) for earlier in tried):
            _unreachable(branch, found)
        tried.append(branch)
    if len(defaults) == 1 and any(always(branch["when"]) for branch in tried):
        _unreachable(defaults[0], found)


def _unreachable(branch: dict[str, Any], found: list[Problem]) -> None:
    message = _("“%(node)s” is never taken: its conditions cannot hold, or a branch tried before takes every case.")
    found.append(Problem("branch_unreachable", message % _names(branch), branch["id"]))


def width(nodes: list[dict[str, Any]]) -> int:
    """How many approval/handling nodes of a path can be open at once (parallel branches add up)."""

    def one(node: dict[str, Any]) -> int:
        if node["type"] in ACTING:
            return 1
        inner = [width(branch["nodes"]) for branch in node.get("branches") or []]
        if node["type"] == "parallel":
            return sum(inner)
        return max(inner, default=0)

    return max((one(node) for node in nodes), default=0)


def _width(nodes: list[dict[str, Any]], found: list[Problem]) -> None:
    for node in nodes:
        if node["type"] == "parallel" and width([node]) > MAX_OPEN:
            message = _("“%(node)s” would have more than %(count)d approval or handling steps open at once.")
            found.append(Problem("parallel_too_wide", message % _names(node, count=MAX_OPEN), node["id"]))
            continue
        for branch in node.get("branches") or []:
            _width(branch["nodes"], found)


def _sample(nodes: list[dict[str, Any]], people_for: PeopleFor, sample: Facts | None, found: list[Problem]) -> None:
    for node in nodes:
        if node["type"] == "condition":
            taken = [choose_branch(node, sample)] if sample is not None else node["branches"]
            for branch in taken:
                _sample(branch["nodes"] if branch else [], people_for, sample, found)
        elif node["type"] == "parallel":
            for branch in node["branches"]:
                _sample(branch["nodes"], people_for, sample, found)
        elif node.get("who") and node["who"]["source"] not in ("chosen", "previous"):
            if people_for(node["who"], node):
                continue
            refuse = node["type"] in ACTING and node.get("empty") == "refuse"
            message = _("Nobody is found for “%(node)s” when the sample initiator starts the process.")
            level = ERROR if refuse else WARNING
            found.append(Problem("approvers_none_for_sample", message % _names(node), node["id"], level=level))
