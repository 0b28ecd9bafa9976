"""What a person can do now on an open step, and on its case: the one selector behind every page's task actions
(the case pages of each process, the step's own page). Each action is offered only when the rule the task service
enforces (workflows.task_rules) refuses nothing, and a person is offered only when the service would accept them,
so a form on the page never leads to a refusal that could have been known."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task

from accounts.models import Organisation, User
from workflows.access import can_act, has_part_in_case
from workflows.inbox import OPEN
from workflows.kit.registry import process_type_of
from workflows.labels import step_title
from workflows.models import Approval, ApprovalSlot
from workflows.slots import active_slot, fills_the_form, is_sign_off, open_approval
from workflows.task_rules import (
    add_refusal,
    add_target_refusal,
    cc_refusal,
    claim_refusal,
    decide_refusal,
    deciders,
    people_of,
    release_refusal,
    remind_refusal,
    return_refusal,
    return_targets,
    transfer_refusal,
    transfer_target_refusal,
    withdraw_refusal,
)

POSITIONS = [("before", _("Before me")), ("after", _("After me")), ("parallel", _("Alongside me"))]


@dataclass
class TaskActions:
    task: Task
    title: str
    approval: Approval | None = None
    slots: list = field(default_factory=list)  # the step's approvers, in order (with who added or handed them)
    sign_off: bool = False  # people were added to decide with the step's holder (加签 on a one-person step)
    claim: bool = False
    release: bool = False
    transfer_to: list = field(default_factory=list)  # people the step (or my place in it) may be handed to
    add_before: list = field(default_factory=list)  # people who may be added before me (加签)
    add_anywhere: list = field(default_factory=list)  # of those, who may also be added after me or alongside me
    decide: bool = False  # 同意 / 不同意 through the shared approval engine
    sign: bool = False  # 同意 as a sign-off's signer (not the last)
    decline: bool = False  # 不同意 on a sign-off: the step goes back to its holder alone
    form_url: str = ""  # the step's own form, when the person completes it now
    return_to: list = field(default_factory=list)  # (node, title) of the earlier steps it may go back to
    withdraw: bool = False
    waiting_for: list = field(default_factory=list)  # whose turn it is (shown when it is not the person's)
    my_turn: bool = False  # the person holds a place whose turn it is
    open: bool = True

    @property
    def transfer(self) -> bool:
        return bool(self.transfer_to)

    @property
    def add(self) -> bool:
        return bool(self.add_before)

    @property
    def add_before_only(self) -> list:
        return [person for person in self.add_before if person not in self.add_anywhere]

    @property
    def positions(self) -> list:
        """Where the added person may decide: every position when anyone offered may take any."""
        return POSITIONS if self.add_anywhere else POSITIONS[:1]

    @property
    def any(self) -> bool:
        return any(
            (self.claim, self.release, self.transfer, self.add, self.decide, self.sign, self.decline, self.form_url)
        ) or bool(self.return_to or self.withdraw)


@dataclass
class CaseActions:
    remind: bool = False
    cc_to: list = field(default_factory=list)
    comment: bool = False
    copied: list = field(default_factory=list)


def _queue_people(task: Task) -> list[User]:
    """Who could take the step from its queue (its permission on its organisation or above)."""
    from workflows.announce import holders_of

    if not task.owner_permission:
        return []
    organisation = Organisation.objects.filter(pk=task.owner_permission_obj_pk).first()
    if organisation is None:
        return []
    people = holders_of(task.owner_permission.split(".", 1)[-1], organisation)
    return sorted(people, key=lambda person: (person.real_name, person.pk))


def _fine(refusal) -> bool:
    return refusal is None


def task_actions_for(user, task: Task, *, with_form_link: bool = False) -> TaskActions:
    """The actions ``user`` can take now on the open step ``task`` (read with its process). ``with_form_link``:
    the page does not show the step's own form itself (the step's page does; a case page shows its actions)."""
    process_type = process_type_of(task.process)
    case = process_type.case_of(task.process)
    approval = open_approval(task)
    sign_off = is_sign_off(task) and approval is not None
    found = TaskActions(task=task, title=step_title(task), approval=approval, sign_off=sign_off)
    if task.status not in OPEN:
        found.open = False
        return found
    if approval is not None:
        found.slots = list(approval.slots.select_related("user", "added_by"))
        found.waiting_for = [s.user for s in found.slots if s.status == ApprovalSlot.Status.ACTIVE]
        found.my_turn = active_slot(approval, people_of(user)) is not None
    found.claim = _fine(claim_refusal(user, task))
    found.release = _fine(release_refusal(user, task, approval if sign_off else None))
    if _fine(transfer_refusal(user, task, approval)):
        people = deciders(task) if approval is not None else _queue_people(task)
        found.transfer_to = [p for p in people if _fine(transfer_target_refusal(p, user, task, approval))]
    if _fine(add_refusal(user, task, approval)):
        people = deciders(task)
        found.add_before = [p for p in people if _fine(add_target_refusal(p, "before", user, task, approval))]
        found.add_anywhere = [
            p for p in found.add_before if _fine(add_target_refusal(p, "after", user, task, approval))
        ]
    if sign_off:
        found.sign = _fine(decide_refusal(user, task, approval, "approve"))
        found.decline = _fine(decide_refusal(user, task, approval, "reject"))
    elif approval is not None and process_type.pages is None:  # decided here: the process has no step page of its own
        found.decide = _fine(decide_refusal(user, task, approval, "approve"))
        if _fine(return_refusal(user, task, approval)):
            found.return_to = return_targets(task)
        found.withdraw = _fine(withdraw_refusal(user, task, approval))
    if with_form_link and _completes_now(user, task, approval, sign_off):
        found.form_url = process_type.action_url(case, process_type.action_code(case, task.flow_task.name))
    return found


def _completes_now(user, task: Task, approval: Approval | None, sign_off: bool) -> bool:
    """The person completes the step through its own form now (the process's action for the step)."""
    if approval is None:
        return can_act(user, task)
    slot = active_slot(approval, people_of(user))
    if sign_off:  # the last approver left completes it
        return slot is not None and fills_the_form(approval, slot)
    return slot is not None and process_type_of(task.process).pages is not None  # a decision on its own step page


def open_task_actions(user, process: Process, *, with_form_link: bool = False) -> list[TaskActions]:
    """task_actions_for each open step of the case that offers the person something or waits on approvers."""
    tasks = Task.objects.filter(process=process, status__in=OPEN, flow_task_type="HUMAN").select_related(
        "process", "owner"
    )
    found = [task_actions_for(user, task, with_form_link=with_form_link) for task in tasks.order_by("pk")]
    return [actions for actions in found if actions.any or actions.slots]


def case_actions_for(user, process: Process) -> CaseActions:
    """催办, 抄送 (with the people who may still be copied) and comments on the case, as the services allow them."""
    from workflows.services import cc_candidates

    case = process_type_of(process).case_of(process)
    copied = list(User.objects.filter(pk__in=process.cc_entries.values("user_id")).order_by("real_name", "pk"))
    found = CaseActions(
        remind=_fine(remind_refusal(user, process, case)),
        comment=has_part_in_case(user, process),
        copied=copied,
    )
    if _fine(cc_refusal(user, process, case)):
        found.cc_to = list(cc_candidates(process).exclude(pk__in=[p.pk for p in copied]))
    return found


def discussion_context(user, process: Process) -> dict:
    """What a case page's discussion (templates/_case_discussion.html) offers the person, from case_actions_for."""
    found = case_actions_for(user, process)
    return {
        "can_remind": found.remind,
        "cc_candidates": found.cc_to,
        "copied": found.copied,
        "can_comment": found.comment,
    }


def steps_awaiting_others(user, process: Process) -> set[str]:
    """The steps (node names) of the case whose own form the person may not complete now because people added to
    decide on it (加签) come first: a case page leaves their actions out instead of offering a refusal."""
    awaiting = set()
    tasks = Task.objects.filter(process=process, status__in=OPEN, flow_task_type="HUMAN", data__has_key="sign_off")
    for task in tasks:
        approval = open_approval(task)
        if approval is not None and not _completes_now(user, task, approval, sign_off=True):
            awaiting.add(task.flow_task.name)
    return awaiting
