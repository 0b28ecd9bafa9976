"""What a process's flow (a plain viewflow ``flow.Flow``) takes from the kit: its start, which the engine's
start_case runs with the fields of the new case, its human steps, completed only through the engine, and the
approval a step decided by several people opens."""

from viewflow.workflow import flow
from viewflow.workflow.flow import views as flow_views

from workflows.approvals import approval_open_groups
from workflows.kit.registry import process_type_of


def started(activation, **fields):
    """The body of the flow's ``start = flow.StartHandle(started)``: the new Process row, filled with ``fields``;
    viewflow saves it when the start task completes."""
    for name, value in fields.items():
        setattr(activation.process, name, value)
    return activation.process


def step(title) -> flow.View:
    """A human step. viewflow requires a view, which is never routed: the kit's pages and API complete the step
    through the engine (workflows.kit.engine)."""
    return flow.View(flow_views.UpdateProcessView.as_view(fields=[])).Annotation(title=title)


def approvers_asked(activation) -> None:
    """The ``onCreate`` of a step decided by several people: its approval, for the groups its process declares
    (ProcessType.approvers)."""
    kind = process_type_of(activation.process)
    groups = kind.approvers[activation.flow_task.name](kind.case_of(activation.process))
    approval_open_groups(task=activation.task, groups=groups)


def approved(activation) -> bool:
    """Whether the approval of the step just completed ended approved (the outcome its approval wrote on the
    Process's data): the condition of the ``flow.If`` after a step decided by several people."""
    return (activation.process.data or {}).get("outcome", "") == "approved"
