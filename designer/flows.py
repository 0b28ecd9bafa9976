"""The one flow of every designed process. A designed case's path is data (its version's document), walked by
designer.definition.walk; viewflow holds its open steps: one ``act`` task for each node people must act on now
(parallel branches: several at once), created by ``fan`` after the start and by ``walk`` after each completed step,
once it has moved the walk on (designer.runtime.advance).

``walk`` is one gateway that moves the walk on and opens what follows (one task a completed step, where a
Function node then a Split took two, with their savepoints and links). ``advance`` is the node that did it before:
kept so that the steps of cases that went through it still name a node of the flow; nothing leads to it now."""

from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.nodes.end import EndActivation
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.signals import flow_finished, task_finished, task_started
from viewflow.workflow.status import PROCESS

from designer import runtime
from designer.models import DesignedCase
from workflows.kit.flows import started, step
from workflows.locking import case_lock

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
    act = step(_("Designed step")).onCreate(runtime.seat).Next(this.walk)
    walk = _branches(Walk(runtime.advance))
    fan = _branches(Opens())
    advance = flow.Function(runtime.advance).Next(this.fan)  # before ``walk``: steps of earlier cases name it
    end = Finish()
