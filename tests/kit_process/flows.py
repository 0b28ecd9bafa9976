from viewflow import this
from viewflow.workflow import flow, lock

from tests.kit_process.models import Leave, Stage
from workflows.kit.flows import started, step


class LeaveFlow(flow.Flow):
    """draft (the teacher) → review (a lead of the school) → approved | rejected."""

    process_class = Leave
    lock_impl = lock.select_for_update_lock

    start = flow.StartHandle(started).Next(this.draft)
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
