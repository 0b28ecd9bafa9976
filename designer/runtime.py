"""What the designed flow's nodes do (designer.flows): open a node's step for the people the walk found (``seat``),
move the walk on once a step is completed (``advance``: for the ``walk`` gateway and the ``advance`` node of cases
that still go that way; a completed ``act`` step does it itself, designer.flows.StepActivation) and tell ``fan``
how many steps to open.

The walk (designer.definition.walk) is pure: given the version's document, the case's facts and who each node's
``who`` finds (designer.approvers), it says which nodes open, which pass at once (抄送, 通知, nobody found, 自动去重)
and whether the case ended. What opened is kept on viewflow's Process (``data["pending"]``) for ``fan`` and
``seat``; how the step ended (``data["outcome"]``: approved, rejected, returned, handled, withdrawn, written by the
approval engine or the designer's actions) is what ``advance`` reads.
"""

from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.access import OPEN


def opens(place: int):
    """``fan``'s condition for its ``place``-th branch: that many steps (or more) opened."""
    return lambda activation: len((activation.process.data or {}).get("pending", [])) > place


def opens_none(activation) -> bool:
    return not (activation.process.data or {}).get("pending")


def _open_act_tasks(process_id: int, *, but: int | None = None):
    """The case's open steps (the designed flow's only human node is ``act``)."""
    tasks = Task.objects.filter(process_id=process_id, flow_task_type="HUMAN", status__in=OPEN)
    return tasks.exclude(pk=but) if but is not None else tasks


def seat(activation) -> None:
    """The ``act`` step just created takes the first opened node no other open step holds, and its people: an
    approval of groups by the node's mode (依次: one after another; 会签; 或签; a ratio)."""
    from workflows import approvals

    pending = (activation.process.data or {}).get("pending", [])
    task = activation.task
    node = (task.data or {}).get("node")
    if node is not None:  # created named (designer.flows.Opens)
        opened = next(item for item in pending if item["node"] == node)
    else:
        if len(pending) == 1:  # one step opened: it is this one (no other open step can hold what just opened)
            opened = pending[0]
        else:
            held = {(t.data or {}).get("node") for t in _open_act_tasks(activation.process.pk, but=task.pk)}
            opened = next(item for item in pending if item["node"] not in held)
        task.data = {**(task.data or {}), **step_data(activation.process, opened)}
        task.save(update_fields=["data"])
    approvals.approval_open_groups(task=task, groups=groups_of(opened))
    announced = getattr(activation.process, "opened_steps", None)  # inside the engine: it announces them
    if announced is not None:
        announced.append(task)


def step_data(process, opened: dict) -> dict:
    """What an ``act`` step stands for: its node, kind, title and time limit (due, remind_on)."""
    from designer import deadlines

    named = {"node": opened["node"], "kind": opened["kind"], "title": opened.get("title", "")}
    return {**named, **deadlines.step_dates(process, opened["node"])}


def named_steps(process, next_tasks: list) -> list:
    """The gateway's branches (node, data) with each ``act`` step's data: the ``place``-th opened for the
    ``place``-th step (``opens``)."""
    pending = (process.data or {}).get("pending", [])
    named, place = [], 0
    for node, data in next_tasks:
        if node.name == "act" and place < len(pending):
            data = step_data(process, pending[place])
            place += 1
        named.append((node, data))
    return named


def groups_of(opened: dict) -> list:
    """The approval's groups, of the people's ids (the walk found them active: designer.approvers)."""
    from workflows import approvals

    ordered = list(opened["people"])
    mode = opened.get("mode") or "any"
    if mode == "sequential":
        return [(approvals.ALL, [person]) for person in ordered]
    if mode == "ratio":
        return [(approvals.RATIO, ordered, opened.get("needed") or len(ordered))]
    return [(approvals.ALL if mode == "all" else approvals.ANY, ordered)]


def advance(activation) -> None:
    """After an ``act`` step completed: the walk moves on by how it ended; what opens goes to ``fan``."""
    from designer import walking

    process = activation.process
    done = getattr(process, "completing", None)  # the step the engine completes, as it holds it (designer.spec)
    if done is None or done.status != STATUS.DONE:
        done = activation.task.previous.all()[0]
    process.completing = None
    walking.after_step(process, done)
