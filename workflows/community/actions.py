"""The actions of Process B (DOMAIN §3.3) and the bad inputs they refuse or flag (§3.6 B1–B7): a new application,
each version of its form, who decides the steps several people decide, the start-of-year deadline.

Each handler runs inside the kit's engine (workflows.kit.engine), after the right and the state were checked; it
applies the step's rules and sets the application's new status; the engine completes the step's task (an approval
step's task completes when its approval ends).
"""

import datetime
from functools import partial

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import CommunityType
from accounts.roles import REVIEW_COMMUNITY, SUBMIT_SCHOOL_APPLICATIONS
from core.exceptions import ApplicationError, ConflictError
from core.school_year import school_year_date
from workflows.community.inputs import PLAN, ConsultationInput, CreateInput, EditInput, FileInput
from workflows.community.models import EDITABLE, Application, Consultation, Kind, SchoolYearSetting, Status
from workflows.kit import versions
from workflows.kit.actions import Action, Catalogue, Context, one_case_per
from workflows.kit.approvers import any_of, one_of_each
from workflows.kit.inputs import NoteInput, ReasonInput
from workflows.kit.models import submitted
from workflows.models import Approval
from workflows.schools import pair_core_school

HELP = frozenset({Kind.HELP_PROJECT})
FEATURE = frozenset({Kind.FEATURE})
BOTH = HELP | FEATURE
# The application's form (附件3 or the feature form) and its implementation plan, in versions: an edit is a new
# version superseding the last, what differs recorded with it.
VERSIONS = versions.FormVersions(
    by="kind",
    forms={Kind.HELP_PROJECT: "community_help_project", Kind.FEATURE: "community_feature"},
    attachment="plan",
    attachment_label=PLAN,
)
ACTIONS = Catalogue()


def at(stages, kinds=BOTH):
    """The state guard: the application's stage and kind."""
    return lambda application: application.stage in stages and application.kind in kinds


# Whose actions: the owning school's leads (core school: help project; member school: feature plan), the leads of
# the pair confirming a help project (会签), the core school's, the bureau's reviewers filing a submission.
owner = partial(ACTIONS.action, perm=SUBMIT_SCHOOL_APPLICATIONS, where="owner")
pair = partial(ACTIONS.action, perm=SUBMIT_SCHOOL_APPLICATIONS, where="pair", node="agreement")
core = partial(ACTIONS.action, perm=SUBMIT_SCHOOL_APPLICATIONS, where="core")
bureau = partial(ACTIONS.action, perm=REVIEW_COMMUNITY, where="bureau", when=at({Status.SUBMITTED}), node="review")


# Who decides the steps several people decide (ProcessType.approvers): one lead of each school confirms a help
# project (会签 of the two schools, core school first), any one of the bureau's reviewers files it (或签) — never
# its submitter.
APPROVERS = {
    "agreement": one_of_each(SUBMIT_SCHOOL_APPLICATIONS, "core_school", "member_school"),
    "review": any_of(REVIEW_COMMUNITY, "community", above=True, but="submitted_by"),
}


def application_deadline(school_year: int) -> datetime.date:
    """The start-of-year (学年初) deadline: the bureau's for that school year (SchoolYearSetting), else the
    deployment's month and day (settings.COMMUNITY_APPLICATION_DEADLINE, "MM-DD"); the seed gives no date."""
    configured = SchoolYearSetting.objects.filter(school_year=school_year).first()
    if configured is not None:
        return configured.application_deadline
    month, day = (int(part) for part in settings.COMMUNITY_APPLICATION_DEADLINE.split("-"))
    return school_year_date(school_year, month, day)


def require_complete(application: Application):
    """B3: the form (附件3 / 特色发展申报表) and the implementation plan must both be there."""
    return versions.complete(application, VERSIONS, _("Attach the implementation plan (工作实施方案)."))


# One application of each kind per pair of schools and school year (DOMAIN §3.3), the pair's rows locked.
PAIR_YEAR = ("community", "member_school", "school_year", "kind")
_one_per_pair = one_case_per(PAIR_YEAR, "application_exists", _("This pair already has this application for the year."))


