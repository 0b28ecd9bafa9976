"""The one flow of every designed process. A designed case's path is data (its version's document), walked by
designer.definition.walk; viewflow holds its open steps: one ``act`` task for each node people must act on now
(parallel branches: several at once), created by ``fan`` after the start and by the ``act`` step itself once it is
completed: it moves the walk on (designer.walking.after_step) and creates the next ``act`` steps, or ends the case
(``StepActivation``), with no gateway task between two steps (a task row, its link and its update, each time).

``walk`` is the gateway that did it before (the flow's graph still draws ``act`` → ``walk``); ``advance`` the
Function node before that. Both are kept so that the tasks of cases that went through them still name a node of
the flow, and ``walk`` opens what follows for a step whose completion goes its way (outside the kit's engine, as
viewflow's own activation would)."""

from django.db import connection
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.nodes.view import ViewActivation
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

from designer import runtime
from designer.models import ENDED, DesignedCase
from workflows.kit import sql_rows
from workflows.kit.flows import started
from workflows.locking import case_lock

# What completing a step changes on its task (assigned to the one completing it, started, done): the columns saved.
COMPLETED = ("owner", "status", "assigned", "started", "finished", "data")
# At most this many nodes open at once in one case (docs/designer-format.md; validation refuses wider documents).
WIDEST = 8


class OpensActivation(SplitActivation):
    """A parallel gateway that first runs its node's function, if any (``walk``: the walk moves on), then opens its
    branches, each ``act`` step created with what it stands for (its node, kind, title and time limit), so that
    ``seat`` need not save it again."""

    @Activation.status.super()
    def activate(self):
        func = getattr(self.flow_task, "func", None)
        if func is not None:
            func(self)
        super().activate.original()
        self.next_tasks = runtime.named_steps(self.process, self.next_tasks)  # type: ignore[has-type]


class Opens(flow.Split):
    activation_class = OpensActivation


class Walk(Opens):
    def __init__(self, func, **kwargs):
        super().__init__(**kwargs)
        self.func = func


class StepActivation(ViewActivation):
    """An ``act`` step. Completed, it moves the walk on and opens the next steps itself, each created with what it
    stands for (its node, kind, title and time limit) and linked to it; when nothing opens and the case has ended,
    inside the engine's action (``engine_saves``) the case is finished in place for the engine to save, and
    viewflow's ``flow_finished`` sent as the End sent it (no End task row: its insert, link, check and update; no
    page reads it); otherwise viewflow's End runs as ``walk`` would have run it (a branch waiting at a join)."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        """viewflow's (ViewActivation.create), the new task written with its link to the step before in one
        statement where the database allows it and nobody listens to the rows' signals."""
        from designer import steps

        if connection.vendor != "postgresql" or seed is not None or not steps.quiet(flow_task.flow_class.task_class):
            return super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = flow_task.flow_class.task_class(process=prev_activation.process, flow_task=flow_task, token=token)
        task.data = data if data is not None else {}
        activation = cls(task)
        owner_permission = flow_task.calc_owner_permission(activation)
        if owner_permission:
            task.owner_permission = owner_permission
            task.owner_permission_obj = flow_task.calc_owner_permission_obj(activation)
        owner = flow_task.calc_owner(activation)
        if owner:
            task.owner, task.status = owner, STATUS.ASSIGNED
        task.flow_task_type = flow_task.task_type  # what Task.save fills in
        steps.insert_linked(task, prev_activation.task)
        if flow_task._on_create is not None:
            flow_task._on_create(activation)
        return activation

    @Activation.status.super()
    def complete(self):
        """viewflow's (Activation.complete): the step done, saving the columns completing it changes (viewflow
        saved all of them) where nobody listens to the task's signals."""
        from designer import steps

        if not steps.quiet(self.flow_class.task_class):
            return super().complete.original()
        self.task.finished = now()
        sql_rows.update_columns(self.task, COMPLETED)
        task_finished.send(sender=self.flow_class, process=self.process, task=self.task)
        return None

    @Activation.status.super()
    def create_next(self):
        from designer import walking

        process = self.process
        process.completing = None
        walking.after_step(process, self.task)
        pending = (process.data or {}).get("pending") or []
        if not pending:
            if getattr(process, "engine_saves", False) and process.stage in ENDED:
                process.status, process.finished = PROCESS.DONE, now()
                flow_finished.send(sender=self.flow_class, process=process, task=self.task)  # as the End sent it
                return
            yield self.flow_class.end._create(self, self.task.token)
            return
        tokens = Token.split_token_source(self.task.token, self.task.pk)
        for opened in pending[:WIDEST]:
            yield self.flow_task._create(self, next(tokens), data=runtime.step_data(process, opened))


class Step(flow.View):
    activation_class = StepActivation


class FinishActivation(EndActivation):
    """viewflow's end, but inside the engine's action (``engine_saves``, designer.spec) the case finished is left
    to the engine to save with the rest of what the action changed (viewflow saved every column of it here)."""

    @Activation.status.super()
    def activate(self):
        if not getattr(self.process, "engine_saves", False):
            return super().activate.original()
        with self.exception_guard():
            self.task.started = now()
            task_started.send(sender=self.flow_class, process=self.process, task=self.task)
            others = self.flow_class.task_class._default_manager.filter(process=self.process, finished__isnull=True)
            last = not others.exclude(pk=self.task.pk).exists()
            if last:
                self.process.status, self.process.finished = PROCESS.DONE, now()
            task_finished.send(sender=self.flow_class, process=self.process, task=self.task)
            if last:
                flow_finished.send(sender=self.flow_class, process=self.process, task=self.task)
        return None


class Finish(flow.End):
    activation_class = FinishActivation


def _branches(node: Opens) -> Opens:
    for place in range(WIDEST):
        node = node.Next(this.act, case=runtime.opens(place))
    return node.Next(this.end, case=runtime.opens_none)


class DesignedFlow(flow.Flow):
    process_class = DesignedCase
    lock_impl = case_lock  # viewflow's row lock, skipped inside the engine's own (workflows/locking.py)

    start = flow.StartHandle(started).Next(this.fan)
    # A human step as workflows.kit.flows.step makes one (its view never routed: the engine completes it).
    act = (
        Step(flow_views.UpdateProcessView.as_view(fields=[]))
        .Annotation(title=_("Designed step"))
        .onCreate(runtime.seat)
        .Next(this.walk)
    )
    walk = _branches(Walk(runtime.advance))
    fan = _branches(Opens())
    advance = flow.Function(runtime.advance).Next(this.fan)  # before ``walk``: steps of earlier cases name it
    end = Finish()
