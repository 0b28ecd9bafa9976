"""Time limits of designed steps (docs/designer-format.md, node key ``limit``: {"days", "remind", "then"}).

A step opened at a node with a limit carries its due date on its task (``data["due"]``: ``days`` working days after
the day it opened), so the shared deadline job (workflows.deadlines) sends its due-soon, overdue and escalation
notices; with ``remind`` also ``data["remind_on"]`` (``remind`` working days before the due date), when
``run_reminders`` tells the people whose turn it is, once. Once the step is late, ``run_overdue`` does what the node
says, once per step (``data["timeout"]``): ``approve`` — the node passes, approved by the system (no actor);
``superior`` — the late approvers' places go to the initiator's superior (转交); ``admin`` — to the process
administrators. Each step is handled in a transaction of its own with the case locked.

Completing the step for nobody: the approval ends approved as the approval engine ends it (workflows.approvals), and
the task goes through viewflow's assign → start → execute with no owner, so the flow's ``advance`` moves the walk on
as after any decision; the audit event is written with no actor. Lending the step to a process administrator would
put a person's name on a decision nobody took.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from core.dates import business_today
from designer.models import DesignedCase
from designer.walking import node_named
from notifications.models import Kind
from workflows.access import OPEN
from workflows.announce import announce_open_tasks, notify_about, task_candidates
from workflows.business_days import add_working_days
from workflows.kit.registry import PROCESS_TYPES
from workflows.locking import case_lock_held, lock_case_rows
from workflows.models import Approval, ApprovalSlot, WorkdayOverride

logger = logging.getLogger(__name__)
Slot = ApprovalSlot.Status
THEN_ACTIONS = {"approve": "timeout_approve", "superior": "timeout_transfer", "admin": "timeout_escalate"}


def step_dates(case, node_id: str, *, today: datetime.date | None = None) -> dict:
    """{"due": ISO date, "remind_on": ISO date} for a step opening today at ``node_id`` of ``case``'s version; {}
    when the node has no limit."""
    node = node_named(case.definition_version.document, node_id) or {}
    limit = node.get("limit") or {}
    days = limit.get("days")
    if not days:
        return {}
    today = today or business_today()
    overrides = dict(
        WorkdayOverride.objects.filter(
            date__gt=today, date__lte=today + datetime.timedelta(days=days * 3 + 30)
        ).values_list("date", "is_workday")
    )
    dates = {"due": add_working_days(today, days, overrides).date.isoformat()}
    remind = limit.get("remind") or 0
    if remind:
        dates["remind_on"] = add_working_days(today, max(days - remind, 0), overrides).date.isoformat()
    return dates


def _steps():
    DesignedFlow = PROCESS_TYPES["designed"].flow_class  # noqa: N806  (read from the registry: flows import this)

    return Task.objects.filter(flow_task=DesignedFlow.act, status__in=OPEN)


def _node(case, task: Task) -> dict:
    return node_named(case.definition_version.document, (task.data or {}).get("node", "")) or {}


def run_reminders(*, today: datetime.date | None = None) -> int:
    """The reminder of each open designed step whose reminder day came and whose due date did not pass, to the
    people whose turn it is, once per step and person; returns how many notifications were written."""
    today = today or business_today()
    written = 0
    tasks = _steps().filter(data__has_key="remind_on").select_related("owner", "process").order_by("pk")
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            data = task.data or {}
            due = datetime.date.fromisoformat(data["due"]) if data.get("due") else None
            if datetime.date.fromisoformat(data["remind_on"]) > today or due is None or due < today:
                continue
            case = task.process.designedcase  # one query per reminder due: few
            name = _node(case, task).get("name") or task.flow_task.task_title
            title = _("Reminder: %(step)s is due on %(due)s") % {"step": name, "due": due}
            with transaction.atomic():
                people = task_candidates(task)
                written += len(
                    notify_about(case, Kind.DUE_SOON, people, title, task=task, dedupe=f"limit:{task.pk}", case=case)
                )
    return written


def run_overdue(*, today: datetime.date | None = None) -> int:
    """For each open designed step past its due date whose node says what then, do it once; returns how many steps
    were approved, transferred or escalated."""
    today = today or business_today()
    rows = _steps().filter(data__has_key="due").exclude(data__has_key="timeout").order_by("pk")
    late = [row for row in rows.values_list("pk", "process_id", "data") if row[2]["due"] and row[2]["due"] < str(today)]
    cases = DesignedCase.objects.select_related("definition_version").in_bulk({row[1] for row in late})
    handled = 0
    for task_id, process_id, data in late:
        limit = (node_named(cases[process_id].definition_version.document, data.get("node", "")) or {}).get("limit")
        if (limit or {}).get("then") not in THEN_ACTIONS:
            continue  # read again under the case's lock before anything is done
        try:
            with translation.override(settings.LANGUAGE_CODE):
                handled += _time_out(task_id, process_id, today)
        except Exception:  # one broken case must not hold up every other late step
            logger.exception("time limit of designed step %s failed", task_id)
    return handled


@transaction.atomic
def _time_out(task_id: int, process_id: int, today: datetime.date) -> int:
    DesignedFlow = PROCESS_TYPES["designed"].flow_class  # noqa: N806  (read from the registry: flows import this)

    lock_case_rows(process_id, DesignedFlow)
    with case_lock_held(process_id):
        task = Task.objects.select_related("process").filter(pk=task_id, status__in=OPEN).first()
        if task is None or "timeout" in (task.data or {}):
            return 0
        case = DesignedCase.objects.select_related("definition", "definition_version", "initiator").get(pk=process_id)
        then = (_node(case, task).get("limit") or {}).get("then")
        approval = Approval.objects.filter(task=task, status=Approval.Status.OPEN).first()
        if then not in THEN_ACTIONS or approval is None:
            return 0
        if then == "approve":
            return _approve(task, approval, case, today)
        return _transfer(task, approval, case, then, today)


def _mark(task: Task, then: str, today: datetime.date, **more) -> None:
    task.data = {**(task.data or {}), "timeout": {"then": then, "on": today.isoformat(), **more}}
    task.save(update_fields=["data"])


def _audit(case, task: Task, action: str, today: datetime.date, **data) -> None:
    from audit.services import audit_record

    audit_record(
        process="designed",
        case_id=case.pk,
        organisation=case.organisation,
        action=action,
        actor=None,
        business_date=today,
        data={"node": task.data.get("node"), "task": task.pk, **data},
    )


def _approve(task: Task, approval: Approval, case, today: datetime.date) -> int:
    """The node passes: every approver whose turn it is approved by the system, the approval ends approved and the
    step completes (owner none), so the walk moves on."""
    now = timezone.now()
    comment = _("Approved automatically: the time limit passed.")
    approval.slots.filter(status=Slot.ACTIVE).update(status=Slot.APPROVED, comment=comment, decided_at=now)
    approval.slots.filter(status=Slot.WAITING).update(status=Slot.SKIPPED)
    approval.status, approval.decided_at = Approval.Status.APPROVED, now
    approval.save(update_fields=["status", "decided_at"])
    process = task.process
    process.data = {**(process.data or {}), "outcome": Approval.Status.APPROVED, "return_to": None}
    process.save(update_fields=["data"])
    _mark(task, "approve", today)
    _audit(case, task, THEN_ACTIONS["approve"], today)
    with task.activation() as activation:
        if task.status == "NEW":
            activation.assign(None)
        activation.start(None)
        activation.execute()
    announce_open_tasks(task.process_id)
    return 1


def _targets(case, then: str, today: datetime.date) -> list[int]:
    from designer.approvers import Resolver

    resolver = Resolver(
        initiator=case.initiator, organisation=case.organisation, day=today, owner=case.definition.owner
    )
    if then == "superior":
        return resolver.people({"source": "superior", "levels": 1})
    return list(resolver.admins())


def _transfer(task: Task, approval: Approval, case, then: str, today: datetime.date) -> int:
    """转交 of each late approver's place (a slot whose turn it is) to the first of the targets who holds no
    undecided place in the approval yet (as a transfer asks); a place nobody can take stays where it is."""
    from accounts.models import User

    ids = _targets(case, then, today)
    found = {person.pk: person for person in User.objects.filter(pk__in=ids, is_active=True)}
    targets = [found[pk] for pk in ids if pk in found]  # in the resolver's order: the nearest superior first
    holding = set(approval.slots.filter(status__in=[Slot.WAITING, Slot.ACTIVE]).values_list("user_id", flat=True))
    reason = _("The time limit passed.")
    moves: list[tuple[ApprovalSlot, User]] = []
    for slot in approval.slots.filter(status=Slot.ACTIVE).order_by("position", "pk"):
        person = next((p for p in targets if p.pk not in holding), None)
        if person is None:
            continue
        holding.add(person.pk)
        moves.append((slot, person))
    if not moves:
        return 0
    now = timezone.now()
    for slot, person in moves:
        ApprovalSlot.objects.create(
            approval=approval,
            user=person,
            position=slot.position,
            group_mode=slot.group_mode,
            needed=slot.needed,
            status=Slot.ACTIVE,
            added_as="transfer",
        )
        slot.status, slot.comment, slot.decided_at = Slot.SKIPPED, reason, now
        slot.save(update_fields=["status", "comment", "decided_at"])
    to = [person.pk for _slot, person in moves]
    _mark(task, then, today, to=to)
    _audit(case, task, THEN_ACTIONS[then], today, **{"from": [slot.user_id for slot, _p in moves], "to": to})
    title = _("A late step was handed to you: %(step)s") % {"step": _node(case, task).get("name") or ""}
    notify_about(
        case, Kind.TASK_ASSIGNED, [p for _s, p in moves], title, task=task, dedupe=f"timeout:{task.pk}", case=case
    )
    return 1
