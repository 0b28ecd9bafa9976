"""Multi-person approval of one step (DOMAIN §1.3): 依次, 会签, 或签, 加签 before/after/in parallel, 退回 to
an earlier step on the case's path, and 撤回 by the initiator before anyone has acted.

An approval is ordered groups of approvers; groups run one after another, and within a group either
everyone must approve (会签), the first decides (或签), or a number of them must approve (比例: the group is approved
once ``needed`` approved, rejected once that can no longer be reached). The step's viewflow task stays open until the
approval ends; then the outcome is written to ``process.data["outcome"]`` (with ``return_to`` for a
return or withdrawal) and the task completes, so the flow's own gates route the case on.
"""

import functools
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Task

from accounts.models import User
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from workflows.access import OPEN
from workflows.announce import announce_assigned, announce_open_tasks
from workflows.kit import sql_rows
from workflows.kit.registry import process_type_of
from workflows.locking import lock_case_rows, lock_is_held
from workflows.models import Approval, ApprovalSlot, GroupMode
from workflows.sign_off import end_sign_off
from workflows.slots import (
    SIGN_OFF,
    UNDECIDED,
    Tally,
    active_slot,
    fills_the_form,
    is_sign_off,
    open_approval,
    tally,
    waits_for_turn,
)
from workflows.task_rules import (
    add_refusal,
    add_target_refusal,
    people_of,
    slot_refusal,
    transfer_refusal,
    transfer_target_refusal,
)

SEQUENTIAL, ALL, ANY, RATIO = "sequential", "all", "any", "ratio"
Slot = ApprovalSlot.Status
# A group: (mode, approvers), or (RATIO, approvers, needed) where ``needed`` of the approvers must approve.
Group = tuple[str, list] | tuple[str, list, int | None]


def approval_open(*, task: Task, approvers: list, mode: str, needed: int | None = None) -> Approval:
    """Start the approval of a step whose task was just created (called from the node's onCreate); ``needed``
    only with mode RATIO (see workflows.slots.ratio_needed for a count or a share)."""
    if mode == SEQUENTIAL:
        return approval_open_groups(task=task, groups=[(ALL, [user]) for user in approvers])
    return approval_open_groups(task=task, groups=[(mode, approvers, needed)])


def _group(group: Group) -> tuple[str, list, int | None]:
    """(group mode, approvers, needed): ``needed`` checked for a ratio group and dropped for any other."""
    mode, approvers, needed = (*group, None)[:3]
    if mode == ANY:
        return GroupMode.ANY, approvers, None
    if mode != RATIO:
        return GroupMode.ALL, approvers, None
    if isinstance(needed, bool) or not isinstance(needed, int) or not 1 <= needed <= len(approvers):
        raise ApplicationError(
            "ratio_invalid", _("The number of approvals needed must lie between one and the number of approvers.")
        )
    return GroupMode.RATIO, approvers, needed


def approval_open_groups(*, task: Task, groups: Sequence[Group]) -> Approval:
    """Start an approval of ordered groups, each 会签 (ALL), 或签 (ANY) or 比例 (RATIO, with the number of approvals
    it needs): e.g. one lead of each school. Approvers are users or their ids."""
    if not groups or not all(group[1] for group in groups):
        raise ApplicationError("approvers_missing", _("This step needs at least one approver."))
    parsed = [_group(group) for group in groups]
    if connection.vendor == "postgresql":
        return _open_in_one_statement(task, parsed)
    approval = Approval.objects.create(task=task)
    ApprovalSlot.objects.bulk_create(  # the first group's turn at once (what _activate_next_group would make it)
        ApprovalSlot(
            approval=approval,
            user_id=user if isinstance(user, int) else user.pk,
            position=position,
            group_mode=mode,
            needed=needed,
            status=Slot.ACTIVE if position == 0 else Slot.WAITING,
        )
        for position, (mode, approvers, needed) in enumerate(parsed)
        for user in approvers
    )
    return approval