def create(ctx: Context) -> None:
    """A pair of the community's schools starts an application, owned by the core school (a help project) or the
    member school (a feature plan); B7: a school paired in another community this school year is flagged."""
    data, application = ctx.data, ctx.case
    community, member = data["community"], data["member_school"]
    core = pair_core_school(ctx.actor, community, member)
    application.kind, application.school_year, application.title = data["kind"], data["school_year"], data["title"]
    application.community, application.core_school, application.member_school = community, core, member
    # B7: the school was paired in another community this year (an application there from before it moved).
    elsewhere = Application.objects.filter(member_school=member, school_year=data["school_year"])
    if elsewhere.exclude(community=community).exists():
        ctx.warnings.append("member_in_two_communities")
    ctx.saved()  # the owner school's right, one per pair and year; the flow starts: ctx.case is the new case
    ctx.record = {name: data[name] for name in ("kind", "school_year", "title")} | {"member_school": member.pk}
    if data.get("form") is not None:
        versions.add(ctx, VERSIONS)


START = Action(
    code="create",
    label=_("New community application"),
    input=CreateInput,
    handler=create,
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="owner",
    guard=_one_per_pair,
)


def _before_submission(application: Application) -> str:
    """What a premature submit lacks: both schools' agreement (B2) or the core school's opinion (B1)."""
    return "joint_agreement_missing" if application.kind == Kind.HELP_PROJECT else "consultation_missing"


def _slot_school(ctx: Context) -> dict:
    """Which school the confirming lead spoke for (the group of their slot: 0 core, 1 member)."""
    slot = ctx.approval.decided_slot
    school = ctx.case.core_school if slot.position == 0 else ctx.case.member_school
    return {"school": school.pk, "school_name": school.name, "approver": slot.user_id}


@owner(
    code="edit",
    label=_("Edit the application"),
    when=at(EDITABLE),
    input=EditInput,
    not_ready=lambda application: "application_locked",
)
def edit(ctx: Context) -> None:
    version = versions.add(ctx, VERSIONS)
    ctx.case.title = ctx.data.get("title", ctx.case.title)
    ctx.record["changes"] = version.changes


@owner(
    code="request_consultation",
    label=_("Ask the core school for its opinion"),
    when=at(EDITABLE, FEATURE),
    node="draft",
    input=NoteInput,
)
@owner(
    code="send_for_agreement",
    label=_("Send to both schools for confirmation"),
    when=at(EDITABLE, HELP),
    node="draft",
    input=NoteInput,
)
def send(ctx: Context) -> None:
    """The draft goes to both schools to confirm (a help project) or to the core school for its opinion (a feature
    plan)."""
    version = require_complete(ctx.case)
    helping = ctx.case.kind == Kind.HELP_PROJECT
    ctx.case.stage = Status.AWAITING_AGREEMENT if helping else Status.AWAITING_CONSULTATION
    ctx.case.return_reason = ""
    ctx.record = {"version": version.number}


@pair(
    code="confirm",
    label=_("Confirm the help project"),
    when=at({Status.AWAITING_AGREEMENT}, HELP),
    decision="approve",
    input=NoteInput,
    bulk=True,  # confirming a help project needs no input: 批量同意 from the inbox
)
def confirm(ctx: Context) -> None:
    """The lead's 同意 for their school; the help project is agreed when both schools' leads confirmed."""
    ctx.record = {"confirmed_for": _slot_school(ctx)}
    ctx.attachments, ctx.comment = ctx.data["attachment_ids"], ctx.data["comment"]
    if ctx.approval.status == Approval.Status.APPROVED:
        ctx.case.stage = Status.JOINT_AGREED


@pair(
    code="decline",
    label=_("Send the help project back to the draft"),
    when=at({Status.AWAITING_AGREEMENT}, HELP),
    decision="reject",
    decisions=("reject", "return"),
    input=ReasonInput,
)
def decline(ctx: Context) -> None:
    """One school's lead declines (a reason is required): the help project goes back to the draft."""
    ctx.record = {"declined_for": _slot_school(ctx)}
    ctx.case.stage, ctx.case.return_reason = Status.DRAFT, ctx.reason


@core(
    code="record_consultation",
    label=_("Record the core school's opinion"),
    when=at({Status.AWAITING_CONSULTATION}, FEATURE),
    node="consultation",
    input=ConsultationInput,
)
def record_consultation(ctx: Context) -> None:
    data = ctx.data
    version = require_complete(ctx.case)
    consultation = Consultation.objects.create(
        application=ctx.case,
        opinion=data["opinion"],
        date=data["date"],
        attachment=data.get("attachment_id"),
        given_by=ctx.actor,
        on_version=version.number,
    )
    ctx.business_date, ctx.comment = data["date"], data["opinion"]
    ctx.attachments = [consultation.attachment] if consultation.attachment else []
    ctx.record = {"consultation": consultation.pk, "on_version": version.number, "opinion": data["opinion"]}
    ctx.case.stage = Status.CORE_CONSULTED


