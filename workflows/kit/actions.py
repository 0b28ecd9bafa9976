"""One action declaration for every process: what an action is called, who may run it, in which state, on
which step, with which input, and the handler that applies its rules. A process keeps its actions in one
``Catalogue`` and registers it with the process (workflows.kit.registry); the kit's engine runs them."""

import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from core.exceptions import ConflictError

NOT_READY = "action_not_available"


@dataclass(frozen=True)
class Action:
    code: str
    label: Promise | str
    input: type  # DRF serializer class of the payload
    handler: Callable[["Context"], None]
    # The right: ``perm`` held on one of the organisations the process names ``where`` (or above them); or an
    # appointment (``appointed``: the process's appointment role); and/or the case's own person (``subject_may``).
    perm: str | None = None
    where: str = ""
    appointed: str = ""
    subject_may: bool = False
    # The state guard: the case (or the action's target) must satisfy ``when``; otherwise refused with
    # ``not_ready`` (a code, or case -> code). ``transitions`` (state before → state after of the target) is a
    # table the engine checks and applies itself.
    when: Callable[[Any], bool] | None = None
    not_ready: str | Callable[[Any], str] = NOT_READY
    transitions: Mapping[str, str] | None = None
    guard: Callable[[Any], None] | None = None  # case -> raises ApplicationError when the case refuses it outright
    node: str | None = None  # flow node whose open task the action works on
    # The decisions of the shared inbox and task API (approve, reject, return, withdraw) this action takes on its
    # step; none: whichever is asked (the step's one way on). ProcessType.action_code reads them.
    decisions: tuple = ()
    # The decision the action records on its step's approval, run by the kit (workflows.kit.decisions) before the
    # handler: "approve", "reject", "return" (back to the step ``return_to``) or "withdraw"; ``check`` (ctx -> None)
    # makes the action's own refusals before it is recorded. Its ``decisions`` default to this one.
    decision: str = ""
    return_to: str = ""
    check: Callable[["Context"], None] | None = None
    step: int | None = None  # number of the step in the domain's list (party: DOMAIN §2.3)
    bulk: bool = False  # may be approved from the inbox's 批量同意 (needs no input of its own)
    guide: Promise | str = ""
    options: Mapping[str, Any] = field(default_factory=dict)  # what only this process reads (party: committee…)

    def __post_init__(self) -> None:
        if self.decision and not self.decisions:
            object.__setattr__(self, "decisions", (self.decision,))

    def not_ready_code(self, case) -> str:
        return self.not_ready(case) if callable(self.not_ready) else self.not_ready


class Catalogue(Mapping[str, Action]):
    """A process's actions by code; ``@catalogue.action(code=…, …)`` registers a handler."""

    def __init__(self) -> None:
        self._actions: dict[str, Action] = {}

    def action(self, **spec) -> Callable:
        def register(handler):
            self._actions[spec["code"]] = Action(handler=handler, **spec)
            return handler

        return register

    def __getitem__(self, code: str) -> Action:
        return self._actions[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._actions)

    def __len__(self) -> int:
        return len(self._actions)

    def for_node(self, node: str) -> list[Action]:
        return [a for a in self._actions.values() if a.node == node]


@dataclass
class Context:
    """What a handler gets, and fills in for the audit event. A process may subclass it (party: its rule book)."""

    action: Action
    case: Any
    actor: Any
    data: dict
    today: datetime.date
    now: datetime.datetime
    task: Any = None
    target: Any = None  # what the action acts on inside the case (evaluation: a track); the case otherwise
    business_date: datetime.date | None = None
    warnings: list = field(default_factory=list)
    needs_reason: list = field(default_factory=list)  # warnings that need a reason before the action is accepted
    overrides: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    record: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    reason: str = ""
    comment: str = ""
    on_behalf_of: str = ""
    override_approver: Any = None
    corrects: Any = None  # the audit event a correction corrects
    # The engine completes the step's task after the handler (False: the handler did, or the step's approval will).
    complete_task: bool = True
    approval: Any = None  # the step's approval after the action's declared decision (Action.decision)
    saved: Callable[[], None] = lambda: None  # save what the handler changed so far (before starting a flow node)
    # The case's open steps as a hook read them after the step was completed (with their owner and approval): the
    # engine announces these instead of reading them again (None: the engine reads them).
    open_tasks: list | None = None

    @property
    def date(self) -> datetime.date:
        """The step's business date: the input's ``date`` or today."""
        return self.business_date or self.today

    def warn(self, code: str, *, needs_reason: bool = True) -> None:
        self.warnings.append(code)
        if needs_reason:
            self.needs_reason.append(code)


def one_case_per(fields: tuple[str, ...], code: str, message) -> Callable[[Any], None]:
    """A start's guard (Action.guard): refused (409 ``code``) when a case of the same process has the new case's
    ``fields`` already; those cases' rows locked, so two people starting the same case at once wait for each other."""

    def guard(case) -> None:
        taken = type(case).objects.select_for_update().filter(**{name: getattr(case, name) for name in fields})
        if taken.exists():
            raise ConflictError(code, message)

    return guard


@dataclass
class Result:
    case: Any
    event: Any  # the audit event
    warnings: list
