"""An evaluation case's steps as viewflow tasks: which task an action completes, keeping the open steps in line
with the case after every action, and what the shared inbox shows of a step.

The kit's engine runs an evaluation action with the hooks of workflows.evaluation.spec: before the handler, the
step's task is found (``step_task``: someone else's claim refuses the action, as in every process); after the
audit event, it is settled (``settle``): the task is completed, so viewflow runs the flow's gateway, or the gateway
is run anyway when the action completed no step (more people appointed, a correction requested…); the gateway opens
what the case now waits for and cancels what it no longer does (``steps_to_open``). Then everyone who can act on a
new step is told, after commit.
"""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from accounts import roles
from workflows.announce import announce_open_tasks
from workflows.evaluation.models import EvaluationProcess, RoutineEvaluation, Track
from workflows.evaluation.open_steps import STEP_RIGHTS, identity, steps_due
from workflows.evaluation.rights import perms_by_org
from workflows.evaluation.tracks import acting_schools
from workflows.execution import execute_task
from workflows.kit.registry import PROCESS_TYPES

OPEN = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)
PARTS = ("routine_id", "project_id", "correction_id")
TERMS = dict(RoutineEvaluation._meta.get_field("term").choices)
# Actions that complete a step of another name (a correction is decided by approving or rejecting it).
NODE_OF = {
    "approve_correction": "decide_correction",
    "reject_correction": "decide_correction",
    "term_return": "term_score",
    "panel_return": "panel_confirm",
    "publish_return": "publish",
}
# The action that sends a confirmation step back (the inbox's and the task API's "return").
RETURNS = {"term_score": "term_return", "panel_confirm": "panel_return", "publish": "publish_return"}


def node_of(code: str) -> str | None:
    """The step an action completes, or None for an action that completes none (request_correction…)."""
    node = NODE_OF.get(code, code)
    return node if node in STEP_RIGHTS else None


def action_for_node(process, node: str, decision: str = "approve") -> str:
    """The action that completes a step with the decision asked for (the inbox's "do it", the task API's complete);
    "" when the step is not decided that way (only the confirmations are returned; none is withdrawn)."""
    if node == "decide_correction":
        return {"approve": "approve_correction", "reject": "reject_correction"}.get(decision, "")
    if decision == "return":
        return RETURNS.get(node, "")
    return node if decision == "approve" else ""


def _flow():
    """The evaluation's flow class, as registered (the flow calls back into this module: no import circle)."""
    return PROCESS_TYPES["evaluation"].flow_class


def _open_tasks(process_pk: int, node: str | None = None):
    tasks = Task.objects.filter(process_id=process_pk, status__in=OPEN, flow_task_type="HUMAN")
    return tasks.filter(flow_task=getattr(_flow(), node)) if node else tasks


def step_task(process: EvaluationProcess, code: str, target, actor, data: dict):
    """The open task the action completes: the step of its node on its part of the case that asks for the actor
    (appointed to it, or a queue on a school where the actor holds the right), or None. Refused with
    ``task_claimed`` when someone else took (认领) it."""
    from workflows.access import refuse_claimed_by_another

    node = node_of(code)
    if node is None:
        return None
    if isinstance(target, RoutineEvaluation):
        part = {"routine_id": target.pk}
    elif target is process.case:
        part = {"correction_id": data.get("correction_id")} if node == "decide_correction" else {}
    else:
        part = {"project_id": target.pk}
    tasks = [
        task
        for task in _open_tasks(process.pk, node).order_by("pk")
        if all((task.data or {}).get(key) == part.get(key) for key in PARTS)
    ]
    if len({t.data.get("org_id") for t in tasks}) > 1:  # a help project's self-evaluation: either school's
        schools = acting_schools(target)
        held = perms_by_org(actor, schools)
        mine = {s.pk for s in schools if roles.SUBMIT_SCHOOL_APPLICATIONS in held[s.pk]}
        tasks = [t for t in tasks if t.data.get("org_id") in mine] or tasks
    task = next((t for t in tasks if t.data.get("user_id") == actor.pk), None) or next(iter(tasks), None)
    if task is not None:
        refuse_claimed_by_another(task, actor)
    return task


def steps_to_open(activation) -> list:
    """The gateway's plan: cancel the open steps the case no longer waits for; (node, data) of those to open."""
    process = activation.process
    wanted = steps_due(process.case)
    wanted_ids = {identity(node, data) for node, data in wanted}
    kept = set()
    for task in _open_tasks(process.pk).order_by("pk"):
        key = identity(task.flow_task.name, task.data)
        if key in wanted_ids and key not in kept:
            kept.add(key)
            continue
        task.process = process
        task.flow_task.activation_class(task).cancel()
    nodes = activation.flow_class.instance
    return [(nodes.node(node), data) for node, data in wanted if identity(node, data) not in kept]


def _open_steps_again(process: EvaluationProcess) -> None:
    """Run the gateway after an action that completed no step, from the process's start."""
    flow = _flow()
    start = Task.objects.get(process_id=process.pk, flow_task=flow.start)
    start.process = process
    gateway = flow.open_steps._create(start.flow_task.activation_class(start), start.token)
    gateway.activate()
    gateway.complete()
    for _activation in gateway.create_next():  # creating each is all a human step's activation does
        pass


def settle(process: EvaluationProcess, task, actor) -> None:
    """After the action, in its transaction, with the case's rows locked (workflows.evaluation.spec.lock, and
    viewflow's lock on the process marked held by the kit's engine): complete its step (viewflow then runs the
    gateway) or run the gateway; tell whoever can act on a new step (after commit)."""
    if task is not None:
        execute_task(task, actor, process=process)
    else:
        _open_steps_again(process)
    announce_open_tasks(process.pk, case=process, actor=actor)


def evaluation_of(row):
    """The evaluation case of the registry's case (its process, what the shared task code reads) or of the kit
    engine's (the case itself): every registry callable of Process C takes either."""
    return row.case if isinstance(row, EvaluationProcess) else row


def describe(process: EvaluationProcess) -> tuple[str, str, str]:
    case = evaluation_of(process)
    year = _("School year %(start)d–%(end)d") % {"start": case.school_year, "end": case.school_year + 1}
    return str(year), case.community.name, case.get_status_display()


def case_url(process: EvaluationProcess) -> str:
    return reverse("evaluation-case", args=[evaluation_of(process).pk])


def action_url(process: EvaluationProcess, code: str, part: dict | None = None) -> str:
    url = reverse("evaluation-case-action", args=[evaluation_of(process).pk, code])
    return f"{url}?{urlencode(part)}" if part else url


def step_facts(task, process: EvaluationProcess) -> dict:
    """What an inbox row shows of a step beyond the case: the school and track it is about, and its form with the
    track named (read from the task's data: no query per row)."""
    data = task.data or {}
    part = {key: data[key] for key in ("routine_id", "project_id") if data.get(key)}
    about = [data.get("school", "")]
    if data.get("term") in TERMS:
        about.append(str(TERMS[data["term"]]))
    elif data.get("component") in Track.values:
        about.append(str(Track(data["component"]).label))
    facts = {"action_url": action_url(process, action_for_node(process, task.flow_task.name), part)}
    if any(about):
        facts["person"] = " · ".join(filter(None, about))
    return facts
