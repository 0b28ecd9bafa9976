"""Reads the kit answers for every process: the actions a person can take on a case now."""

from core.exceptions import ApplicationError
from workflows.access import refuse_claimed_by_another
from workflows.kit.actions import Action
from workflows.kit.engine import may_attempt, open_task
from workflows.kit.registry import ProcessType
from workflows.slots import active_slot, is_sign_off, open_approval
from workflows.task_rules import people_of


def available_actions(process: ProcessType, case, user) -> list[str]:
    """Codes of the actions ``user`` could run on ``case`` now (state, right, open step and their part in it), in
    declaration order; the engine re-checks everything when one is sent. For processes whose actions act on a part
    of the case (a target), the process's own selector says which part."""
    codes = []
    for code, action in process.actions.items():
        if action.when is not None and not action.when(case):
            continue
        if not may_attempt(process, action, case, user):
            continue
        if action.node is not None:
            task = open_task(process, case, action.node)
            if task is None or not _may_complete(user, task, action):
                continue
        codes.append(code)
    return codes


def _may_complete(user, task, action: Action) -> bool:
    """Not someone else's claim; on a step decided by approvers, a place that is the person's now (an initiator's
    撤回 needs none); on a step with 加签 signers, only the last one left completes its form — no dead end."""
    try:
        refuse_claimed_by_another(task, user)
    except ApplicationError:
        return False
    approval = open_approval(task)
    if approval is None or is_sign_off(task) or action.subject_may:
        return True
    return active_slot(approval, people_of(user)) is not None