def _collaboration_feature(ctx: Context) -> None:
    """B4: a 协作型 community's feature plan follows the deployment's setting."""
    application = ctx.case
    if application.kind != Kind.FEATURE or application.community.community_type != CommunityType.COLLABORATION:
        return
    policy = settings.COMMUNITY_COLLABORATION_FEATURES
    if policy == "refuse":
        raise ApplicationError(
            "feature_not_assessed", _("Feature plans of collaboration (协作型) communities are not accepted.")
        )
    if policy == "warn":
        application.assessed = False
        ctx.warnings.append("not_scored")


@owner(
    code="submit",
    label=_("Submit to the bureau"),
    when=at({Status.JOINT_AGREED, Status.CORE_CONSULTED}),
    node="submit",
    input=NoteInput,
    not_ready=_before_submission,
)
def submit(ctx: Context) -> None:
    application = ctx.case
    version = require_complete(application)
    if application.kind == Kind.FEATURE:
        consultation = application.consultations.order_by("-pk").first()
        if consultation is None:
            raise ApplicationError("consultation_missing", _("The core school's opinion is not recorded."))
        consultation.acknowledged_by = ctx.actor
        consultation.save(update_fields=["acknowledged_by"])
    _collaboration_feature(ctx)
    submitted(application, ctx, deadline=application_deadline(application.school_year))
    if application.late:
        ctx.warnings.append("late_submission")
    application.stage = Status.SUBMITTED
    ctx.comment, ctx.attachments = ctx.data["comment"], ctx.data["attachment_ids"]
    ctx.record = {"version": version.number, "deadline": application.deadline, "late": application.late}
    # The bureau's review opens when the engine completes the step: it reads who submitted (and leaves them out).


@owner(
    code="withdraw",
    label=_("Withdraw the submission"),
    when=at({Status.SUBMITTED}),
    node="review",
    decision="withdraw",  # any lead of the owner school, while no reviewer has decided
    input=ReasonInput,
)
def withdraw(ctx: Context) -> None:
    ctx.case.stage = Status.WITHDRAWN


def _reviewer(ctx: Context) -> None:
    """Whoever submitted does not review it (not even standing in for a reviewer)."""
    if ctx.actor.pk == ctx.case.submitted_by_id:
        raise ApplicationError("reviewer_is_submitter", _("The person who submitted cannot review it."))


def _filing(ctx: Context) -> None:
    """The filing date lies between the submission and today; a filing number is used once."""
    _reviewer(ctx)
    data, application = ctx.data, ctx.case
    number = data["filing_number"].strip()
    if data["filing_date"] > ctx.today or data["filing_date"] < application.submitted_on:
        raise ApplicationError(
            "filing_date_invalid",
            _("The filing date must lie between the submission and today."),
            fields={"filing_date": [str(data["filing_date"])]},
        )
    if Application.objects.filter(filing_number=number).exclude(pk=application.pk).exists():
        raise ConflictError("filing_number_taken", _("This filing number is already used."))


@bureau(code="file", label=_("File (审核备案)"), decision="approve", check=_filing, input=FileInput)
def file(ctx: Context) -> None:
    data, application = ctx.data, ctx.case
    number = data["filing_number"].strip()
    application.filing_number, application.filing_date = number, data["filing_date"]
    application.stage = Status.FILED
    ctx.business_date, ctx.comment = data["filing_date"], data["comment"]
    ctx.record = {"filing_number": number, "filing_date": data["filing_date"]}


def _returning(ctx: Context) -> None:
    """A return gives the reviewer's reasons for revision."""
    _reviewer(ctx)
    if not ctx.reason.strip():
        raise ApplicationError(
            "return_reason_required", _("Give the reasons for returning it."), fields={"reason": [str(_("Required."))]}
        )


@bureau(
    code="return",
    label=_("Return for revision"),
    decision="return",
    return_to="draft",
    decisions=("reject", "return"),
    check=_returning,
    input=ReasonInput,
)
def return_for_revision(ctx: Context) -> None:
    ctx.reason = ctx.reason.strip()
    ctx.case.stage, ctx.case.return_reason = Status.RETURNED, ctx.reason
