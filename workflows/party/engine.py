"""Running one action on a party case: the only path by which a case changes.

In one transaction: lock the case, check the state and the actor's right, validate the input,
let the step handler apply the rules and change the case, complete the flow task, refresh the
next deadline and write the audit event. Any refusal raises before commit, so nothing changes.
"""

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from accounts.models import User
from accounts.permissions import has_org_perm, role_used
from audit.models import AuditEvent
from audit.services import attachment_facts, audit_record
from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from forms.access import own_attachments_only
from workflows.access import refuse_claimed_by_another
from workflows.announce import announce_decision, announce_open_tasks
from workflows.execution import execute_task
from workflows.locking import case_lock_held
from workflows.party.actions import ACTIONS, ActionSpec
from workflows.party.flows import PartyFlow
from workflows.party.members import approval_committee
from workflows.party.models import PartyCase
from workflows.party.progress import refresh_next
from workflows.party.rulesets import RuleBook

OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


@dataclass
class ActionContext:
    case: PartyCase
    actor: object
    book: RuleBook
    data: dict
    date: datetime.date
    today: datetime.date
    reason: str
    override_requested: bool
    may_override_check: Callable[[], bool]  # asked only when an overridable rule blocks (it costs queries)
    warnings: list = field(default_factory=list)
    needs_reason: list = field(default_factory=list)
    overrides: list = field(default_factory=list)
    deadlines: list = field(default_factory=list)
    record: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    on_behalf_of: str = ""
    complete_task: bool = True
    granted_overrides: list = field(default_factory=list)

    @cached_property
    def may_override(self) -> bool:
        return self.may_override_check()

    def warn(self, code: str, *, needs_reason: bool = True) -> None:
        self.warnings.append(code)
        if needs_reason:
            self.needs_reason.append(code)

    def block(self, code: str, message, *, overridable: bool = False, **fields) -> None:
        """Refuse, unless the rule allows an override and the higher committee gave one: in advance
        (grant_override) or by running the step itself with override and a reason."""
        if overridable:
            granted = self.case.overrides.filter(code=code, used_by_event__isnull=True).order_by("pk").first()
            if granted is not None:
                self.overrides.append(code)
                self.granted_overrides.append(granted)
                return
            if self.override_requested and self.may_override and self.reason.strip():
                self.overrides.append(code)
                return
        raise ApplicationError(code, message, fields={k: [str(v)] for k, v in fields.items()})

    def rule(self, key: str, code: str, message, **fields) -> None:
        """Apply a rule by its severity in the case's rule set: block, or warn and ask for a reason."""
        if self.book.blocks(key):
            self.block(code, message, **fields)
        else:
            self.warn(code)


@dataclass
class ActionResult:
    case: PartyCase
    event: AuditEvent
    warnings: list


def open_task(case: PartyCase, node_name: str):
    return case.task_set.filter(flow_task=getattr(PartyFlow, node_name), status__in=OPEN_TASK).first()


def _authorise(spec: ActionSpec, case: PartyCase, actor) -> tuple[str, object]:
    """Return (role code used, organisation it is held on) or raise."""
    if spec.applicant_may and actor.pk == case.person_id:
        return "APPLICANT", case.branch
    target = case.branch
    if spec.committee:
        target = approval_committee(case.branch)
        if target is None:
            raise ApplicationError("no_approval_authority", _("No committee above this branch has approval authority."))
        if not has_org_perm(actor, spec.perm, target):
            if has_org_perm(actor, spec.perm, case.branch):
                raise ApplicationError(
                    "no_approval_authority", _("Your committee has no approval authority for this branch.")
                )
            raise PermissionDenied
    elif not has_org_perm(actor, spec.perm, case.branch):
        raise PermissionDenied
    return role_used(actor, spec.perm, target, business_today()), target


def may_attempt(spec: ActionSpec, case: PartyCase, actor) -> bool:
    """False when the actor's right alone refuses the action (the engine would answer 403): the step's page
    checks it before it shows or takes the form. A committee without approval authority is not a matter of
    the actor's right; the engine explains it when the form is sent."""
    try:
        _authorise(spec, case, actor)
    except PermissionDenied:
        return False
    except ApplicationError:
        pass
    return True


def _check_state(spec: ActionSpec, case: PartyCase, actor):
    not_ready = spec.not_ready_code(case) if callable(spec.not_ready_code) else spec.not_ready_code
    if case.case_status not in spec.statuses or case.identity not in spec.identities:
        raise ApplicationError(not_ready, _("This action is not available at the case's current stage."))
    if spec.node is None:
        return None
    task = open_task(case, spec.node)
    if task is not None:
        refuse_claimed_by_another(task, actor)
        return task
    if case.task_set.filter(flow_task=getattr(PartyFlow, spec.node), status=STATUS.DONE).exists():
        raise ConflictError("task_changed", _("This step has already been completed."))
    raise ApplicationError(not_ready, _("This step is not open yet: an earlier step is still missing."))