def _open_in_one_statement(task: Task, parsed: list) -> Approval:
    """``approval_open_groups``'s approval and slots in one INSERT of both (PostgreSQL's data-modifying WITH):
    every designed step opens one (bench/README.md "designed")."""
    approval = Approval(task=task, created_at=timezone.now())
    slots = [
        (
            user if isinstance(user, int) else user.pk,
            position,
            mode,
            needed,
            Slot.ACTIVE if position == 0 else Slot.WAITING,
        )
        for position, (mode, approvers, needed) in enumerate(parsed)
        for user in approvers
    ]
    params: list = [task.pk, approval.status, approval.created_at]
    for slot in slots:
        params += slot
    approval.pk = sql_rows.fetch(_open_sql(len(slots)), params)[0][0]
    approval._state.adding = False
    return approval


@functools.cache
def _open_sql(count: int) -> str:
    approval, slot = functools.partial(sql_rows.quoted, Approval), functools.partial(sql_rows.quoted, ApprovalSlot)
    quote = connection.ops.quote_name
    names = ["user", "position", "group_mode", "needed", "status", "added_as", "comment"]
    columns = [quote(ApprovalSlot._meta.get_field(name).column) for name in names]
    key = quote(ApprovalSlot._meta.get_field("approval").column)
    rows = ", ".join(["(%s::bigint, %s::integer, %s::varchar, %s::smallint, %s::varchar)"] * count)
    approval_columns = ", ".join(
        quote(Approval._meta.get_field(name).column) for name in ("task", "status", "created_at")
    )
    return (
        f"WITH made AS (INSERT INTO {approval()} ({approval_columns}) VALUES (%s, %s, %s) "  # noqa: S608
        f"RETURNING {quote(Approval._meta.pk.column)}), "
        f"slots AS (INSERT INTO {slot()} ({key}, {', '.join(columns)}) "
        f"SELECT made.{quote(Approval._meta.pk.column)}, v.*, '', '' FROM made, (VALUES {rows}) AS v) "
        f"SELECT {quote(Approval._meta.pk.column)} FROM made"
    )


def _activate_next_group(approval: Approval) -> bool:
    """Make the first group that still has undecided approvers active; False when none is left."""
    waiting = approval.slots.filter(status__in=[Slot.WAITING, Slot.ACTIVE]).order_by("position").first()
    if waiting is None:
        return False
    approval.slots.filter(position=waiting.position, status=Slot.WAITING).update(status=Slot.ACTIVE)
    return True


def _locked(task: Task, *, sign_off: bool = True) -> tuple[Task, Approval]:
    """Lock the case (the same rows every step engine locks) and re-read the step and its approval; with
    ``sign_off=False``, refuse the approval of a step decided by one person (it is neither returned nor withdrawn:
    its holder completes or declines it).

    Inside a step engine that holds the case's lock (``workflows.locking.case_lock_held``) the step was read under
    it, with its case as its process: it is neither locked nor read again."""
    held = lock_is_held(task.process_id)
    if not held:
        lock_case_rows(task.process_id, task.flow_task.flow_class)
        task = Task.objects.select_related("process").get(pk=task.pk)
    relation = Task._meta.get_field("approval")
    if held and relation.is_cached(task):  # read with the step (select_related("approval")) under the lock
        approval = relation.get_cached_value(task)
    else:
        approval = Approval.objects.filter(task=task).first()
    if approval is None or (is_sign_off(task) and not sign_off):
        raise ApplicationError("not_an_approval", _("This step is not decided by approvers."))
    if approval.status != Approval.Status.OPEN:
        raise ConflictError("task_changed", _("This step has already been decided."))
    return task, approval


def _active_slot(approval: Approval, user) -> ApprovalSlot:
    """The approver's own slot whose turn it is, or that of someone they substitute for (代理)."""
    refusal = slot_refusal(approval, user)
    if refusal is not None:
        raise refusal
    return _turn(approval, user)


def _turn(approval: Approval, user) -> ApprovalSlot:
    """The slot whose turn it is, once a refusal found there is one (under the case's lock it stays)."""
    slot = active_slot(approval, people_of(user))
    if slot is None:
        raise PermissionDenied
    return slot


