"""Completing a viewflow human task on behalf of a step engine, whoever held it before."""

from viewflow.workflow.status import STATUS

from workflows.locking import lock_is_held
from workflows.sign_off import sign_off_close
from workflows.slots import is_sign_off


def execute_task(task, actor, *, process=None, done_on=None) -> None:
    """Assign (or reassign) the task to ``actor``, start and complete it; viewflow creates the next tasks.
    ``done_on``: the business date the step was done on (已办 shows it: workflows.rows.completed_on), saved with it.

    ``process``: the task's case, when the caller read it and the task under its own lock on the case row
    (``workflows.locking.case_lock_held``) in this transaction. Viewflow's ``task.activation()`` would then take that
    lock again, read the task and the case again and save the assignment before the completion; here the activation
    is made from what the caller holds and the task is saved once, done (issue 8: four statements a completion)."""
    if process is None or not lock_is_held(process.pk):
        with task.activation() as activation:
            _complete(activation, task, actor, save_assignment=True, done_on=done_on)
    else:
        task.process = process
        _complete(task.flow_task.activation_class(task), task, actor, save_assignment=False, done_on=done_on)
    if is_sign_off(task):  # the last approver of its sign-off (加签) completed the step's own form
        sign_off_close(task, actor)


def _complete(activation, task, actor, *, save_assignment: bool, done_on=None) -> None:
    if done_on is not None:  # after the activation read the task again; viewflow saves it on completion
        task.data = {**(task.data or {}), "done_on": done_on.isoformat()}
    if task.status == STATUS.NEW:
        if save_assignment:
            activation.assign(actor)
        else:  # what viewflow's assign does, saved with the completion below
            task.owner, task.status = actor, STATUS.ASSIGNED
    elif task.owner_id != actor.pk:
        if save_assignment:
            activation.reassign(actor)
        else:
            task.owner = actor
    activation.start(None)
    activation.execute()
