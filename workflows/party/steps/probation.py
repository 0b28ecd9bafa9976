"""Stage 5: probation, full membership, extension, disqualification and archive (steps 19–25)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, OrganisationKind, PartyStanding, User
from core.exceptions import ApplicationError
from forms.access import own_attachments_only
from forms.models import Attachment
from workflows.business_days import add_months
from workflows.party.actions import PROBATION_OPEN, action, at, identities
from workflows.party.flows import PartyFlow
from workflows.party.inputs import (
    ActionInput,
    ApprovalInput,
    ArchiveInput,
    AssessmentInput,
    DisqualificationVoteInput,
    ExtensionVoteInput,
    GroupInput,
    ReportInput,
    VoteInput,
)
from workflows.party.members import branch_voters
from workflows.party.models import CaseStatus, Identity, MeetingKind
from workflows.party.steps.admission import approval_window_check, committee_vote
from workflows.party.steps.common import not_before, vote

PROBATIONARY = identities(Identity.PROBATIONARY)
# The branch general meeting on probation (step 23) and the committee's decision on it (step 24).
BRANCH_ON_PROBATION = {
    "step": 23,
    "perm": "decide_branch",
    "node": "probation_vote",
    "when": at(PROBATIONARY, PROBATION_OPEN),
    "options": {"collective": True},
}
COMMITTEE_ON_PROBATION = {
    "step": 24,
    "perm": "approve_party",
    "node": "probation_approval",
    "when": at(PROBATIONARY, PROBATION_OPEN),
    "input": ApprovalInput,
    "where": "committee",
    "options": {"collective": True},
}


def current_probation_end(case):
    return case.extension_end or case.probation_end


@action(
    code="assign_group",
    label=_("Assign to branch and party group"),
    step=19,
    perm="decide_branch",
    node="assign_group",
    when=at(PROBATIONARY),
    input=GroupInput,
)
def assign_group(ctx):
    not_before(ctx, ctx.case.approval_date, _("the approval"))
    group_id = ctx.data["group_id"]
    if (
        group_id is not None
        and not Organisation.objects.filter(
            pk=group_id, kind=OrganisationKind.PARTY_GROUP, path__startswith=ctx.case.branch.path
        ).exists()
    ):
        raise ApplicationError("group_not_in_branch", _("Choose a party group of this branch."))


@action(
    code="oath",
    label=_("Record the oath"),
    step=20,
    perm="handle_party_work",
    node="oath",
    when=at(PROBATIONARY),
    input=ActionInput,
)
def oath(ctx):
    case = ctx.case
    not_before(ctx, case.approval_date, _("the approval"))
    within = ctx.book["oath_within_months"]
    if within and ctx.date > add_months(case.approval_date, within):
        ctx.warn("oath_overdue")
    case.oath_date = ctx.date


@action(
    code="record_probation_assessment",
    label=_("Record a probation assessment"),
    step=21,
    perm="handle_party_work",
    when=at(PROBATIONARY, PROBATION_OPEN),
    input=AssessmentInput,
)
def record_probation_assessment(ctx):
    not_before(ctx, ctx.case.probation_start, _("the start of probation"))
    ctx.attachments = ctx.data["attachment_ids"]


@action(
    code="apply_full_membership",
    label=_("Apply for full membership"),
    step=22,
    perm="handle_party_work",
    node="apply_full_membership",
    when=at(PROBATIONARY, PROBATION_OPEN),
    input=ReportInput,
    subject_may=True,
)
def apply_full_membership(ctx):
    not_before(ctx, ctx.case.probation_start, _("the start of probation"))
    ctx.case.full_application_date = ctx.date
    ctx.attachments = ctx.data["attachment_ids"]


def _probation_meeting(ctx, purpose: str, outcome: str, *, after_end: bool) -> bool:
    case = ctx.case
    if after_end and ctx.date < current_probation_end(case):
        raise ApplicationError(
            "probation_not_ended",
            _("The meeting cannot be held before probation ends (%(day)s).")
            % {"day": current_probation_end(case).isoformat()},
        )
    decision = vote(
        ctx,
        kind=MeetingKind.BRANCH_ASSEMBLY,
        organisation=case.branch,
        voters=branch_voters(case.branch, ctx.date),
        purpose=purpose,
        min_full=ctx.book["branch_min_full_members"],
    )
    if not decision.passed:
        ctx.complete_task = False  # the branch must meet again; the step stays open
        return False
    case.full_meeting_date = ctx.date
    case.pending_outcome = outcome
    case.reported_date = ctx.data["reported_date"] or ctx.date
    case.reported_date_provisional = ctx.data["reported_date"] is None
    return True


@action(
    code="record_full_membership_vote",
    label=_("Vote on full membership"),
    input=VoteInput,
    **BRANCH_ON_PROBATION,
)
def record_full_membership_vote(ctx):
    _probation_meeting(ctx, "full_membership", "full", after_end=True)


@action(
    code="record_extension_vote",
    label=_("Vote on extending probation"),
    input=ExtensionVoteInput,
    **BRANCH_ON_PROBATION,
)
def record_extension_vote(ctx):
    case = ctx.case
    if case.extension_count >= ctx.book["extension_max_count"]:
        raise ApplicationError(
            "extension_already_used",
            _("Probation can be extended only once; the choice now is full membership or disqualification."),
        )
    low, high = ctx.book["extension_min_months"], ctx.book["extension_max_months"]
    if not low <= ctx.data["months"] <= high:
        raise ApplicationError(
            "extension_length", _("An extension lasts from %(a)d to %(b)d months.") % {"a": low, "b": high}
        )
    if _probation_meeting(ctx, "extension", "extend", after_end=True):
        case.extension_months = ctx.data["months"]


@action(
    code="record_disqualification_vote",
    label=_("Vote on cancelling probationary membership"),
    input=DisqualificationVoteInput,
    **(BRANCH_ON_PROBATION | {"node": None}),  # possible at any time during probation
)
def record_disqualification_vote(ctx):
    not_before(ctx, ctx.case.probation_start, _("the start of probation"))
    if ctx.case.pending_outcome:
        raise ApplicationError("outcome_pending", _("Another branch decision is waiting for the committee."))
    _probation_meeting(ctx, "disqualification", "disqualify", after_end=False)


def _approve(ctx, outcome: str, purpose: str) -> bool:
    case = ctx.case
    if case.pending_outcome != outcome:
        raise ApplicationError("outcome_mismatch", _("The branch voted on a different outcome."))
    not_before(ctx, case.full_meeting_date, _("the branch general meeting"))
    approval_window_check(ctx, case.reported_date, case.reported_date_provisional)
    decision = committee_vote(ctx, purpose)
    case.pending_outcome = ""
    return decision.passed and ctx.data["approved"]


@action(
    code="parent_approve_full",
    label=_("Approve full membership"),
    **COMMITTEE_ON_PROBATION,
)
def parent_approve_full(ctx):
    case = ctx.case
    if not _approve(ctx, "full", "full_membership_approval"):
        raise ApplicationError("not_approved", _("Record a refusal as an extension or a disqualification."))
    # Full membership starts when probation ends (on time) or when the extension ends, whatever date was typed.
    start = current_probation_end(case)
    entered = ctx.data["full_membership_date"]
    if entered is not None and entered != start:
        ctx.warn("full_membership_date_corrected", needs_reason=False)
    case.full_membership_date = start
    case.identity = Identity.FULL_MEMBER
    case.case_status = CaseStatus.ACTIVE
    ctx.record["full_membership_date"] = start.isoformat()
    User.objects.filter(pk=case.person_id).update(party_standing=PartyStanding.FULL, party_standing_since=start)


@action(
    code="parent_approve_extension",
    label=_("Approve the extension"),
    **COMMITTEE_ON_PROBATION,
)
def parent_approve_extension(ctx):
    case = ctx.case
    if not _approve(ctx, "extend", "extension_approval"):
        raise ApplicationError("not_approved", _("Record a refusal as full membership or a disqualification."))
    case.extension_end = add_months(case.probation_end, case.extension_months)
    case.extension_count += 1
    case.case_status = CaseStatus.PROBATION_EXTENDED
    ctx.record["extension"] = [case.probation_end.isoformat(), case.extension_end.isoformat()]


@action(
    code="parent_approve_disqualification",
    label=_("Approve cancelling probationary membership"),
    **(COMMITTEE_ON_PROBATION | {"node": None}),
)
def parent_approve_disqualification(ctx):
    case = ctx.case
    if not _approve(ctx, "disqualify", "disqualification_approval"):
        raise ApplicationError("not_approved", _("Record a refusal as full membership or an extension."))
    case.case_status = CaseStatus.DISQUALIFIED
    User.objects.filter(pk=case.person_id).update(party_standing=PartyStanding.NON_MEMBER, party_standing_since=None)
    # Disqualification can come at any time during probation: it ends the flow wherever it stands.
    PartyFlow.instance.cancel(case)


@action(
    code="archive_materials",
    label=_("Archive the materials"),
    step=25,
    perm="handle_party_work",
    node="archive_materials",
    when=at(identities(Identity.FULL_MEMBER)),
    input=ArchiveInput,
)
def archive_materials(ctx):
    case = ctx.case
    not_before(ctx, case.full_membership_date, _("full membership"))
    required = list(ctx.book["archive_mandatory_items"])
    supplied = ctx.data["materials"]
    missing = [item for item in required if item not in supplied]
    if "political_review" in required and not case.political_review_passed:
        missing.append("political_review")
    found = {a.pk: a for a in Attachment.objects.filter(pk__in=supplied.values())}
    own_attachments_only(actor=ctx.actor, data=list(found.values()))
    missing += [item for item, pk in supplied.items() if pk not in found and item not in missing]
    if missing:
        raise ApplicationError(
            "archive_incomplete",
            _("Mandatory archive materials are missing."),
            fields={"materials": sorted(set(missing))},
        )
    ctx.attachments = list(found.values())
    ctx.record = {"materials": {item: found[pk].sha256 for item, pk in supplied.items()}}
    case.archived_date = ctx.date
    case.case_status = CaseStatus.ARCHIVED