def _audit(task: Task, action: str, actor, **fields):
    process_type = process_type_of(task.process)
    return audit_record(
        process=process_type.code,
        case_id=task.process_id,
        organisation=process_type.organisation_of(process_type.case_of(task.process)),  # the case's auditors see it
        action=action,
        actor=actor,
        business_date=business_today(),
        **fields,
    )


def substitute_note(slot: ApprovalSlot, user) -> str:
    """ "on behalf of …" when a substitute (代理) decided an approver's place."""
    return "" if slot.user_id == user.pk else str(_("on behalf of %(name)s") % {"name": slot.user.real_name})


def _finish(task: Task, approval: Approval, status: str, actor, *, return_to: str | None = None) -> None:
    """The approval ends: its outcome on the Process's data, and the step completes (viewflow opens what follows;
    inside a step engine, from the task and case it holds: workflows.execution)."""
    from workflows.execution import execute_task

    approval.status, approval.decided_at = status, timezone.now()
    approval.save(update_fields=["status", "decided_at"])
    approval.slots.filter(status__in=[Slot.WAITING, Slot.ACTIVE]).update(status=Slot.SKIPPED)
    process = task.process
    process.data = {**(process.data or {}), "outcome": status, "return_to": return_to}
    if not getattr(process, "engine_saves", False):  # else the engine saves the case it holds after its handler
        process.save(update_fields=["data"])
    if lock_is_held(task.process_id):
        execute_task(task, actor, process=process)
        return
    with task.activation() as activation:
        activation.assign(actor)
        activation.start(None)
        activation.execute()


def _people(task: Task, user) -> list[int]:
    """``people_of(user)``; inside a step engine, as its right check read them in this transaction, when it kept
    them on the case it holds (``acting_for``: {user id: people})."""
    if lock_is_held(task.process_id) and Task._meta.get_field("process").is_cached(task):
        known = getattr(task.process, "acting_for", None) or {}
        if user.pk in known:
            return known[user.pk]
    return people_of(user)


def _deciding_slot(task: Task, approval: Approval, user, decision: str) -> ApprovalSlot:
    """The slot the user decides (theirs, or of someone they stand in for, whose turn it is), or the refusal —
    those of ``slot_refusal`` and ``decide_refusal``, in their order — from one read of the people and the slots."""
    people = _people(task, user)
    slot = active_slot(approval, people)
    if slot is None:
        if waits_for_turn(approval, people):
            raise ApplicationError("not_your_turn", _("Earlier approvers have not decided yet."))
        raise PermissionDenied
    if decision not in ("approve", "reject"):
        raise ApplicationError("decision_unknown", _("Approve or reject."), fields={"decision": [str(_("Required."))]})
    if task.status not in OPEN:
        raise ConflictError("task_changed", _("This step has already been completed."))
    if decision == "approve" and is_sign_off(task) and fills_the_form(approval, slot):  # the last completes the form
        raise ApplicationError("sign_off_complete_form", _("You decide last: complete the step's own form."))
    return slot


def _approved_turn_ends(approval: Approval, slot: ApprovalSlot) -> bool:
    """After ``slot`` approved: its group is done when 或签 or a ratio reached (its others not needed) or when no
    one in it is still active; then the next group's turn comes (``_activate_next_group``, from the same read of
    the undecided slots). True when no group is left: the approval ends approved."""
    group = approval.slots.filter(position=slot.position)
    if slot.group_mode == GroupMode.ANY or (
        slot.group_mode == GroupMode.RATIO and tally(approval, slot.position).reached
    ):
        group.filter(status=Slot.ACTIVE).update(status=Slot.SKIPPED)
    undecided = list(approval.slots.filter(status__in=[Slot.WAITING, Slot.ACTIVE]).values_list("position", "status"))
    if any(position == slot.position and status == Slot.ACTIVE for position, status in undecided):
        return False
    if not undecided:
        return True
    first = min(position for position, _status in undecided)
    approval.slots.filter(position=first, status=Slot.WAITING).update(status=Slot.ACTIVE)
    approval.turn_moved = True  # type: ignore[attr-defined]  # others' turn now: their step is announced again
    return False


