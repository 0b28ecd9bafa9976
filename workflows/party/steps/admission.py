"""Stage 4: admission as probationary member (steps 12–18)."""

import datetime

from django.utils.translation import gettext_lazy as _

from accounts.models import PartyStanding, User
from core.exceptions import ApplicationError
from workflows.business_days import add_working_days
from workflows.party import timing
from workflows.party.actions import action, at, identities
from workflows.party.inputs import (
    ApprovalInput,
    FilingInput,
    FormInput,
    InterviewInput,
    PreReviewInput,
    PublicityInput,
    ReviewInput,
    VoteInput,
)
from workflows.party.members import approval_committee, branch_voters, committee_voters
from workflows.party.models import CaseStatus, Identity, MeetingKind
from workflows.party.steps.common import collective_decision, not_before, vote

DEV_OBJECT = identities(Identity.DEV_OBJECT)


def _political_review_passed(ctx) -> None:
    if not ctx.case.political_review_passed:
        raise ApplicationError(
            "political_review_missing", _("Without a passed political review the person cannot be admitted.")
        )


@action(
    code="branch_committee_review",
    label=_("Branch committee review"),
    step=12,
    perm="decide_branch",
    node="branch_committee_review",
    when=at(DEV_OBJECT),
    input=ReviewInput,
    options={"collective": True},
)
def branch_committee_review(ctx):
    case = ctx.case
    _political_review_passed(ctx)
    for day, what in ((case.political_review_date, _("the political review")), (case.training_date, _("the training"))):
        not_before(ctx, day, what)
    meeting, attendance = collective_decision(ctx)
    ctx.record = {"meeting_id": meeting.pk, "opinion": ctx.data["opinion"], **attendance}
    case.committee_review_date = ctx.date


@action(
    code="pre_review",
    label=_("Committee pre-review"),
    step=13,
    perm="approve_party",
    node="pre_review",
    when=at(DEV_OBJECT),
    input=PreReviewInput,
    where="committee",
)
def pre_review(ctx):
    case = ctx.case
    not_before(ctx, case.committee_review_date, _("the branch committee review"))
    leaving = ctx.data["expected_departure_date"]
    months = ctx.book["leaving_block_months"]
    if leaving is not None and leaving < timing.months(ctx.book, ctx.date, months):
        ctx.block(
            "leaving_within_three_months",
            _("Someone leaving the unit within %(n)d months is normally not admitted.") % {"n": months},
            overridable=True,
        )
    case.expected_departure_date = leaving
    case.pre_review_date = ctx.date


@action(
    code="record_publicity",
    label=_("Record the public notice (公示)"),
    perm="handle_party_work",
    when=at(DEV_OBJECT),
    input=PublicityInput,
    options={"needs_rule": "publicity_working_days"},
)
def record_publicity(ctx):
    """A local rule (§2.10): a notice of N working days before admission, on the PRC holiday calendar."""
    days = ctx.book["publicity_working_days"]
    if not days:
        raise ApplicationError("publicity_not_required", _("The case's rule set requires no public notice."))
    not_before(ctx, ctx.case.pre_review_date, _("the committee's pre-review"))
    end = add_working_days(ctx.date - datetime.timedelta(days=1), days)  # the first day counts
    ctx.case.publicity_start, ctx.case.publicity_end = ctx.date, end.date
    ctx.case.publicity_provisional = end.provisional
    ctx.deadlines.append({"kind": "publicity_end", "due": end.date.isoformat(), "provisional": end.provisional})


def _publicity_done(ctx) -> None:
    if ctx.book["publicity_working_days"] and (ctx.case.publicity_end is None or ctx.case.publicity_end >= ctx.date):
        raise ApplicationError(
            "publicity_incomplete", _("The public notice must have run its full period before the meeting.")
        )


@action(
    code="fill_form",
    label=_("Fill in the membership form"),
    step=14,
    perm="handle_party_work",
    node="fill_form",
    when=at(DEV_OBJECT),
    input=FormInput,
    subject_may=True,
    not_ready="form_before_pre_review",
)
def fill_form(ctx):
    case = ctx.case
    if case.pre_review_date is None or ctx.date < case.pre_review_date:
        raise ApplicationError(
            "form_before_pre_review", _("The membership form is issued only after the committee's pre-review.")
        )
    case.form_number = ctx.data["form_number"]
    case.form_date = ctx.date


