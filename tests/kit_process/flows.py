from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow import views as flow_views

from tests.kit_process.models import Leave, Stage


def step(title):
    return flow.View(flow_views.UpdateProcessView.as_view(fields=[])).Annotation(title=title)


class LeaveFlow(flow.Flow):
    """draft (the teacher) → review (a lead of the school) → approved | rejected."""

    process_class = Leave
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(this.begin).Next(this.draft)
    draft = step("Ask for leave").Assign(lambda activation: activation.process.initiator).Next(this.review)
    review = (
        step("Decide on the leave")
        .Permission("accounts.submit_school_applications", obj=lambda process: process.school)
        .Next(this.decided)
    )
    decided = (
        flow.If(lambda activation: activation.process.stage == Stage.APPROVED).Then(this.approved).Else(this.rejected)
    )
    approved = flow.End()
    rejected = flow.End()

    def begin(self, activation, **fields):
        for name, value in fields.items():
            setattr(activation.process, name, value)
        return activation.process