def approval_decide(*, task: Task, user, decision: str, comment: str = "", announce: bool = True) -> Approval:
    """Approve or reject as the approver whose turn it is, from a process's action (the kit's engine writes its
    event, with the case's change) — or, on a step decided by one person that took 加签, as a signer (an event of
    its own: a task action like 加签 itself). ``approval.decided_slot`` is the place decided (whose, when a
    substitute decided for its holder). ``announce=False``: the caller announces the open steps (the engine does,
    after its event).

    Inside a step engine's transaction (it holds the case's lock) no savepoint is taken: a refusal rolls the whole
    action back. When the engine read all of the approval's slots under its lock (``approval.known_slots``,
    designer.steps), they are decided and counted from there, each write still one statement."""
    held = lock_is_held(task.process_id)
    with transaction.atomic(savepoint=not held):
        return _decide(task, user, decision, comment, announce)


def _decide(task: Task, user, decision: str, comment: str, announce: bool) -> Approval:
    task, approval = _locked(task)
    known = getattr(approval, "known_slots", None)
    if known is not None and not is_sign_off(task):
        _decide_known(task, approval, known, user, decision, comment)
        if announce:
            announce_open_tasks(task.process_id, actor=user)
        return approval
    approval.__dict__.pop("known_slots", None)  # decided from the database: they would no longer be as read
    slot = _deciding_slot(task, approval, user, decision)
    if decision == "reject" and not comment.strip():
        message = _("Give a reason for rejecting.")
        raise ApplicationError("reason_required", message, fields={"comment": [str(message)]})
    slot.status = Slot.APPROVED if decision == "approve" else Slot.REJECTED
    slot.comment, slot.decided_at = comment, timezone.now()
    slot.save(update_fields=["status", "comment", "decided_at"])
    approval.decided_slot = slot  # type: ignore[attr-defined]
    if is_sign_off(task):
        _audit(
            task,
            decision,
            user,
            comment=comment,
            on_behalf_of=substitute_note(slot, user),
            data={"task_id": task.pk, "position": slot.position},
        )
    if decision == "reject" and is_sign_off(task):
        end_sign_off(approval, Approval.Status.REJECTED)  # the step goes back to its holder, decided by them alone
        if task.data[SIGN_OFF] != task.owner_id:
            _hold(task, User.objects.get(pk=task.data[SIGN_OFF]))
    elif decision == "reject" and not (slot.group_mode == GroupMode.RATIO and tally(approval, slot.position).reachable):
        _finish(task, approval, Approval.Status.REJECTED, user)
    elif decision == "approve":
        if _approved_turn_ends(approval, slot):
            _finish(task, approval, Approval.Status.APPROVED, user)
        elif is_sign_off(task):
            _holder_follows_the_form(task, approval)
    if announce:
        announce_open_tasks(task.process_id, actor=user)
    return approval