def run_action(*, case_id: int, code: str, actor, payload: dict, today=None, client_type="", ip=None) -> ActionResult:
    spec = ACTIONS.get(code)
    if spec is None:
        raise ApplicationError("unknown_action", _("Unknown action."), status=404)
    today = today or business_today()
    with transaction.atomic(), case_lock_held(case_id):
        case = (
            PartyCase.objects.select_for_update(of=("self", "process_ptr"))
            .select_related("branch", "rule_set", "person")
            .get(pk=case_id)
        )
        role, organisation = _authorise(spec, case, actor)
        task = _check_state(spec, case, actor)
        data = validated(spec.input, payload, {"case": case})
        own_attachments_only(actor=actor, data=data)
        if data["date"] > today:
            raise ApplicationError("date_in_future", _("A business date cannot be in the future."))
        book = RuleBook(case.rule_set)
        ctx = ActionContext(
            case=case,
            actor=actor,
            book=book,
            data=data,
            date=data["date"],
            today=today,
            reason=data.get("reason", ""),
            override_requested=data.get("override", False),
            may_override_check=lambda: actor.is_superuser or _approves_at_committee(actor, case.branch),
        )
        before = (case.identity, case.case_status)
        facts_before = _facts(case)
        spec.handler(ctx)
        if not ctx.attachments:  # every action takes attachment_ids: a step that reads none still records them
            ctx.attachments = list(data.get("attachment_ids", []))
        claimed_by = (task.data or {}).get("claimed_by") if task is not None else None
        if claimed_by is not None and claimed_by != actor.pk:  # a substitute acting on a delegated step
            delegator = User.objects.get(pk=claimed_by)
            ctx.on_behalf_of = " · ".join(
                filter(None, [str(_("on behalf of %(name)s") % {"name": delegator.real_name}), ctx.on_behalf_of])
            )
        if ctx.needs_reason and not ctx.reason.strip():
            raise ApplicationError(
                "reason_required",
                _("This step is late or unusual: give a reason."),
                fields={"reason": [str(_("A reason is required."))], "warnings": ctx.needs_reason},
            )
        case.version += 1
        # Only what the step changed: the viewflow half of the row (and most columns) stay as they are.
        case.save(update_fields=[name for name, value in _facts(case).items() if facts_before[name] != value])
        if task is not None and ctx.complete_task:
            execute_task(task, actor, process=case)
        event = audit_record(
            process="party",
            case_id=case.pk,
            action=code,
            step=spec.step,
            actor=actor,
            actor_role=role,
            organisation=organisation,
            on_behalf_of=ctx.on_behalf_of,
            business_date=ctx.date,
            from_state=f"{before[0]}/{before[1]}",
            to_state=f"{case.identity}/{case.case_status}",
            rule_set=case.rule_set.code,
            deadlines=ctx.deadlines,
            warnings=ctx.warnings + ctx.overrides,
            reason="\n".join([ctx.reason, *(g.reason for g in ctx.granted_overrides)]).strip(),
            override_approver=(ctx.granted_overrides[0].approved_by if ctx.granted_overrides else actor)
            if ctx.overrides
            else None,
            data=ctx.record or _plain(data),
            attachments=attachment_facts(ctx.attachments),
            comment=data.get("comment", ""),
            client_type=client_type,
            ip=ip,
        )
        refresh_next(case, book)  # after the event: deadlines run from the latest business date
        for granted in ctx.granted_overrides:
            granted.used_by_event = event
            granted.save(update_fields=["used_by_event"])
        announce_open_tasks(case.pk, case=case)
        if (case.identity, case.case_status) != before and actor.pk != case.person_id:
            announce_decision(case, [case.person], returned=False, what=str(spec.label))
    return ActionResult(case=case, event=event, warnings=ctx.warnings + ctx.overrides)


def _approves_at_committee(actor, branch) -> bool:
    committee = approval_committee(branch)
    return committee is not None and has_org_perm(actor, "approve_party", committee)


def _facts(case: PartyCase) -> dict:
    """The case's stored columns (both tables), copied: JSON values may be changed in place by a handler."""
    return {f.attname: copy.deepcopy(getattr(case, f.attname)) for f in case._meta.concrete_fields if not f.primary_key}


def _plain(data: dict) -> dict:
    """The validated input as JSON-able values (model instances by id)."""

    def plain(value):
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {k: plain(v) for k, v in data.items() if k not in ("override",)}
