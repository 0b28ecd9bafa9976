"""The catalogue of party-case actions (DOMAIN §2.6): who may run each, in which state, on which
flow node, with which input. Handlers live in workflows.party.steps and register here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from workflows.party.models import CaseStatus, Identity

OPEN = frozenset({CaseStatus.ACTIVE})
PROBATION_OPEN = frozenset({CaseStatus.ACTIVE, CaseStatus.PROBATION_EXTENDED})


@dataclass(frozen=True)
class ActionSpec:
    code: str
    label: Promise
    step: int | None  # number in DOMAIN §2.3, None for recurring actions
    perm: str  # codename checked on the case's branch (held there or above)
    identities: frozenset
    input: type  # DRF serializer class for the payload
    handler: Callable
    node: str | None = None  # PartyFlow node whose open task the action completes
    statuses: frozenset = OPEN
    applicant_may: bool = False  # the case's person may run it themselves
    committee: bool = False  # must be held at the committee with approval authority or above
    not_ready_code: str | Callable = "action_not_available"  # or case -> code
    collective: bool = False  # a collective decision entered on behalf of a body
    needs_rule: str | None = None  # offered only when this rule of the case's set is non-zero


ACTIONS: dict[str, ActionSpec] = {}


def action(**spec):
    """Register a handler: @action(code=..., label=..., step=..., perm=..., identities=..., input=...)."""

    def register(handler):
        ACTIONS[spec["code"]] = ActionSpec(handler=handler, **spec)
        return handler

    return register


def identities(*values: Identity) -> frozenset:
    return frozenset(values)