def _decide_known(task: Task, approval: Approval, slots: list, user, decision: str, comment: str) -> None:
    """``approval_decide`` from the approval's slots as read under the case's lock (all of them, none of a
    sign-off): the same refusals in the same order, the same writes, and the slots kept as they now are."""
    people = _people(task, user)
    mine = [slot for slot in slots if slot.user_id in people]
    active = [slot for slot in mine if slot.status == Slot.ACTIVE]
    if not active:
        if any(slot.status == Slot.WAITING for slot in mine):
            raise ApplicationError("not_your_turn", _("Earlier approvers have not decided yet."))
        raise PermissionDenied
    slot = min(active, key=lambda slot: (people.index(slot.user_id), slot.position, slot.pk))
    if decision not in ("approve", "reject"):
        raise ApplicationError("decision_unknown", _("Approve or reject."), fields={"decision": [str(_("Required."))]})
    if task.status not in OPEN:
        raise ConflictError("task_changed", _("This step has already been completed."))
    if decision == "reject" and not comment.strip():
        message = _("Give a reason for rejecting.")
        raise ApplicationError("reason_required", message, fields={"comment": [str(message)]})
    slot.status = Slot.APPROVED if decision == "approve" else Slot.REJECTED
    slot.comment, slot.decided_at = comment, timezone.now()
    sql_rows.save_columns(slot, ["status", "comment", "decided_at"])
    approval.decided_slot = slot  # type: ignore[attr-defined]
    group = [other for other in slots if other.position == slot.position]
    if decision == "reject":
        if slot.group_mode == GroupMode.RATIO and _known_tally(group).reachable:
            return
        _finish_known(task, approval, slots, Approval.Status.REJECTED, user)
        return
    if slot.group_mode == GroupMode.ANY or (slot.group_mode == GroupMode.RATIO and _known_tally(group).reached):
        _set_status([other for other in group if other.status == Slot.ACTIVE], Slot.SKIPPED)
    undecided = [other for other in slots if other.status in UNDECIDED]
    if any(other.position == slot.position and other.status == Slot.ACTIVE for other in undecided):
        return
    if not undecided:
        _finish_known(task, approval, slots, Approval.Status.APPROVED, user)
        return
    first = min(other.position for other in undecided)
    _set_status([other for other in undecided if other.position == first and other.status == Slot.WAITING], Slot.ACTIVE)
    approval.turn_moved = True  # type: ignore[attr-defined]  # others' turn now: their step is announced again


def _known_tally(group: list) -> Tally:
    """``tally`` of a ratio group from its slots."""
    needed = max((slot.needed or 0 for slot in group), default=0) or 1
    approved = sum(1 for slot in group if slot.status == Slot.APPROVED)
    return Tally(needed, approved, sum(1 for slot in group if slot.status in UNDECIDED))


def _set_status(slots: list, status: str) -> None:
    """Those slots take ``status``, in one UPDATE (none without slots), and as held."""
    if slots:
        ApprovalSlot.objects.filter(pk__in=[slot.pk for slot in slots]).update(status=status)
    for slot in slots:
        slot.status = status


def _finish_known(task: Task, approval: Approval, slots: list, status: str, actor) -> None:
    """``_finish`` when the slots are held: those still undecided are not needed (no UPDATE when there are none)."""
    from workflows.execution import execute_task

    approval.status, approval.decided_at = status, timezone.now()
    sql_rows.save_columns(approval, ["status", "decided_at"])
    _set_status([slot for slot in slots if slot.status in UNDECIDED], Slot.SKIPPED)
    process = task.process
    process.data = {**(process.data or {}), "outcome": status, "return_to": None}
    if not getattr(process, "engine_saves", False):  # else the engine saves the case it holds after its handler
        process.save(update_fields=["data"])
    execute_task(task, actor, process=process)


@transaction.atomic
def approval_add(*, task: Task, user, new_user, where: str) -> ApprovalSlot:
    """加签: someone decides before me, after me, or alongside me. On a step decided by one person this opens a
    sign-off (see _sign_off_open); on one already decided by approvers, the new approver joins their order."""
    lock_case_rows(task.process_id, task.flow_task.flow_class)
    task = Task.objects.select_related("process", "owner").get(pk=task.pk)
    approval = open_approval(task)
    if approval is None and hasattr(task, "approval") and not is_sign_off(task):
        raise ConflictError("task_changed", _("This step has already been decided."))
    for refusal in (add_refusal(user, task, approval), add_target_refusal(new_user, where, user, task, approval)):
        if refusal is not None:
            raise refusal
    if approval is None:
        added = _sign_off_open(task, user, new_user, where)
    else:
        added = _insert(approval, _turn(approval, user), user, new_user, where)
    _audit(task, "add_approver", user, data={"task_id": task.pk, "approver": new_user.pk, "where": where})
    announce_open_tasks(task.process_id, actor=user)
    return added


