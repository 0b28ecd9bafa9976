"""Start → approve (one person, assigned when the case starts) → end, as in viewflow's hello-world sample."""

from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow import views as flow_views

from bench.baseline.models import ApprovalProcess


class ApprovalFlow(flow.Flow):
    process_class = ApprovalProcess
    lock_impl = lock.select_for_update_lock  # as Stepwise's flows, and as viewflow recommends on PostgreSQL

    start = flow.StartHandle(this.start_process).Next(this.approve)
    approve = flow.View(flow_views.UpdateProcessView.as_view(fields=[])).Assign(this.owner_of).Next(this.end)
    end = flow.End()

    def start_process(self, activation, owner):
        activation.process.data = {"owner": owner.pk}
        return activation.process

    def owner_of(self, activation):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=activation.process.data["owner"])
