"""The catalogue of evaluation actions, and with it the one transition table of Process C (DOMAIN §4.4).

Each action names who may run it (a permission on the school or on the bureau above the community, or an
appointment by the leading group), what it acts on, and, for each state it may start from, the state it
leaves behind. The engine checks all of it before the step's handler runs; nothing else changes a state.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

# Who may run an action: the permission held on the track's school, on the community or above
# (the bureau), or an appointment to the evaluation by the leading group.
SCHOOL, BUREAU, INSPECTOR, PANEL = "school", "bureau", "inspector", "panel"
# What it acts on: a routine term, a project/feature evaluation, either track, or the case itself.
ROUTINE, PROJECT, TRACK, CASE = "routine", "project", "track", "case"


@dataclass(frozen=True)
class ActionSpec:
    code: str
    label: Promise
    who: str
    perm: str | None
    target: str
    transitions: Mapping[str, str]  # state before → state after, of the target (or of the case)
    input: type
    handler: Callable
    changes_scores: bool = True  # refused with published_locked once the case is published (C9)


@dataclass
class StepContext:
    """What a step handler gets, and fills in for the audit event."""

    case: object  # EvaluationCase
    target: object  # RoutineEvaluation, ProjectEvaluation, or the case itself
    actor: object
    data: dict
    today: datetime.date
    now: datetime.datetime
    business_date: datetime.date
    warnings: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    record: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    reason: str = ""
    comment: str = ""
    override_approver: object = None
    corrects: object = None  # the audit event a correction corrects


ACTIONS: dict[str, ActionSpec] = {}


def action(**spec):
    """Register a step handler: @action(code=..., label=..., who=..., perm=..., target=..., transitions=...)."""

    def register(handler):
        ACTIONS[spec["code"]] = ActionSpec(handler=handler, **spec)
        return handler

    return register
