"""Actions on steps and cases shared by every process: claim, unclaim, transfer, complete, comment,
copy (抄送), remind (催办), bulk actions, delegation and saved filters. Each is permission-checked,
refused with a stable code when the state no longer allows it, and audited in the same transaction."""

import datetime
import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle
from viewflow.workflow.models import Process, Task

from accounts import roles
from accounts.models import Membership, User
from accounts.permissions import has_org_perm
from accounts.roles import ROLE_PERMISSIONS
from audit.services import actor_organisation, attachment_facts, audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from forms.access import own_attachments_only
from workflows.access import has_part_in_case, task_for_user
from workflows.announce import announce_assigned, announce_cc, announce_mentions, announce_reminder
from workflows.approvals import approval_decide, approval_transfer
from workflows.delegations import substitute_refusal
from workflows.kit.engine import complete_task, run_action
from workflows.kit.registry import process_type_of
from workflows.locking import lock_case_rows
from workflows.models import Approval, CaseCc, Comment, Delegation, Reminder, SavedFilter
from workflows.slots import is_sign_off, open_approval
from workflows.task_rules import (
    cc_refusal,
    claim_refusal,
    decided_by_approval,
    open_human_tasks,
    release_refusal,
    remind_refusal,
    transfer_refusal,
    transfer_target_refusal,
)


def _audit(process, action: str, actor, **fields):
    process_type = process_type_of(process)
    case = process_type.case_of(process)
    return audit_record(
        process=process_type.code,
        case_id=getattr(case, process_type.audit_key),  # the key its own trail uses
        action=action,
        actor=actor,
        organisation=process_type.organisation_of(case),  # the case's auditors see it
        business_date=business_today(),
        **fields,
    )


def _locked_task(task: Task) -> Task:
    """Lock the case (the same rows the step engines lock) and re-read the step under the lock."""
    lock_case_rows(task.process_id, task.flow_task.flow_class)
    return Task.objects.select_related("process").get(pk=task.pk)


def _refuse(refusal: Exception | None) -> None:
    """Raise what a rule of workflows.task_rules refuses (the page offers an action only when it refuses nothing)."""
    if refusal is not None:
        raise refusal


@transaction.atomic
def task_claim(*, task: Task, user) -> Task:
    task = _locked_task(task)
    _refuse(claim_refusal(user, task))
    with task.activation() as activation:
        activation.assign(user)
    task.refresh_from_db()
    task.data = {**(task.data or {}), "claimed_by": user.pk}
    task.save(update_fields=["data"])
    _audit(task.process, "claim", user, data={"task_id": task.pk, "step": task.flow_task.name})
    return task


@transaction.atomic
def task_unclaim(*, task: Task, user) -> Task:
    task = _locked_task(task)
    _refuse(release_refusal(user, task, open_approval(task) if is_sign_off(task) else None))
    with task.activation() as activation:
        activation.unassign()
    task.refresh_from_db()
    task.data = {k: v for k, v in (task.data or {}).items() if k != "claimed_by"}
    task.save(update_fields=["data"])
    _audit(task.process, "unclaim", user, data={"task_id": task.pk, "step": task.flow_task.name})
    return task


@transaction.atomic
def task_transfer(*, task: Task, user, to_user: User, reason: str) -> Task:
    """转交: hand the step to a named person who could also take it; the reason is mandatory. On a step decided by
    approvers (会签, 或签, a sign-off), the approver's own place moves to that person (approvals.approval_transfer)."""
    if open_approval(task) is not None:
        approval_transfer(task=task, user=user, to_user=to_user, reason=reason)
        return Task.objects.select_related("process", "owner").get(pk=task.pk)
    task = _locked_task(task)
    if open_approval(task) is not None:  # opened while we waited for the lock: refuse rather than move the step
        raise ConflictError("task_changed", _("This step has changed: reload it."))
    _refuse(transfer_refusal(user, task, None))
    if not reason.strip():
        message = _("Give a reason for the transfer.")
        raise ApplicationError("reason_required", message, fields={"reason": [str(message)]})
    _refuse(transfer_target_refusal(to_user, user, task, None))
    with task.activation() as activation:
        if task.owner_id is None:
            activation.assign(to_user)
        else:
            activation.reassign(to_user)
    task.refresh_from_db()
    task.data = {**(task.data or {}), "claimed_by": to_user.pk}
    task.save(update_fields=["data"])
    _audit(
        task.process,
        "transfer",
        user,
        reason=reason,
        data={"task_id": task.pk, "step": task.flow_task.name, "to": to_user.pk, "to_name": to_user.real_name},
    )
    announce_assigned(task, to_user, user)
    return task


