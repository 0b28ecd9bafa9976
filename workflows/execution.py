"""Completing a viewflow human task on behalf of a step engine, whoever held it before."""

from viewflow.workflow.status import STATUS


def execute_task(task, actor) -> None:
    with task.activation() as activation:
        if task.status == STATUS.NEW:
            activation.assign(actor)
        elif task.owner_id != actor.pk:
            activation.reassign(actor)
        activation.start(None)
        activation.execute()