@action(
    code="record_admission_vote",
    label=_("Record the branch general meeting's vote"),
    step=15,
    perm="decide_branch",
    node="record_admission_vote",
    when=at(DEV_OBJECT),
    input=VoteInput,
    options={"collective": True},
    not_ready=lambda case: "political_review_missing" if not case.political_review_passed else "form_missing",
)
def record_admission_vote(ctx):
    case = ctx.case
    _political_review_passed(ctx)
    _publicity_done(ctx)
    not_before(ctx, case.form_date, _("the membership form"))
    decision = vote(
        ctx,
        kind=MeetingKind.BRANCH_ASSEMBLY,
        organisation=case.branch,
        voters=branch_voters(case.branch, ctx.date),
        purpose="admission",
        min_full=ctx.book["branch_min_full_members"],
    )
    case.admission_meeting_date = ctx.date
    if not decision.passed:
        case.case_status = CaseStatus.NOT_ADMITTED
        return
    reported = ctx.data["reported_date"]
    if reported is not None and reported < ctx.date:
        raise ApplicationError("date_order", _("The report cannot reach the committee before the meeting."))
    case.reported_date = reported or ctx.date
    case.reported_date_provisional = reported is None  # 暂算: the meeting date stands in until the receipt is known
    ctx.deadlines.append(timing.approval_window(ctx.book, case.reported_date, reported is None).as_record())


@action(
    code="parent_interview",
    label=_("Committee interview"),
    step=16,
    perm="interview_party",
    node="parent_interview",
    when=at(DEV_OBJECT),
    input=InterviewInput,
    where="committee",
)
def parent_interview(ctx):
    not_before(ctx, ctx.case.admission_meeting_date, _("the branch general meeting"))
    ctx.case.interview_date = ctx.date


def approval_window_check(ctx, anchor, provisional=False) -> None:
    """Within 3 months; later needs a special-case reason; past 6 months only a documented correction."""
    window = timing.approval_window(ctx.book, anchor, provisional)
    ctx.deadlines.append(window.as_record(done_on=ctx.date))
    if ctx.date > window.hard:
        # Past the hard limit only a documented correction by a system administrator is accepted.
        if not (ctx.actor.is_superuser and ctx.override_requested and ctx.reason.strip()):
            raise ApplicationError(
                "approval_window_exceeded",
                _("Approval is due within %(n)d months of the report (by %(day)s).")
                % {"n": ctx.book["approval_hard_months"], "day": window.hard.isoformat()},
            )
        ctx.overrides.append("approval_window_exceeded")
    elif ctx.date > window.due:
        ctx.warn("approval_overdue")


def committee_vote(ctx, purpose: str):
    committee = approval_committee(ctx.case.branch)
    return vote(
        ctx,
        kind=MeetingKind.PARENT_COMMITTEE,
        organisation=committee,
        voters=committee_voters(committee, ctx.date),
        purpose=purpose,
        min_full=1,
    )


@action(
    code="parent_approve",
    label=_("Committee approval"),
    step=17,
    perm="approve_party",
    node="parent_approve",
    when=at(DEV_OBJECT),
    input=ApprovalInput,
    where="committee",
    options={"collective": True},
    not_ready="interview_missing",
)
def parent_approve(ctx):
    case = ctx.case
    not_before(ctx, case.admission_meeting_date, _("the branch general meeting"))
    not_before(ctx, case.interview_date, _("the interview"))
    approval_window_check(ctx, case.reported_date, case.reported_date_provisional)
    decision = committee_vote(ctx, "admission_approval")
    case.approval_date = ctx.date
    if not (decision.passed and ctx.data["approved"]):
        case.case_status = CaseStatus.NOT_ADMITTED
        return
    case.identity = Identity.PROBATIONARY
    case.probation_start = case.admission_meeting_date
    case.probation_end = timing.probation_end(ctx.book, case.probation_start)
    ctx.record["probation"] = [case.probation_start.isoformat(), case.probation_end.isoformat()]
    User.objects.filter(pk=case.person_id).update(
        party_standing=PartyStanding.PROBATIONARY, party_standing_since=case.probation_start
    )


@action(
    code="file_with_grandparent",
    label=_("File with the higher organisation department"),
    step=18,
    perm="file_party_records",
    node="file_with_grandparent",
    when=at(identities(Identity.PROBATIONARY)),
    input=FilingInput,
)
def file_with_grandparent(ctx):
    not_before(ctx, ctx.case.approval_date, _("the approval"))