def task_complete(*, task: Task, user, payload: dict, **facts):
    """Complete a step through the kit's engine: the process's action for the step and the caller's decision
    (approve unless told otherwise); the engine checks claims, rights, state and rules."""
    if is_sign_off(task) and decided_by_approval(user, task):  # a signer of a sign-off (加签), not the last
        return approval_decide(
            task=task, user=user, decision=payload.get("decision", "approve"), comment=payload.get("comment", "")
        )
    return complete_task(task, user, payload, **facts)


def _run_decision(task: Task, user, decision: str, payload: dict, facts: dict) -> None:
    process_type = process_type_of(task.process)
    case = process_type.case_of(task.process)
    code = process_type.action_code(case, task.flow_task.name, decision)
    if not code:
        raise ApplicationError("action_not_available", _("This step is not decided that way."))
    run_action(process=process_type, case_id=case.pk, code=code, actor=user, payload=payload, **facts)


def task_return(*, task: Task, user, to_step: str, reason: str, **facts) -> Approval:
    """退回 on a multi-approver step: the process's return action for the step."""
    _run_decision(task, user, "return", {"reason": reason, "to_step": to_step}, facts)
    return Approval.objects.get(task=task)


def task_withdraw(*, task: Task, user, **facts) -> Approval:
    """撤回 of a step under approval: the process's withdraw action for the step."""
    _run_decision(task, user, "withdraw", {}, facts)
    return Approval.objects.get(task=task)


class CommentRate(SimpleRateThrottle):
    """Comments a person may write (COMMENT_RATE, default 10 a minute), counted in the default cache like the
    sign-in rate (core/throttling.py): every comment stays in the append-only trail and the archive bundle."""

    scope = "comment"

    def __init__(self, user):
        self.user = user
        super().__init__()

    def get_rate(self):
        return settings.COMMENT_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.user.pk}


class CommentRateExceeded(ApplicationError):
    """429 with the seconds to wait (the API and the page send them as Retry-After)."""

    def __init__(self, retry_after: int):
        super().__init__(
            "comment_rate_exceeded", _("You are writing comments too fast. Please wait a minute and try again.")
        )
        self.status_code = 429
        self.retry_after = retry_after


def comment_allowed(*, process: Process, author) -> None:
    """Only people with a role in the case's process write into it (403 otherwise); readers — a see_cases
    viewer, an auditor, someone copied (抄送) — read."""
    if not has_part_in_case(author, process):
        raise ApplicationError(
            "comment_not_allowed", _("Only people with a part in this case can comment on it."), status=403
        )


@transaction.atomic
def comment_add(*, process: Process, author, body: str, task: Task | None = None, attachments=()) -> Comment:
    comment_allowed(process=process, author=author)
    if not body.strip():
        raise ApplicationError("comment_empty", _("Write a comment."))
    own_attachments_only(actor=author, data=list(attachments))
    rate = CommentRate(author)
    if not rate.allow_request(None, None):
        raise CommentRateExceeded(math.ceil(rate.wait() or 1))
    comment = Comment.objects.create(process=process, task=task, author=author, body=body)
    comment.attachments.set(attachments)
    _audit(
        process,
        "comment",
        author,
        comment=body,
        attachments=attachment_facts(attachments),
        data={"comment_id": comment.pk, "task_id": task.pk if task else None},
    )
    announce_mentions(process, body, author)
    return comment


def cc_candidates(process) -> QuerySet[User]:
    """The people who may be copied (抄送) on the case: its process's own list (the organisation chain the
    case page offers), the same for every door."""
    process_type = process_type_of(process)
    candidates = process_type.cc_candidates(process_type.case_of(process))
    return User.objects.none() if candidates is None else candidates


