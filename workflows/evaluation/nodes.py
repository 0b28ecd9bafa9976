"""The two kinds of node Process C's flow is made of (workflows.evaluation.flows).

An evaluation case runs many tracks side by side (a routine term per school, a project or feature evaluation per
pair), each at its own stage, and the same step (an on-site check…) waits on several of them at once. So its steps
are not opened by fixed edges: after every step the ``OpenSteps`` gateway asks the case which steps it waits for
now (workflows.evaluation.open_steps) and opens each as a task of a ``Step`` node whose data names the part of the
case it acts on; a step the case no longer waits for (another inspector recorded the visit) is cancelled.
"""

from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.base import Edge, Node
from viewflow.workflow.flow import views as flow_views

from accounts.models import Organisation, User


class Step(flow.View):
    """A human step on one part of the case. Its task's data, set by the gateway that opens it, names the part
    (``routine_id``, ``project_id`` or ``correction_id``) and whom the step asks for: the holders of the node's
    permission on an organisation (``org_id``: the school, or the community for the bureau's steps), or the one
    person appointed to it (``user_id``)."""

    def __init__(self, title, permission: str | None = None):
        # view: viewflow requires one; it is never routed (the evaluation pages and the task API complete steps
        # through the kit's engine).
        super().__init__(flow_views.UpdateProcessView.as_view(fields=[]))
        self.Annotation(title=title)
        if permission:
            self.Permission(permission)

    def calc_owner(self, activation):
        user_id = activation.task.data.get("user_id")
        return User.objects.get(pk=user_id) if user_id else None

    def calc_owner_permission(self, activation):
        return super().calc_owner_permission(activation) if activation.task.data.get("org_id") else None

    def calc_owner_permission_obj(self, activation):
        # viewflow keeps only the object's type and key (owner_permission_obj): no need to read the row.
        org_id = activation.task.data.get("org_id")
        return Organisation(pk=org_id) if org_id else None


class OpenStepsActivation(Activation):
    def __init__(self, *args, **kwargs):
        self.next_tasks = []
        super().__init__(*args, **kwargs)

    @Activation.status.super()
    def activate(self):
        """Withdraw the steps the case no longer waits for; note those to open."""
        self.next_tasks = self.flow_task._plan(self)

    @Activation.status.super()
    def create_next(self):
        # Every step keeps the gateway's token: the flow never joins, and a token grown by each pass through a
        # split would outgrow its column within a year's evaluation.
        for node, data in self.next_tasks:
            yield node._create(prev_activation=self, token=self.task.token, data=data)


class OpenSteps(Node):
    """Opens the steps the case waits for now, one task per part of the case (``plan``: activation -> the
    (node, task data) pairs to open, after cancelling the open steps no longer waited for)."""

    activation_class = OpenStepsActivation
    task_type = "PARALLEL_GATEWAY"
    shape = flow.Split.shape
    bpmn_element = "parallelGateway"

    def __init__(self, plan, **kwargs):
        super().__init__(**kwargs)
        self._plan = plan
        self._steps = []

    def Next(self, node):
        """A step this gateway may open (for the diagram and the resolution of ``this``)."""
        self._steps.append(node)
        return self

    def _outgoing(self):
        for node in self._steps:
            yield Edge(src=self, dst=node, edge_class="next")

    def _resolve(self, instance):
        super()._resolve(instance)
        self._steps = [this.resolve(instance, node) for node in self._steps]
        self._plan = this.resolve(instance, self._plan)
