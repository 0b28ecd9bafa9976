from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow import views as flow_views

from accounts.models import User
from workflows.approvals import approval_open


def default_organisation():
    from accounts.models import Organisation
    from tests.factories import OrganisationFactory

    found = Organisation.objects.filter(code="APPROVAL-TEST").first()
    return found or OrganisationFactory.create(code="APPROVAL-TEST", name="审批测试局")


class ApprovalTestFlow(flow.Flow):
    """draft → review (several approvers) → approved / rejected, with 退回 and 撤回 back to the draft."""

    lock_impl = lock.select_for_update_lock
    return_targets = {"review": ["draft"]}
    withdraw_to = "draft"

    start = flow.StartHandle(this.begin).Next(this.draft)
    draft = flow.View(flow_views.UpdateProcessView.as_view(fields=[])).Assign(this.initiator).Next(this.review)
    review = flow.View(flow_views.UpdateProcessView.as_view(fields=[])).onCreate(this.open_review).Next(this.route)
    route = (
        flow.Switch()
        .Case(this.approved, lambda activation: activation.process.data["outcome"] == "approved")
        .Case(this.rejected, lambda activation: activation.process.data["outcome"] == "rejected")
        .Default(this.draft)
    )
    approved = flow.End()
    rejected = flow.End()

    def begin(self, activation, *, initiator, approvers, mode, organisation=None, needed=None):
        # Every case event names the case's organisation (issue 15 item 6): one of its own when none is given.
        organisation = organisation or default_organisation()
        activation.process.data = {
            "initiator": initiator.pk,
            "approvers": [u.pk for u in approvers],
            "mode": mode,
            "organisation": organisation.pk,
            "needed": needed,  # mode "ratio": how many must approve
        }
        return activation.process

    def initiator(self, activation):
        return User.objects.get(pk=activation.process.data["initiator"])

    def open_review(self, activation):
        data = activation.process.data
        approvers = sorted(User.objects.filter(pk__in=data["approvers"]), key=lambda u: data["approvers"].index(u.pk))
        approval_open(task=activation.task, approvers=approvers, mode=data["mode"], needed=data.get("needed"))

    @staticmethod
    def case(process):
        """The case is the Process row itself; its initiator and organisation are kept in its data."""
        process.initiator_id = (process.data or {}).get("initiator")
        process.organisation_id = (process.data or {}).get("organisation")
        return process
