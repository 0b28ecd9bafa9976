"""Running one action on a Process B application: the only path by which an application changes.

In one transaction: lock the row, check the actor's right on the school or bureau the action belongs to
(403), check the state in the action's table (a stable code naming what is missing), validate the input,
let the handler apply the rules (DOMAIN §3.3, §3.6) and move the flow, then write the audit event.
A refusal raises before commit, so nothing changes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from accounts.models import Organisation
from accounts.permissions import has_org_perm, role_used
from audit.models import AuditEvent
from audit.services import attachment_facts, audit_record
from core.api.inputs import validated
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from forms.access import own_attachments_only
from workflows.access import refuse_claimed_by_another
from workflows.announce import announce_decision, announce_open_tasks
from workflows.community.flows import CommunityFlow
from workflows.community.members import school_leads
from workflows.community.models import Application

OPEN_TASK = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
DECISIONS = ("file", "return", "decline")  # outcomes the application's school is told about


@dataclass(frozen=True)
class ActionSpec:
    code: str
    label: Promise
    perm: str  # codename held on ``where`` (or above)
    where: str  # "owner" school, "core" school, "pair" (either school) or "bureau" (above the community)
    statuses: frozenset
    input: type
    handler: Callable
    kinds: frozenset = frozenset({"HELP_PROJECT", "FEATURE"})
    node: str | None = None  # flow node whose open task the action works on
    not_ready: Callable = lambda application: "action_not_available"


ACTIONS: dict[str, ActionSpec] = {}

# Warnings an accepted action may carry (DOMAIN §3.6 B4, B5, B7), with what to tell the user.
WARNINGS = {
    "late_submission": _("Submitted after the start-of-year deadline: it is flagged as late."),
    "not_scored": _("Feature plans of collaboration (协作型) communities are filed but not scored."),
    "member_in_two_communities": _("This school is also a member of another community this school year."),
}


def action(**spec):
    def register(handler):
        ACTIONS[spec["code"]] = ActionSpec(handler=handler, **spec)
        return handler

    return register


@dataclass
class Context:
    application: Application
    actor: object
    data: dict
    today: datetime.date
    task: object = None
    business_date: datetime.date | None = None
    warnings: list = field(default_factory=list)
    record: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    reason: str = ""
    comment: str = ""


@dataclass
class ActionResult:
    application: Application
    event: AuditEvent
    warnings: list


def acting_for(where: str, application: Application) -> list[Organisation]:
    """Where an action's right is held: the owning school, the core school, either school of the pair
    (the agreement), or the community (so the bureau above it). Holding the right above counts."""
    return {
        "owner": [application.owner_school],
        "core": [application.core_school],
        "pair": [application.core_school, application.member_school],
        "bureau": [application.community],
    }[where]


def _authorise(spec: ActionSpec, application: Application, actor) -> Organisation:
    for organisation in acting_for(spec.where, application):
        if has_org_perm(actor, spec.perm, organisation):
            return organisation
    raise PermissionDenied


def open_task(application: Application, node: str):
    return application.task_set.filter(flow_task=getattr(CommunityFlow, node), status__in=OPEN_TASK).first()


def _check_state(spec: ActionSpec, application: Application, actor):
    if application.kind not in spec.kinds or application.stage not in spec.statuses:
        raise ApplicationError(spec.not_ready(application), _("This action is not available at this stage."))
    if spec.node is None:
        return None
    task = open_task(application, spec.node)
    if task is None:
        raise ConflictError("task_changed", _("This step has already been completed."))
    refuse_claimed_by_another(task, actor)  # the same rule as the party engine's
    return task


def run_action(*, case_id: int, code: str, actor, payload: dict, today=None, client_type="", ip=None) -> ActionResult:
    spec = ACTIONS.get(code)
    if spec is None:
        raise ApplicationError("unknown_action", _("Unknown action."), status=404)
    today = today or business_today()
    with transaction.atomic():
        application = Application.objects.select_for_update(of=("self", "process_ptr")).get(pk=case_id)
        organisation = _authorise(spec, application, actor)
        task = _check_state(spec, application, actor)
        ctx = Context(application=application, actor=actor, data=validated(spec.input, payload), today=today, task=task)
        own_attachments_only(actor=actor, data=ctx.data)
        before = application.stage
        spec.handler(ctx)
        application.version += 1
        application.save()
        event = audit_record(
            process="community",
            case_id=application.pk,
            action=code,
            actor=actor,
            actor_role=role_used(actor, spec.perm, organisation, today),
            organisation=organisation,
            business_date=ctx.business_date or today,
            from_state=before,
            to_state=application.stage,
            deadlines=[{"name": "application", "due": application.deadline.isoformat(), "met": not application.late}]
            if application.deadline
            else [],
            warnings=ctx.warnings,
            reason=ctx.reason,
            data=ctx.record,
            attachments=attachment_facts(ctx.attachments),
            comment=ctx.comment,
            client_type=client_type,
            ip=ip,
        )
        announce_open_tasks(application.pk)
        if code in DECISIONS:
            people = [application.initiator, application.submitted_by, *school_leads(application.owner_school)]
            announce_decision(
                application,
                [p for p in people if p and p.pk != actor.pk],
                returned=code != "file",
                what=f"{application.get_kind_display()} · {application.title}",
                reason=ctx.reason,
            )
    return ActionResult(application=application, event=event, warnings=ctx.warnings)