@transaction.atomic
def case_cc(*, process: Process, actor, users: list[User]) -> list[CaseCc]:
    """抄送: read-only access for named people. Only someone who can act on the case, or its initiator, copies."""
    case = process_type_of(process).case_of(process)
    _refuse(cc_refusal(actor, process, case))
    if not users:
        message = _("Name at least one person.")
        raise ApplicationError("cc_empty", message, fields={"user_ids": [str(message)]})
    allowed = set(cc_candidates(process).filter(pk__in=[u.pk for u in users]).values_list("pk", flat=True))
    strangers = [u.pk for u in users if not u.is_active or u.pk not in allowed]
    if strangers:
        raise ApplicationError(
            "cc_target_ineligible",
            _("Copies go only to people of the same organisation."),
            fields={"user_ids": [str(pk) for pk in strangers]},
        )
    entries = [CaseCc.objects.get_or_create(process=process, user=u, defaults={"added_by": actor})[0] for u in users]
    _audit(process, "cc", actor, data={"user_ids": [u.pk for u in users]})
    announce_cc(process, users, actor)
    return entries


@transaction.atomic
def case_remind(*, process: Process, actor) -> list[Reminder]:
    """催办: the initiator nudges whoever holds the open steps, at most once per interval per step."""
    case = process_type_of(process).case_of(process)
    if isinstance(refusal := remind_refusal(actor, process, case), PermissionDenied):
        raise refusal  # before taking the case's lock
    lock_case_rows(process.pk, process.flow_class)
    _refuse(remind_refusal(actor, process, case))
    tasks = list(open_human_tasks(process))
    reminders = [Reminder.objects.create(task=t, sent_by=actor) for t in tasks]
    _audit(process, "remind", actor, data={"task_ids": [t.pk for t in tasks]})
    announce_reminder(process, tasks, actor)
    return reminders


BULK_ACTIONS = ("claim", "complete", "approve")


def task_approve(*, task: Task, user, comment: str = "", **facts):
    """同意 a step decided by approvers whose approval needs no input of its own (批量同意 in the inbox);
    any other step is refused here, so a bulk approval can never fill in or submit a form."""
    if task.flow_task.name not in process_type_of(task.process).approve_in_bulk:
        raise ApplicationError(
            "approve_needs_form", _("This step cannot be approved in bulk: open it and decide on its page.")
        )
    return task_complete(task=task, user=user, payload={"decision": "approve", "comment": comment}, **facts)


def tasks_bulk(*, user, action: str, task_ids: list[int], payload: dict | None = None, **facts) -> list[dict]:
    """Run one action on many steps; each is checked and committed on its own, and the outcome of each
    is reported (a bulk action never bypasses a per-step check)."""
    if action not in BULK_ACTIONS:
        raise ApplicationError("unknown_action", _("Unknown action."))
    results = []
    for pk in task_ids:
        try:
            task = task_for_user(user, pk)
            if action == "claim":
                task_claim(task=task, user=user)
            elif action == "approve":
                task_approve(task=task, user=user, comment=str((payload or {}).get("comment", "")), **facts)
            else:
                task_complete(task=task, user=user, payload=dict(payload or {}), **facts)
            results.append({"id": pk, "ok": True})
        except ApplicationError as error:
            results.append({"id": pk, "ok": False, "code": error.code, "detail": str(error.message)})
        except PermissionDenied:
            results.append({"id": pk, "ok": False, "code": "permission_denied", "detail": str(_("Not allowed."))})
        except Exception as error:  # Http404 and friends: report, never leak which ids exist
            if error.__class__.__name__ != "Http404":
                raise
            results.append({"id": pk, "ok": False, "code": "not_found", "detail": str(_("Not found."))})
    return results


@transaction.atomic
def delegation_set(*, user, substitute: User | None, starts_on=None, ends_on=None) -> Delegation | None:
    """Out of office: the substitute must hold every role the person holds, in the same organisations."""
    today = business_today()
    current = Delegation.objects.filter(user=user, ends_on__gte=today)
    if substitute is None:
        _end(current, today)
        _audit_admin(user, "delegation_end", {})
        return None
    if ends_on < starts_on:
        message = _("The end date is before the start date.")
        raise ApplicationError("date_order", message, fields={"ends_on": [str(message)]})
    refusal = substitute_refusal(user, substitute, today)  # the page offers only the people it accepts
    if refusal is not None:
        raise refusal
    _end(current, today)
    delegation = Delegation.objects.create(user=user, substitute=substitute, starts_on=starts_on, ends_on=ends_on)
    _audit_admin(user, "delegation_set", {"substitute": substitute.pk, "from": starts_on, "until": ends_on})
    return delegation


