"""The party-development process (DOMAIN §2.3) as a viewflow flow: nodes and wiring only.

Every human step is a View node whose task carries the permission codename and the case's
branch, so the inbox can offer it to the right role in the right organisation. Stepwise's own
pages and API complete the tasks through workflows.party.services; viewflow's generic views
are never mounted (their visibility is flow-wide).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow
from viewflow.workflow.flow import views as flow_views

from accounts.models import Organisation
from workflows.locking import case_lock
from workflows.party.members import approval_committee
from workflows.party.models import CaseStatus, Identity, PartyCase


def _branch(process):
    # viewflow keeps only the permission object's type and key (owner_permission_obj): no need to read the row.
    return Organisation(pk=process.branch_id)


def _approval_committee(process):
    return approval_committee(process.branch)


def _person(activation):
    return activation.process.person


def step(title, perm: str, *, applicant: bool = False, committee: bool = False):
    """A human step. Its task names the permission and the organisation it must be held on (or above):
    the branch, or for committee decisions the committee with approval authority."""
    # view: viewflow requires one; it is never routed (see module docstring).
    node = flow.View(flow_views.UpdateProcessView.as_view(fields=[])).Annotation(title=title)
    node.Permission(f"accounts.{perm}", obj=_approval_committee if committee else _branch)
    if applicant:
        node.Assign(_person)
    return node


class PartyFlow(flow.Flow):
    """发展党员"""

    process_class = PartyCase
    lock_impl = case_lock  # viewflow's row lock, skipped inside the engine's own (workflows/locking.py)

    start = flow.StartHandle(this.start_case).Next(this.record_talk)
    record_talk = step(_("Talk with the applicant"), "handle_party_work").Next(this.designate_activist)
    designate_activist = step(_("Designate as activist"), "decide_branch").Next(this.file_activist)
    file_activist = step(_("File the activist with the committee"), "handle_party_work").Next(this.appoint_trainers)
    appoint_trainers = step(_("Appoint trainers"), "decide_branch").Next(this.designate_dev_object)
    designate_dev_object = step(_("Designate as development target"), "decide_branch").Next(this.file_dev_object)
    file_dev_object = step(_("File the development target"), "handle_party_work").Next(this.dev_split)
    dev_split = (
        flow.Split().Always(this.set_introducers).Always(this.complete_political_review).Always(this.complete_training)
    )
    set_introducers = step(_("Determine introducers"), "decide_branch").Next(this.dev_join)
    complete_political_review = step(_("Political review"), "read_political_review").Next(this.dev_join)
    complete_training = step(_("Centralised training"), "handle_party_work").Next(this.dev_join)
    dev_join = flow.Join().Next(this.branch_committee_review)
    branch_committee_review = step(_("Branch committee review"), "decide_branch").Next(this.pre_review)
    pre_review = step(_("Committee pre-review"), "approve_party", committee=True).Next(this.fill_form)
    fill_form = step(_("Fill in the membership form"), "handle_party_work", applicant=True).Next(
        this.record_admission_vote
    )
    record_admission_vote = step(_("Branch general meeting on admission"), "decide_branch").Next(
        this.admitted_by_branch
    )
    admitted_by_branch = flow.If(this.is_still_open).Then(this.parent_interview).Else(this.not_admitted)
    parent_interview = step(_("Committee interview"), "interview_party", committee=True).Next(this.parent_approve)
    parent_approve = step(_("Committee approval"), "approve_party", committee=True).Next(this.approved_by_committee)
    approved_by_committee = flow.If(this.is_still_open).Then(this.probation_split).Else(this.not_admitted)
    probation_split = flow.Split().Always(this.file_with_grandparent).Always(this.assign_group)
    file_with_grandparent = step(_("File with the higher organisation department"), "file_party_records").Next(
        this.probation_join
    )
    assign_group = step(_("Assign to branch and party group"), "decide_branch").Next(this.oath)
    oath = step(_("Oath"), "handle_party_work").Next(this.probation_join)
    probation_join = flow.Join().Next(this.apply_full_membership)
    apply_full_membership = step(_("Apply for full membership"), "handle_party_work", applicant=True).Next(
        this.probation_vote
    )
    probation_vote = step(_("Branch general meeting on probation"), "decide_branch").Next(this.probation_approval)
    probation_approval = step(_("Committee decision on probation"), "approve_party", committee=True).Next(
        this.probation_outcome
    )
    probation_outcome = flow.If(this.became_full_member).Then(this.archive_materials).Else(this.apply_full_membership)
    archive_materials = step(_("Archive the materials"), "handle_party_work").Next(this.end)
    end = flow.End()
    not_admitted = flow.End()

    def start_case(self, activation, **fields):
        """StartHandle body: fill the new case row; viewflow saves it when the start task completes."""
        for name, value in fields.items():
            setattr(activation.process, name, value)
        return activation.process

    def is_still_open(self, activation) -> bool:
        return activation.process.case_status == CaseStatus.ACTIVE

    def became_full_member(self, activation) -> bool:
        return activation.process.identity == Identity.FULL_MEMBER
