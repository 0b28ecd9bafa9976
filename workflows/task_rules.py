"""What a person may do on a step or a case right now, as refusals: each ``*_refusal`` returns the error the task
service raises (under the case's lock) or None when the action is allowed. The page offers an action only when its
refusal is None (workflows.task_actions), so the page and the API can never disagree."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from accounts.models import User
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from workflows.access import can_act, delegators_of, holds_task_permission, holds_working_right, may_approve_case
from workflows.inbox import OPEN
from workflows.kit.registry import process_type_of
from workflows.models import Approval, ApprovalSlot, Reminder
from workflows.slots import (
    UNDECIDED,
    active_slot,
    fills_the_form,
    is_form_slot,
    is_sign_off,
    open_approval,
    waits_for_turn,
)

WHERE = ("before", "after", "parallel")


def people_of(user) -> list[int]:
    """The user and the people they stand in for today (代理)."""
    return [user.pk, *delegators_of(user)]


def _done() -> ConflictError:
    return ConflictError("task_changed", _("This step has already been completed."))


def slot_refusal(approval: Approval, user) -> Exception | None:
    """An approver acts on their own slot whose turn it is (or on one of a person they stand in for)."""
    people = people_of(user)
    if active_slot(approval, people) is not None:
        return None
    if waits_for_turn(approval, people):
        return ApplicationError("not_your_turn", _("Earlier approvers have not decided yet."))
    return PermissionDenied()


def claim_refusal(user, task: Task) -> Exception | None:
    if task.status not in OPEN:
        return _done()
    if task.owner_id is not None:
        return ConflictError("task_changed", _("Someone else has already taken this step."))
    if not holds_task_permission(user, task):
        return PermissionDenied()
    return None


def release_refusal(user, task: Task, approval: Approval | None) -> Exception | None:
    if task.status not in OPEN:
        return _done()
    if task.owner_id is None or (task.data or {}).get("claimed_by") is None:
        return ConflictError("task_not_claimed", _("This step is not taken by anyone."))
    if task.owner_id != user.pk and task.owner_id not in delegators_of(user):
        return PermissionDenied()
    if approval is not None:
        return ConflictError("sign_off_open", _("People were added to decide on this step: wait for them first."))
    return None


def transfer_refusal(user, task: Task, approval: Approval | None) -> Exception | None:
    """转交: whoever can act on the step; on a step decided by approvers, an approver whose turn it is."""
    if task.status not in OPEN:
        return _done()
    if approval is not None:
        return slot_refusal(approval, user)
    if not can_act(user, task):
        return PermissionDenied()
    return None


def deciders(task: Task) -> list[User]:
    """Who may be named to decide the step (a transfer's or 加签's target, before the rules below): the process's
    own list for the step, or else the holders of the rights the process works with over the case."""
    from workflows.announce import holders_of  # announce reads the inbox, which reads the registry: import late

    process_type = process_type_of(task.process)
    case = process_type.case_of(task.process)
    listed = process_type.deciders(case, task.flow_task.name)
    if listed is None:
        found: dict[int, User] = {}
        for codename, organisation in process_type.working_rights(case):
            found.update((person.pk, person) for person in holders_of(codename, organisation))
        listed = found.values()
    return sorted(listed, key=lambda person: (person.real_name, person.pk))


def may_decide_step(person, task: Task) -> bool:
    """Like a transfer's target: one who works on the case (may_approve_case) and, where the process names who
    decides the step (the bureau's reviewers of a filing), one of them."""
    if not may_approve_case(person, task.process):
        return False
    process_type = process_type_of(task.process)
    listed = process_type.deciders(process_type.case_of(task.process), task.flow_task.name)
    return listed is None or person.pk in {p.pk for p in listed}


def _ineligible(code: str, message, field: str) -> ApplicationError:
    return ApplicationError(code, message, fields={field: [str(message)]})


def transfer_target_refusal(person, user, task: Task, approval: Approval | None) -> Exception | None:
    """Who a step may be handed to: someone who could take it from the queue; on a step decided by approvers,
    someone who may decide it and holds no other undecided place in it (and, for the place that completes a
    sign-off's form, who may complete the step)."""
    ineligible = _ineligible("transfer_target_ineligible", _("This person cannot take this step."), "to_user_id")
    if person is None or person.pk == user.pk or not person.is_active:
        return ineligible
    if approval is None:
        return None if holds_task_permission(person, task) else ineligible
    if approval.slots.filter(user=person, status__in=UNDECIDED).exists() or not may_decide_step(person, task):
        return ineligible
    slot = active_slot(approval, people_of(user))
    if is_sign_off(task) and slot is not None and is_form_slot(approval, slot):
        return None if holds_task_permission(person, task) else ineligible
    return None


def add_refusal(user, task: Task, approval: Approval | None) -> Exception | None:
    """加签: an approver whose turn it is; on a step decided by one person, whoever can act on it."""
    if task.status not in OPEN:
        return _done()
    if approval is not None:
        refusal = slot_refusal(approval, user)
        if refusal is not None:
            return refusal
    elif not (task.owner_permission and can_act(user, task)):
        return PermissionDenied()
    if not holds_working_right(user, task.process):  # e.g. an auditor added before the rule existed
        return PermissionDenied()
    return None


def add_target_refusal(person, where: str, user, task: Task, approval: Approval | None) -> Exception | None:
    if where not in WHERE:
        return _ineligible("add_position_unknown", _("Before, after or in parallel."), "where")
    ineligible = _ineligible("approver_ineligible", _("This person cannot be added here."), "user_id")
    if person is None or person.pk == user.pk or not may_decide_step(person, task):
        return ineligible
    if approval is not None and approval.slots.filter(user=person, status__in=UNDECIDED).exists():
        return ineligible
    sign_off = approval is None or is_sign_off(task)
    if sign_off and where != "before" and not holds_task_permission(person, task):
        # Added after me (or alongside me), they may be the last to decide, who completes the step's own form.
        return _ineligible(
            "approver_cannot_complete",
            _("Only someone who may complete this step can be added after you or alongside you."),
            "user_id",
        )
    return None


def decide_refusal(user, task: Task, approval: Approval | None, decision: str) -> Exception | None:
    """同意 / 不同意 through the shared approval engine. On a sign-off the last approver does not sign: they
    complete the step's own form instead."""
    if task.status not in OPEN:
        return _done()
    if approval is None:
        return ApplicationError("not_an_approval", _("This step is not decided by approvers."))
    refusal = slot_refusal(approval, user)
    if refusal is not None:
        return refusal
    if decision == "approve" and is_sign_off(task) and fills_the_form(approval, active_slot(approval, people_of(user))):
        return ApplicationError("sign_off_complete_form", _("You decide last: complete the step's own form."))
    return None


def completes_by_form(user, task: Task, approval: Approval | None) -> bool:
    """The step is completed by its own form (the process's action) rather than by an approver's decision."""
    if approval is None:
        return True
    if not is_sign_off(task):
        return False
    slot = active_slot(approval, people_of(user))
    return slot is None or fills_the_form(approval, slot)


def decided_by_approval(user, task: Task) -> bool:
    """Completing the step is an approver's decision (同意 / 不同意), not the step's own form: a step decided by
    approvers, or a sign-off's signer who is not the last to decide."""
    if not hasattr(task, "approval"):
        return False
    if not is_sign_off(task):
        return True
    approval = open_approval(task)
    return approval is not None and not completes_by_form(user, task, approval)


def path_of(task: Task) -> set[str]:
    """Steps the case has been through (completed human steps)."""
    done = Task.objects.filter(process_id=task.process_id, status="DONE", flow_task_type="HUMAN")
    return {t.flow_task.name for t in done}


def return_targets(task: Task) -> list[tuple[str, str]]:
    """(node, title) of the earlier steps of the case's path the flow allows returning this step to."""
    flow_class = task.flow_task.flow_class
    allowed = getattr(flow_class, "return_targets", {}).get(task.flow_task.name, ())
    path = path_of(task) if allowed else set()
    return [(name, str(getattr(flow_class, name).task_title)) for name in allowed if name in path]


def return_refusal(user, task: Task, approval: Approval | None) -> Exception | None:
    if task.status not in OPEN:
        return _done()
    if approval is None or is_sign_off(task):
        return ApplicationError("not_an_approval", _("This step is not decided by approvers."))
    return slot_refusal(approval, user)


def withdraw_refusal(user, task: Task, approval: Approval | None) -> Exception | None:
    """撤回: the initiator, while nobody has decided on the step yet."""
    if task.status not in OPEN:
        return _done()
    if approval is None or is_sign_off(task):
        return ApplicationError("not_an_approval", _("This step is not decided by approvers."))
    case = process_type_of(task.process).case_of(task.process)
    if getattr(case, "initiator_id", None) != user.pk:
        return PermissionDenied()
    decided = (ApprovalSlot.Status.APPROVED, ApprovalSlot.Status.REJECTED)
    if approval.slots.filter(status__in=decided).exists():
        message = _("A reviewer has already acted; the case cannot be withdrawn.")
        return ApplicationError("withdraw_not_allowed", message)
    return None


def open_human_tasks(process) -> QuerySet[Task]:
    return Task.objects.filter(process=process, status__in=OPEN, flow_task_type="HUMAN")


def remind_refusal(actor, process, case) -> Exception | None:
    """催办: the initiator (or the person the case is about) nudges whoever holds the open steps, at most once per
    REMIND_INTERVAL_HOURS."""
    if actor.pk not in (getattr(case, "initiator_id", None), getattr(case, "person_id", None)):
        return PermissionDenied()
    tasks = open_human_tasks(process)
    if not tasks.exists():
        return ApplicationError("nothing_to_remind", _("No step is waiting."))
    if actor.pk == getattr(case, "person_id", None) and not _any_due(tasks):
        # The person a case is about (a party applicant) nudges only a step whose due date has come.
        return ApplicationError("remind_not_due", _("No step is due yet: a reminder can be sent once one is."))
    since = timezone.now() - datetime.timedelta(hours=settings.REMIND_INTERVAL_HOURS)
    if Reminder.objects.filter(task__in=tasks, sent_at__gte=since).exists():
        return ApplicationError(
            "remind_too_soon",
            _("A reminder was sent less than %(n)d hours ago.") % {"n": settings.REMIND_INTERVAL_HOURS},
            status=429,
        )
    return None


def _any_due(tasks: QuerySet[Task]) -> bool:
    today = business_today().isoformat()
    return any((data or {}).get("due") and data["due"] <= today for data in tasks.values_list("data", flat=True))


def cc_refusal(actor, process, case) -> Exception | None:
    """抄送: someone who can act on the case now (an approver whose turn it is, too), or its initiator."""
    if getattr(case, "initiator_id", None) == actor.pk or any(can_act(actor, t) for t in open_human_tasks(process)):
        return None
    turn = ApprovalSlot.objects.filter(
        approval__task__process_id=process.pk,
        approval__status=Approval.Status.OPEN,
        status=ApprovalSlot.Status.ACTIVE,
        user_id__in=people_of(actor),
    )
    return None if turn.exists() else PermissionDenied()