def _end(current, today) -> None:
    """End delegations from today on: those in force since before today end yesterday; those not in force before
    today (planned, or starting today) are removed, since ending them yesterday would put their end before their
    start (the delegation_set event keeps what they were)."""
    current.filter(starts_on__gte=today).delete()
    current.update(ends_on=today - datetime.timedelta(days=1))


def _audit_admin(actor, action: str, data: dict):
    # A delegation belongs to no case: it is the actor's, filed under their organisation (actor_organisation).
    today = business_today()
    return audit_record(
        process="admin",
        action=action,
        actor=actor,
        organisation=actor_organisation(actor, on=today),
        business_date=today,
        data=data,
    )


def _saved_filter_facts(saved: SavedFilter) -> dict:
    return {"filter": saved.pk, "name": saved.name, "scope": saved.scope, "shared_with": saved.shared_with_id}


def saved_filter_create(*, owner, name: str, params: dict, shared_with=None, scope: str = "inbox") -> SavedFilter:
    """Keep a filter; at most SAVED_FILTERS_PER_PERSON each (a shared filter reaches every member's page). Only
    someone holding a role there (more than belonging: not an applicant or a plain member) shares with an
    organisation. Audited, as its deletion is."""
    if not name.strip():
        raise ApplicationError("filter_name_required", _("Give the filter a name."))
    if shared_with is not None and not any(
        ROLE_PERMISSIONS[role] - {roles.VIEW}
        for role in Membership.objects.active_on(business_today())
        .filter(user=owner, organisation=shared_with)
        .values_list("role", flat=True)
    ):
        raise PermissionDenied
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=owner.pk).first()  # two saves at once cannot both pass the cap
        if SavedFilter.objects.filter(owner=owner).count() >= settings.SAVED_FILTERS_PER_PERSON:
            raise ApplicationError(
                "saved_filter_limit",
                _("You can keep at most %(limit)d saved filters. Delete one first.")
                % {"limit": settings.SAVED_FILTERS_PER_PERSON},
                status=409,
            )
        saved = SavedFilter.objects.create(
            owner=owner, name=name.strip(), params=params, shared_with=shared_with, scope=scope
        )
        _audit_admin(owner, "saved_filter_create", _saved_filter_facts(saved))
    return saved


def saved_filters_for(user, scope: str = "inbox"):
    """The user's own filters of this scope and those shared with an organisation they belong to today. Pages
    show the first SAVED_FILTERS_SHOWN and link to all of them, paginated (a shared list can be long)."""
    active = Membership.objects.active_on(business_today()).filter(user=user)
    shared = Q(shared_with__in=active.values("organisation_id"))
    return (
        SavedFilter.objects.filter(Q(owner=user) | shared, scope=scope)
        .select_related("shared_with")
        .order_by("name", "pk")
    )


def saved_filter_may_delete(user, saved: SavedFilter) -> bool:
    """Its owner, or for a shared one an administrator of the organisation it is shared with (or above)."""
    if saved.owner_id == user.pk:
        return True
    return saved.shared_with is not None and has_org_perm(user, roles.MANAGE_MEMBERS, saved.shared_with)


def saved_filter_for_user(user, pk, *, delete: bool = False) -> SavedFilter:
    """The access helper: 404 for a filter the user is not offered and does not administer, 403 to delete one
    offered to them (shared with their organisation) that is neither theirs nor of an organisation they manage."""
    saved = SavedFilter.objects.select_related("shared_with").filter(pk=pk).first() if str(pk).isdigit() else None
    if saved is None:
        raise Http404
    offered = saved.owner_id == user.pk or (
        saved.shared_with_id is not None
        and Membership.objects.active_on(business_today()).filter(user=user, organisation=saved.shared_with).exists()
    )
    allowed = saved_filter_may_delete(user, saved)
    if not (offered or allowed):
        raise Http404
    if delete and not allowed:
        raise PermissionDenied
    return saved


def saved_filter_delete(*, user, saved: SavedFilter) -> None:
    """Delete a saved filter (its owner, or the organisation's administrator for a shared one); audited."""
    if not saved_filter_may_delete(user, saved):
        raise PermissionDenied
    with transaction.atomic():
        facts = {**_saved_filter_facts(saved), "owner": saved.owner_id}
        if SavedFilter.objects.filter(pk=saved.pk).delete()[0]:
            _audit_admin(user, "saved_filter_delete", facts)
