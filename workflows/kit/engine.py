"""The one engine: running one action on a case of any registered process, the only path by which a case changes.

In one transaction, with the case locked first (workflows.locking: the case row and viewflow's Process row, then
viewflow's own lock is a no-op for it): find the action (404), check the actor's right (404 outsider — the API's
access helper answers that before — or 403 insider), the case's state (a stable code; 409 ``task_changed`` when
the step was completed meanwhile), validate the input (NUL characters, a business date in the future, attachments
someone else uploaded), run the handler, save only the columns it changed, complete the step's viewflow task,
write the audit event (the client's address comes from core.client_ip through the caller or the request being
served), run the process's hooks, and announce the open steps after commit. A refusal raises before commit, so
nothing changes and no event is written.
"""

import copy
import functools
from contextlib import ExitStack
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
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
from workflows.announce import announce_open_tasks, announce_told
from workflows.execution import execute_task
from workflows.kit import decisions, sql_rows
from workflows.kit.actions import Action, Result
from workflows.kit.registry import PROCESS_TYPES, ProcessType
from workflows.locking import case_lock_held

OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)


def action_of(process: ProcessType, code: str) -> Action:
    action = process.actions.get(code)
    if action is None:
        raise ApplicationError("unknown_action", _("Unknown action."), status=404)
    return action


def authorise(process: ProcessType, action: Action, case, actor, target=None) -> tuple[str, Any]:
    """(role used, organisation it is held on) for ``actor`` running ``action`` on ``case`` (``target``: what it
    acts on inside the case; None before the input is read, when any of the case's places counts), or raise:
    PermissionDenied (403), or the process's own refusal (``process.refused``)."""
    if action.subject_may and process.subject_of(case) == actor.pk:
        return "APPLICANT", process.organisation_of(case)
    if action.appointed:
        if process.appointed(case, target, actor, action.appointed):
            return action.appointed, process.organisation_of(case)
        raise PermissionDenied
    places = process.places[action.where](case, target) if action.where else []  # no place: only its subject may
    today = business_today()
    for organisation in places:
        if action.perm and has_org_perm(actor, action.perm, organisation):
            return role_used(actor, action.perm, organisation, today), organisation
    process.refused(action, case, actor)
    raise PermissionDenied


def may_attempt(process: ProcessType, action: Action, case, actor, target=None) -> bool:
    """False when the actor's right alone refuses the action (the engine would answer 403) — on ``target``, the part
    of the case it would act on, when known: pages check it before they offer or take a form. A refusal that is not
    a matter of the actor's right is explained when it is sent."""
    try:
        authorise(process, action, case, actor, target)
    except PermissionDenied:
        return False
    except ApplicationError:
        pass
    return True


def open_task(process: ProcessType, case, node: str):
    """The case's open task at ``node`` (the latest, as viewflow orders them; None when there is none), with the
    case's Process as its process."""
    owner = process.process_of(case)
    task_class = process.flow_class.task_class  # type: ignore[attr-defined]  # a viewflow Flow's
    flow_task = task_class._meta.get_field("flow_task").get_prep_value(getattr(process.flow_class, node))
    rows = sql_rows.fetch(_open_task_sql(task_class), [owner.pk, flow_task, *(status.value for status in OPEN_TASK)])
    if not rows:
        return None
    task = sql_rows.columns(task_class).make(rows[0])
    task_class._meta.get_field("process").set_cached_value(task, owner)
    return task


@functools.cache
def _open_task_sql(task_class) -> str:
    table, column = sql_rows.quoted, functools.partial(sql_rows.quoted, task_class)
    return (
        f"SELECT {sql_rows.columns(task_class).sql} FROM {table(task_class)} "  # noqa: S608
        f"WHERE {column('process')} = %s AND {column('flow_task')} = %s "
        f"AND {column('status')} {sql_rows.one_of(len(OPEN_TASK))} "
        f"ORDER BY {column('created')} DESC LIMIT 1"
    )


def check_state(process: ProcessType, action: Action, case, target, actor, data=None):
    """The open task the action works on (None for an action on no step), or refuse with a stable code. A process
    whose node has several open steps at once names the one from the input (ProcessType.step_task)."""
    from workflows.access import refuse_claimed_by_another

    subject = case if target is None else target
    ready = action.when is None or action.when(subject)
    if ready and action.transitions is not None and process.state(subject) not in action.transitions:
        ready = False
    if not ready:
        if _just_completed(process, action, case):
            raise ConflictError("task_changed", _("This step has already been completed."))
        fields = {"status": [process.state(subject)]} if action.transitions is not None else None
        raise ApplicationError(
            action.not_ready_code(subject), _("This action is not available at this stage."), fields=fields
        )
    if action.node is None:
        return None
    if process.step_task is not None:
        task = process.step_task(case, action, data or {})
    else:
        task = open_task(process, case, action.node)
    if task is not None:
        refuse_claimed_by_another(task, actor)
        return task
    if case.task_set.filter(flow_task=getattr(process.flow_class, action.node), status=STATUS.DONE).exists():
        raise ConflictError("task_changed", _("This step has already been completed."))
    raise ApplicationError(action.not_ready_code(subject), _("This step is not open yet."))


