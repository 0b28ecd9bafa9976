"""The rules of a node people act on (designer-format.md, "approval and handling"): who is left to act after
自动去重 (dedupe), the initiator rule and 审批人为空 (empty), and how many approvals a ratio needs."""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from designer.definition.facts import Facts


@dataclass(frozen=True)
class Open:
    node: str
    kind: str  # "approval" | "handling" | "resubmit"
    people: tuple[int, ...]
    mode: str
    needed: int | None


@dataclass(frozen=True)
class Passed:
    node: str
    reason: str  # "empty" | "dedupe" | "initiator" | "cc" | "notice"
    people: tuple[int, ...]


class Refused(Exception):
    """The case cannot go on as asked: `code` (e.g. "approvers_none"), the node it is about, a translated message."""

    def __init__(self, code: str, node: str | None, message: str):
        super().__init__(message)
        self.code, self.node, self.message = code, node, message


def mode_of(node: dict[str, Any]) -> str:
    return node.get("mode") or ("sequential" if node["type"] == "approval" else "any")


def needed(node: dict[str, Any], count: int) -> int | None:
    """Approvals a `ratio` node needs among `count` people: `count`, or ceil(percent × count / 100) (exact), kept
    between 1 and `count`; None for any other mode."""
    if mode_of(node) != "ratio":
        return None
    ratio = node.get("ratio") or {}
    if "percent" in ratio:
        wanted = math.ceil(Decimal(str(ratio["percent"])) * count / 100)
    else:
        wanted = int(ratio.get("count", count))
    return max(1, min(wanted, count))


def unique(people: Iterable[int]) -> list[int]:
    seen: set[int] = set()
    return [person for person in people if not (person in seen or seen.add(person))]  # type: ignore[func-returns-value]


def refused_for(node: dict[str, Any]) -> Refused:
    return Refused(
        "approvers_none",
        node["id"],
        _("Nobody is found to act at “%(name)s”, and the process cannot go on without someone there.")
        % {"name": node.get("name") or ""},
    )


def _nobody(node: dict[str, Any], facts: Facts) -> tuple[str | None, tuple[int, ...], int | None]:
    empty = node.get("empty") or "admin"
    if empty == "refuse":
        raise refused_for(node)
    admins = unique(facts.admins)
    if empty == "admin" and admins:
        return None, tuple(admins), needed(node, len(admins))
    return "empty", (), None


def arrange(
    node: dict[str, Any], found: Iterable[int], approved: set[int], facts: Facts
) -> tuple[str | None, tuple[int, ...], int | None]:
    """(reason it passes or None, people, approvals needed) for an approval or handling node whose `who` found
    `found`. A node that opens always has people. Raises Refused when `empty` is "refuse" and nobody is left."""
    everyone = unique(found)
    if not everyone:
        return _nobody(node, facts)
    people = everyone
    if node.get("dedupe"):
        people = [person for person in everyone if person not in approved]
        if not people:
            return "dedupe", tuple(everyone), None
    wanted = needed(node, len(people))
    rule, me = node.get("initiator") or "act", facts.initiator
    if rule != "act" and me in people:
        people = [person for person in people if person != me]
        if rule == "skip" and not people:
            return _nobody(node, facts)
        if rule == "pass":
            mode = mode_of(node)
            wanted = wanted - 1 if wanted is not None else None
            if not people or mode == "any" or (wanted is not None and wanted <= 0):
                return "initiator", (me,), None
        wanted = needed(node, len(people)) if rule == "skip" else wanted
    if wanted is not None:
        wanted = max(1, min(wanted, len(people)))
    return None, tuple(people), wanted
