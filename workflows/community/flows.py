"""Process B (DOMAIN §3.2) as a viewflow flow: nodes and wiring only.

draft ─┬─ help project: agreement (会签: a lead of the core school, then one of the member school) ─┐
       └─ feature plan: consultation (the core school records its opinion) ───────────────────────┴─ submit
submit → review (或签 of the bureau's reviewers) → filed | back to draft (returned, withdrawn, declined)

Steps decided by several people open an approval (workflows.approvals); the others carry the permission
and the school it must be held on, so the inbox offers them to that school's leads. Stepwise's pages and
API complete the steps through the kit's engine (workflows.kit.engine); viewflow's generic views are never mounted.
"""

from operator import attrgetter

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from workflows.community.models import Application, Kind
from workflows.kit.flows import approved, approvers_asked, started, step

SUBMIT = "accounts.submit_school_applications"


class CommunityFlow(flow.Flow):
    """教育共同体帮扶项目 / 特色发展申报"""

    process_class = Application
    lock_impl = lock.select_for_update_lock
    return_targets = {"review": ["draft"], "agreement": ["draft"]}
    withdraw_to = "draft"

    start = flow.StartHandle(started).Next(this.draft)
    draft = step(_("Prepare the application")).Permission(SUBMIT, obj=attrgetter("owner_school")).Next(this.by_kind)
    by_kind = (
        flow.Switch()
        .Case(this.agreement, lambda activation: activation.process.kind == Kind.HELP_PROJECT)
        .Default(this.consultation)
    )
    agreement = step(_("Confirm the help project (both schools)")).onCreate(approvers_asked).Next(this.agreed)
    agreed = flow.If(approved).Then(this.submit).Else(this.draft)
    consultation = (
        step(_("Core school's opinion on the feature plan"))
        .Permission(SUBMIT, obj=attrgetter("core_school"))
        .Next(this.submit)
    )
    submit = step(_("Submit to the bureau")).Permission(SUBMIT, obj=attrgetter("owner_school")).Next(this.review)
    review = step(_("Bureau review and filing")).onCreate(approvers_asked).Next(this.reviewed)
    reviewed = flow.If(approved).Then(this.filed).Else(this.draft)
    filed = flow.End()