def _just_completed(process: ProcessType, action: Action, case) -> bool:
    """The case's latest event is this very action on this step: someone else did it first (of two people
    completing one step the same way, the other is told so; another action on the step keeps its own code)."""
    if action.node is None:
        return False
    latest = AuditEvent.objects.filter(process=process.code, case_id=case.pk).order_by("-id").first()
    return latest is not None and latest.action == action.code


def _columns(row) -> dict:
    """A row's stored columns (every table of it); JSON values (dicts, lists) copied: a handler may change them in
    place. Other values are not changed in place (dates, strings, numbers, decimals…)."""
    columns = {}
    for f in row._meta.concrete_fields:
        if not f.primary_key:
            value = getattr(row, f.attname)
            columns[f.attname] = copy.deepcopy(value) if isinstance(value, (dict, list)) else value
    return columns


def save_changed(row, before: dict) -> dict:
    """Save only the columns that differ from ``before`` (viewflow's half of the row stays as viewflow left it);
    return the columns as they now are."""
    now = _columns(row)
    changed = [name for name, value in now.items() if before.get(name) != value]
    if changed:
        sql_rows.save_columns(row, changed)
    return now


def plain(data: dict) -> dict:
    """Validated input as JSON-able values (model instances by id)."""

    def value_of(value):
        if hasattr(value, "pk"):
            return value.pk
        if isinstance(value, (list, tuple)):
            return [value_of(v) for v in value]
        if isinstance(value, dict):
            return {k: value_of(v) for k, v in value.items()}
        return value

    return {k: value_of(v) for k, v in data.items() if k not in ("override",)}


def _substitute(task, actor) -> str:
    """ "on behalf of …" when a substitute (代理) acts on a step its holder delegated."""
    claimed_by = (task.data or {}).get("claimed_by") if task is not None else None
    if claimed_by is None or claimed_by == actor.pk:
        return ""
    return str(_("on behalf of %(name)s") % {"name": User.objects.get(pk=claimed_by).real_name})


def run_action(
    *, process: str | ProcessType, case_id: int, code: str, actor, payload: dict, today=None, client_type="", ip=None
) -> Result:
    kind = PROCESS_TYPES[process] if isinstance(process, str) else process
    action = action_of(kind, code)
    today = today or business_today()
    with transaction.atomic(), ExitStack() as held:
        case = kind.lock(case_id)
        # viewflow's lock on the case's Process (its key, not the trail's) is held from here: completing a step
        # does not take it again.
        held.enter_context(case_lock_held(kind.process_of(case).pk))
        if kind.guard is not None:
            kind.guard(action, case)
        if kind.target is None:
            role, organisation = authorise(kind, action, case, actor, case)
            data = validated(action.input, payload, {"case": case})
            target = None
        else:  # a part of the case: any part of it first (403 before the input is read), then this very part
            authorise(kind, action, case, actor)
            data = validated(action.input, payload, {"case": case})
            target = kind.target(action, case, data)
            role, organisation = authorise(kind, action, case, actor, target)
        task = check_state(kind, action, case, target, actor, data)
        own_attachments_only(actor=actor, data=data)
        if data.get("date") is not None and data["date"] > today:
            raise ApplicationError("date_in_future", _("A business date cannot be in the future."))
        ctx = kind.context_class(
            action=action,
            case=case,
            actor=actor,
            data=data,
            today=today,
            now=timezone.now(),
            task=task,
            target=target,
            business_date=data.get("date") or today,
            reason=data.get("reason", ""),
        )
        subject = case if target is None else target
        rows = [case] if target is None or target is case else [case, target]
        before = {id(row): _columns(row) for row in rows}
        state_before = kind.state(subject)

        def saved():
            for row in rows:
                before[id(row)] = save_changed(row, before[id(row)])

        ctx.saved = saved
        kind.prepare(ctx)
        decisions.run(ctx)  # the action's declared approval decision (Action.decision), then its handler
        kind.after_handler(ctx)
        if action.transitions is not None:
            kind.set_state(subject, action.transitions[kind.state(subject)])
        if not ctx.attachments:  # every input may take attachment_ids: a step that reads none still records them
            ctx.attachments = list(data.get("attachment_ids", []))
        ctx.on_behalf_of = " · ".join(filter(None, [_substitute(task, actor), ctx.on_behalf_of]))
        if ctx.needs_reason and not ctx.reason.strip():
            raise ApplicationError(
                "reason_required",
                _("This step is late or unusual: give a reason."),
                fields={"reason": [str(_("A reason is required."))], "warnings": ctx.needs_reason},
            )
        bump = getattr(case, "version", None)
        if bump is not None:
            case.version = bump + 1
        if not kind.save_after_event:
            saved()
        if task is not None and ctx.complete_task:
            execute_task(task, actor, process=case, done_on=ctx.business_date or today)
        facts = {
            "step": action.step,
            "actor_role": role,
            "organisation": organisation,
            "on_behalf_of": ctx.on_behalf_of,
            "business_date": ctx.business_date or today,
            "from_state": state_before,
            "to_state": kind.state(subject),
            "deadlines": ctx.deadlines,
            "warnings": ctx.warnings + ctx.overrides,
            "reason": ctx.reason,
            "override_approver": ctx.override_approver,
            "corrects": ctx.corrects,
            "data": ctx.record or plain(data),
            "attachments": attachment_facts(ctx.attachments),
            "comment": ctx.comment or data.get("comment", ""),
            "client_type": client_type,
            "ip": ip,
        }
        facts |= kind.audit_facts(ctx)  # the process's own columns (rule set…), or its own reading of these
        event = audit_record(process=kind.code, case_id=case.pk, action=code, actor=actor, **facts)
        kind.after_event(ctx, event)
        if kind.save_after_event:
            saved()
        date_open_steps(kind, case)
        if kind.flow_class is not None and hasattr(case, "task_set"):
            announce_open_tasks(case.pk, case=case, actor=actor, tasks=ctx.open_tasks)
        kind.announce(ctx, state_before)
        announce_told(kind, ctx)
    return Result(case=case, event=event, warnings=ctx.warnings + ctx.overrides)


