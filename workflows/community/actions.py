"""The actions of Process B (DOMAIN §3.3) and the bad inputs they refuse or flag (§3.6 B1–B6).

Each handler runs inside the kit's engine (workflows.kit.engine.run_action), after the right and the state were
checked; it applies the step's rules and sets the application's new status; the engine completes the step's task
(an approval step's task completes when its approval ends).
"""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import CommunityType
from accounts.roles import REVIEW_COMMUNITY, SUBMIT_SCHOOL_APPLICATIONS
from core.exceptions import ApplicationError, ConflictError
from workflows.approvals import approval_decide, approval_return, approval_withdraw, substitute_note
from workflows.community.deadlines import application_deadline
from workflows.community.inputs import ConsultationInput, EditInput, FileInput, NoteInput, ReasonInput
from workflows.community.models import EDITABLE, Application, Consultation, Kind, Status
from workflows.community.versions import require_complete, version_add
from workflows.kit.actions import Catalogue, Context
from workflows.models import Approval

HELP = frozenset({Kind.HELP_PROJECT})
FEATURE = frozenset({Kind.FEATURE})
BOTH = HELP | FEATURE
ACTIONS = Catalogue()
action = ACTIONS.action


def at(stages, kinds=BOTH):
    """The state guard: the application's stage and kind."""
    return lambda application: application.stage in stages and application.kind in kinds


def _before_submission(application: Application) -> str:
    """What a premature submit lacks: both schools' agreement (B2) or the core school's opinion (B1)."""
    return "joint_agreement_missing" if application.kind == Kind.HELP_PROJECT else "consultation_missing"


def _slot_school(ctx: Context) -> dict:
    """Which school the confirming lead spoke for (the group of their slot: 0 core, 1 member)."""
    approval = Approval.objects.get(task=ctx.task)
    slot = approval.slots.filter(decided_at__isnull=False).order_by("-decided_at").first()
    school = ctx.case.core_school if slot.position == 0 else ctx.case.member_school
    return {"school": school.pk, "school_name": school.name, "approver": slot.user_id}