def _insert(approval: Approval, slot: ApprovalSlot, user, new_user, where: str) -> ApprovalSlot:
    position = slot.position
    if where == "before":
        approval.slots.filter(position__gte=position).update(position=F("position") + 1)
        approval.slots.filter(position=position + 1, status=Slot.ACTIVE).update(status=Slot.WAITING)
        return ApprovalSlot.objects.create(
            approval=approval, user=new_user, position=position, status=Slot.ACTIVE, added_by=user, added_as=where
        )
    if where == "after":
        approval.slots.filter(position__gt=position).update(position=F("position") + 1)
        return ApprovalSlot.objects.create(
            approval=approval, user=new_user, position=position + 1, added_by=user, added_as=where
        )
    return ApprovalSlot.objects.create(
        approval=approval,
        user=new_user,
        position=position,
        group_mode=slot.group_mode,
        needed=slot.needed,
        status=Slot.ACTIVE,
        added_by=user,
        added_as=where,
    )


def _sign_off_open(task: Task, user, new_user, where: str) -> ApprovalSlot:
    """加签 on a step decided by one person (a party talk, a filing…): the step gets an approval of its holder and
    the added person, in the order asked — before: they sign, then the holder completes the step's form; after:
    the holder signs and they complete it; alongside: both, the second to act completes it. The form is the
    step's own action, so the step ends as it always does (workflows.execution closes the approval then). The step
    is taken by its holder (the person adding, or the colleague they stand in for) so no one else takes it."""
    holder = task.owner if task.owner_id is not None and task.owner_id != user.pk else user
    groups = {"before": [[new_user], [holder]], "after": [[holder], [new_user]], "parallel": [[holder, new_user]]}
    approval = Approval.objects.filter(task=task).first()  # a round declined earlier is opened again
    if approval is None:
        approval = Approval.objects.create(task=task)
        first = 0
    else:
        approval.status, approval.decided_at = Approval.Status.OPEN, None
        approval.save(update_fields=["status", "decided_at"])
        first = (approval.slots.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    slots = ApprovalSlot.objects.bulk_create(
        ApprovalSlot(
            approval=approval,
            user=person,
            position=first + offset,
            added_by=user if person == new_user else None,
            added_as=where if person == new_user else "",
        )
        for offset, people in enumerate(groups[where])
        for person in people
    )
    _activate_next_group(approval)
    if task.owner_id is None:
        with task.activation() as activation:
            activation.assign(holder)
        task.refresh_from_db()
    task.data = {**(task.data or {}), SIGN_OFF: holder.pk, "claimed_by": holder.pk}  # whose step it is
    task.save(update_fields=["data"])
    return next(slot for slot in slots if slot.user_id == new_user.pk)


def _hold(task: Task, person) -> None:
    with task.activation() as activation:
        activation.reassign(person)
    task.refresh_from_db()
    task.data = {**(task.data or {}), "claimed_by": person.pk}
    task.save(update_fields=["data"])


def _holder_follows_the_form(task: Task, approval: Approval) -> None:
    """Once only the sign-off's last approver is left, the step is theirs: they complete its form in their own name
    (the engines record "on behalf of" whoever holds a step someone else completes)."""
    left = list(approval.slots.filter(status__in=UNDECIDED))
    if len(left) == 1 and left[0].user_id != task.owner_id:
        _hold(task, left[0].user)


@transaction.atomic
def approval_transfer(*, task: Task, user, to_user, reason: str) -> ApprovalSlot:
    """转交 of an approver's place (会签, 或签, 依次 or a sign-off): their slot is handed to another person who may
    decide the step, with the reason; the old slot stays, marked not needed, for the record."""
    task, approval = _locked(task)
    refusal = transfer_refusal(user, task, approval)
    if refusal is not None:
        raise refusal
    if not reason.strip():
        message = _("Give a reason for the transfer.")
        raise ApplicationError("reason_required", message, fields={"reason": [str(message)]})
    refusal = transfer_target_refusal(to_user, user, task, approval)
    if refusal is not None:
        raise refusal
    slot = _turn(approval, user)
    moved = ApprovalSlot.objects.create(
        approval=approval,
        user=to_user,
        position=slot.position,
        group_mode=slot.group_mode,
        needed=slot.needed,
        status=Slot.ACTIVE,
        added_by=user,
        added_as="transfer",
    )
    slot.status, slot.comment, slot.decided_at = Slot.SKIPPED, reason, timezone.now()
    slot.save(update_fields=["status", "comment", "decided_at"])
    if is_sign_off(task) and task.data[SIGN_OFF] == slot.user_id:  # the holder's own place: the step goes with it
        task.data = {**task.data, SIGN_OFF: to_user.pk}
        task.save(update_fields=["data"])
    if is_sign_off(task) and task.owner_id == slot.user_id:
        _hold(task, to_user)
    if is_sign_off(task):
        _holder_follows_the_form(task, approval)
    on_behalf = "" if slot.user_id == user.pk else str(_("on behalf of %(name)s") % {"name": slot.user.real_name})
    _audit(
        task,
        "transfer",
        user,
        reason=reason,
        on_behalf_of=on_behalf,
        data={
            "task_id": task.pk,
            "step": task.flow_task.name,
            "from": slot.user_id,
            "to": to_user.pk,
            "to_name": to_user.real_name,
            "position": slot.position,
        },
    )
    announce_assigned(task, to_user, user)
    return moved


def _path(task: Task) -> set[str]:
    """Steps the case has been through (completed human steps)."""
    done = Task.objects.filter(process_id=task.process_id, status="DONE", flow_task_type="HUMAN")
    return {t.flow_task.name for t in done}


@transaction.atomic
def approval_return(*, task: Task, user, to_step: str, reason: str) -> Approval:
    """退回: back to an earlier step of this case's path that the flow allows returning to."""
    task, approval = _locked(task, sign_off=False)
    _active_slot(approval, user)
    if not reason.strip():
        raise ApplicationError("reason_required", _("Give a reason for returning the case."))
    allowed = getattr(task.flow_task.flow_class, "return_targets", {}).get(task.flow_task.name, ())
    if to_step not in allowed or to_step not in _path(task):
        raise ApplicationError("return_target_invalid", _("The case can only go back to a step it has passed."))
    _finish(task, approval, Approval.Status.RETURNED, user, return_to=to_step)
    _prefill(task.process_id, to_step)
    announce_open_tasks(task.process_id, actor=user)
    return approval


def _prefill(process_id: int, step: str) -> None:
    """The step handed back opens with what was submitted there last time (its ``submitted`` data)."""
    tasks = [t for t in Task.objects.filter(process_id=process_id).order_by("-pk") if t.flow_task.name == step]
    reopened = next((t for t in tasks if t.status in ("NEW", "ASSIGNED")), None)
    previous = next((t for t in tasks if t.status == "DONE"), None)
    if reopened is not None and previous is not None and (previous.data or {}).get("submitted"):
        reopened.data = {**(reopened.data or {}), "prefill": previous.data["submitted"]}
        reopened.save(update_fields=["data"])


@transaction.atomic
def approval_withdraw(*, task: Task, user, authorised: bool = False) -> Approval:
    """撤回: the initiator takes the case back while nobody has decided on the step yet. A process whose
    rule is wider (any lead of the submitting school) checks it itself and passes ``authorised``."""
    task, approval = _locked(task, sign_off=False)
    flow_class = task.flow_task.flow_class
    case = process_type_of(task.process).case_of(task.process)
    if not authorised and getattr(case, "initiator_id", None) != user.pk:
        raise PermissionDenied
    if approval.slots.filter(status__in=[Slot.APPROVED, Slot.REJECTED]).exists():
        raise ApplicationError("withdraw_not_allowed", _("A reviewer has already acted; the case cannot be withdrawn."))
    _finish(task, approval, Approval.Status.WITHDRAWN, user, return_to=getattr(flow_class, "withdraw_to", None))
    announce_open_tasks(task.process_id, actor=user)
    return approval