def date_open_steps(kind: ProcessType, case) -> None:
    """Write each open step's due date (``ProcessType.step_due``) on its task, where the deadline job reads it."""
    if kind.step_due is None:
        return
    for task in case.task_set.filter(status__in=OPEN_TASK, flow_task_type="HUMAN"):
        day = kind.step_due(case, task.flow_task.name)
        due = day.isoformat() if day is not None else None
        if (task.data or {}).get("due") != due:
            task.data = {**(task.data or {}), "due": due}
            task.save(update_fields=["data"])


def complete_task(task, actor, payload: dict, **facts) -> Result:
    """Complete a step from the shared task API or inbox: the process's action for the task's node (and the
    decision asked for: approve unless told otherwise) through the engine."""
    from workflows.kit.registry import process_type_of

    kind = process_type_of(task.process)
    case = SimpleLazyObject(lambda: kind.case_of(task.process))  # read only if the step's action depends on it
    code = kind.action_code(case, task.flow_task.name, payload.get("decision", "approve"))
    if not code:
        raise ApplicationError("action_not_available", _("This step is not completed from here."))
    case_id = task.process_id if kind.audit_key == "pk" else getattr(case, kind.audit_key)  # the trail's key
    payload = {**payload, **kind.task_payload(task)}  # the part of the case the step acts on (evaluation: a track)
    return run_action(process=kind, case_id=case_id, code=code, actor=actor, payload=payload, **facts)


def start_case(*, process: str | ProcessType, actor, payload: dict, today=None, client_type="", ip=None) -> Result:
    """A new case, from the process's start (ProcessType.start: the API's POST, the new case's page), in one
    transaction: validate its input; its handler applies the rules and fills the new case (``ctx.case``, a row not
    yet saved), and may call ``ctx.saved()`` to go on with the started case; saving checks the actor's right on the
    filled case (403), their own attachments and the start's guard (a refusal that reads other cases), then starts
    the flow with the fields the handler set (its ``start``, a StartHandle that sets them on its Process); then the
    audit event, the open steps dated and announced after commit. A refusal raises before commit: nothing stays."""
    kind = PROCESS_TYPES[process] if isinstance(process, str) else process
    action = kind.start
    flow_class: Any = kind.flow_class  # a viewflow Flow: its process_class and its StartHandle ``start``
    if action is None:
        raise ApplicationError("unknown_action", _("Unknown action."), status=404)
    today = today or business_today()
    with transaction.atomic():
        data = validated(action.input, payload)
        blank = flow_class.process_class()
        if any(f.name == "initiator" for f in blank._meta.fields):
            blank.initiator = actor  # who started it sees it (ProcessType.visible_cases); its handler may say otherwise
        ctx = kind.context_class(action=action, case=blank, actor=actor, data=data, today=today, now=timezone.now())
        held: dict = {}

        def saved():
            if ctx.case is not blank:
                return
            held["actor_role"], held["organisation"] = authorise(kind, action, blank, actor)
            own_attachments_only(actor=actor, data=data)
            if action.guard is not None:
                action.guard(blank)
            empty, filled = _columns(flow_class.process_class()), _columns(blank)
            fields = [f for f in blank._meta.concrete_fields if filled.get(f.attname) != empty.get(f.attname)]
            ctx.case = flow_class.start.run(**{f.name: getattr(blank, f.name) for f in fields})

        ctx.saved = saved
        action.handler(ctx)
        saved()
        case = ctx.case
        event = audit_record(
            process=kind.code,
            case_id=getattr(case, kind.audit_key),
            action=action.code,
            actor=actor,
            business_date=today,
            to_state=kind.state(case),
            warnings=ctx.warnings,
            data=ctx.record or plain(data),
            attachments=attachment_facts(ctx.attachments),
            client_type=client_type,
            ip=ip,
            **held,
        )
        date_open_steps(kind, case)
        announce_open_tasks(kind.process_of(case).pk, case=case, actor=actor)
    return Result(case=case, event=event, warnings=ctx.warnings)