@action(
    code="edit",
    label=_("Edit the application"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="owner",
    when=at(EDITABLE),
    input=EditInput,
    not_ready=lambda application: "application_locked",
)
def edit(ctx: Context) -> None:
    application = ctx.case
    version = version_add(application=application, actor=ctx.actor, data=ctx.data["form"], plan=ctx.data.get("plan_id"))
    application.title = ctx.data.get("title", application.title)
    ctx.record = {"version": version.number, "form": version.submission.definition.version, "changes": version.changes}
    ctx.attachments = [version.plan] if version.plan else []


def _send(ctx: Context, status: str) -> None:
    version = require_complete(ctx.case)
    ctx.case.return_reason = ""
    ctx.case.stage = status
    ctx.record = {"version": version.number}


@action(
    code="send_for_agreement",
    label=_("Send to both schools for confirmation"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="owner",
    when=at(EDITABLE, HELP),
    node="draft",
    input=NoteInput,
)
def send_for_agreement(ctx: Context) -> None:
    _send(ctx, Status.AWAITING_AGREEMENT)


@action(
    code="request_consultation",
    label=_("Ask the core school for its opinion"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="owner",
    when=at(EDITABLE, FEATURE),
    node="draft",
    input=NoteInput,
)
def request_consultation(ctx: Context) -> None:
    _send(ctx, Status.AWAITING_CONSULTATION)


@action(
    code="confirm",
    label=_("Confirm the help project"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="pair",
    when=at(frozenset({Status.AWAITING_AGREEMENT}), HELP),
    node="agreement",
    input=NoteInput,
    bulk=True,  # confirming a help project needs no input: 批量同意 from the inbox
)
def confirm(ctx: Context) -> None:
    approval = approval_decide(task=ctx.task, user=ctx.actor, decision="approve", comment=ctx.data["comment"])
    ctx.on_behalf_of = substitute_note(approval.decided_slot, ctx.actor)
    ctx.complete_task = False  # the approval completes the step when it ends
    ctx.record = {"confirmed_for": _slot_school(ctx)}
    ctx.attachments, ctx.comment = ctx.data["attachment_ids"], ctx.data["comment"]
    if approval.status == Approval.Status.APPROVED:
        ctx.case.stage = Status.JOINT_AGREED


@action(
    code="decline",
    label=_("Send the help project back to the draft"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="pair",
    when=at(frozenset({Status.AWAITING_AGREEMENT}), HELP),
    node="agreement",
    input=ReasonInput,
)
def decline(ctx: Context) -> None:
    if not ctx.data["reason"].strip():
        raise ApplicationError("reason_required", _("Give a reason."), fields={"reason": [str(_("Required."))]})
    approval = approval_decide(task=ctx.task, user=ctx.actor, decision="reject", comment=ctx.data["reason"])
    ctx.on_behalf_of = substitute_note(approval.decided_slot, ctx.actor)
    ctx.complete_task = False  # the approval completes the step when it ends
    ctx.record = {"declined_for": _slot_school(ctx)}
    ctx.reason = ctx.data["reason"]
    ctx.case.stage, ctx.case.return_reason = Status.DRAFT, ctx.reason


@action(
    code="record_consultation",
    label=_("Record the core school's opinion"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="core",
    when=at(frozenset({Status.AWAITING_CONSULTATION}), FEATURE),
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


@action(
    code="submit",
    label=_("Submit to the bureau"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="owner",
    when=at(frozenset({Status.JOINT_AGREED, Status.CORE_CONSULTED})),
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
    application.deadline = application_deadline(application.school_year)
    application.late = ctx.today > application.deadline
    if application.late:
        ctx.warnings.append("late_submission")
    application.submitted_by, application.submitted_at = ctx.actor, timezone.now()
    application.submitted_on = ctx.today
    application.stage = Status.SUBMITTED
    ctx.comment, ctx.attachments = ctx.data["comment"], ctx.data["attachment_ids"]
    ctx.record = {"version": version.number, "deadline": application.deadline, "late": application.late}
    # The bureau's review opens when the engine completes the step: it reads who submitted (and leaves them out).


@action(
    code="withdraw",
    label=_("Withdraw the submission"),
    perm=SUBMIT_SCHOOL_APPLICATIONS,
    where="owner",
    when=at(frozenset({Status.SUBMITTED})),
    node="review",
    input=ReasonInput,
)
def withdraw(ctx: Context) -> None:
    approval_withdraw(task=ctx.task, user=ctx.actor, authorised=True)
    ctx.complete_task = False  # the approval completes the step when it ends
    ctx.reason = ctx.data["reason"]
    ctx.case.stage = Status.WITHDRAWN


def _reviewer(ctx: Context) -> None:
    if ctx.actor.pk == ctx.case.submitted_by_id:
        raise ApplicationError("reviewer_is_submitter", _("The person who submitted cannot review it."))


@action(
    code="file",
    label=_("File (审核备案)"),
    perm=REVIEW_COMMUNITY,
    where="bureau",
    when=at(frozenset({Status.SUBMITTED})),
    node="review",
    input=FileInput,
)
def file(ctx: Context) -> None:
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
    approval = approval_decide(task=ctx.task, user=ctx.actor, decision="approve", comment=data["comment"])
    ctx.on_behalf_of = substitute_note(approval.decided_slot, ctx.actor)
    ctx.complete_task = False  # the approval completes the step when it ends
    application.filing_number, application.filing_date = number, data["filing_date"]
    application.stage = Status.FILED
    ctx.business_date, ctx.comment = data["filing_date"], data["comment"]
    ctx.record = {"filing_number": number, "filing_date": data["filing_date"]}


@action(
    code="return",
    label=_("Return for revision"),
    perm=REVIEW_COMMUNITY,
    where="bureau",
    when=at(frozenset({Status.SUBMITTED})),
    node="review",
    input=ReasonInput,
)
def return_for_revision(ctx: Context) -> None:
    _reviewer(ctx)
    reason = ctx.data["reason"].strip()
    if not reason:
        raise ApplicationError(
            "return_reason_required", _("Give the reasons for returning it."), fields={"reason": [str(_("Required."))]}
        )
    approval_return(task=ctx.task, user=ctx.actor, to_step="draft", reason=reason)
    ctx.complete_task = False  # the approval completes the step when it ends
    ctx.reason = reason
    ctx.case.stage, ctx.case.return_reason = Status.RETURNED, reason
