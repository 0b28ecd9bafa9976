"""Stage 3: development targets (steps 7–11)."""

from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from core.exceptions import ApplicationError
from workflows.business_days import add_months
from workflows.party import timing
from workflows.party.actions import action, at, identities
from workflows.party.inputs import DevObjectInput, FilingInput, PeopleInput, PoliticalReviewInput, TrainingInput
from workflows.party.models import Identity, PoliticalReview
from workflows.party.steps.common import collective_decision, full_members, not_before

DEV_OBJECT = identities(Identity.DEV_OBJECT)
OPINION_SOURCES = ("party_group", "trainers", "members", "public")


@action(
    code="designate_dev_object",
    label=_("Designate as development target"),
    step=7,
    perm="decide_branch",
    node="designate_dev_object",
    when=at(identities(Identity.ACTIVIST)),
    input=DevObjectInput,
    options={"collective": True},
)
def designate_dev_object(ctx):
    case = ctx.case
    eligible = timing.cultivation_eligible(ctx.book, case.activist_date, case.activist_filed_date)
    if eligible is None:
        raise ApplicationError("cultivation_under_one_year", _("The cultivation period has not started (not filed)."))
    ctx.deadlines.append(
        {"kind": "cultivation_eligible", "earliest": eligible.due.isoformat(), "met": ctx.date >= eligible.due}
    )
    if ctx.date < eligible.due:
        ctx.block(
            "cultivation_under_one_year",
            _("At least one year of cultivation is required: the earliest date is %(day)s.")
            % {"day": eligible.due.isoformat()},
            overridable=True,
            earliest=eligible.due.isoformat(),
        )
    missing = [source for source in OPINION_SOURCES if not ctx.data["opinions"].get(source, "").strip()]
    if missing:
        raise ApplicationError(
            "opinions_missing",
            _("Record the opinions of the party group, the trainers, members and the public."),
            fields={"opinions": missing},
        )
    anchor = case.activist_date
    expected = 0
    while add_months(anchor, 6 * (expected + 1)) <= ctx.date:
        expected += 1
    done = AuditEvent.objects.filter(process="party", case_id=case.pk, action="record_half_year_assessment").count()
    if done < expected:
        ctx.rule(
            "assessment_missing_blocks",
            "assessment_missing",
            _("%(done)d half-year assessments recorded, %(expected)d expected.") % {"done": done, "expected": expected},
        )
    meeting, attendance = collective_decision(ctx)
    ctx.record = {"meeting_id": meeting.pk, "opinions": ctx.data["opinions"], "assessments": done, **attendance}
    case.identity = Identity.DEV_OBJECT
    case.dev_object_date = ctx.date


@action(
    code="file_dev_object",
    label=_("File the development target"),
    step=8,
    perm="handle_party_work",
    node="file_dev_object",
    when=at(DEV_OBJECT),
    input=FilingInput,
)
def file_dev_object(ctx):
    not_before(ctx, ctx.case.dev_object_date, _("the designation"))
    ctx.case.dev_object_filed_date = ctx.date


@action(
    code="set_introducers",
    label=_("Determine introducers"),
    step=9,
    perm="decide_branch",
    node="set_introducers",
    when=at(DEV_OBJECT),
    input=PeopleInput,
)
def set_introducers(ctx):
    not_before(ctx, ctx.case.dev_object_date, _("the designation"))
    count = ctx.book["introducer_count"]
    introducers = full_members(
        ctx,
        ctx.data["person_ids"],
        minimum=count,
        maximum=count,
        count_code="introducer_count",
        member_code="introducer_not_eligible",
        message=_("Exactly %(n)d introducers are required.") % {"n": count},
    )
    ctx.record = {"introducers": [{"id": p.pk, "name": p.real_name} for p in introducers]}


@action(
    code="complete_political_review",
    label=_("Conclude the political review"),
    step=10,
    perm="read_political_review",
    node="complete_political_review",
    when=at(DEV_OBJECT),
    input=PoliticalReviewInput,
)
def complete_political_review(ctx):
    not_before(ctx, ctx.case.dev_object_date, _("the designation"))
    review = PoliticalReview.objects.create(
        case=ctx.case,
        passed=ctx.data["passed"],
        concluded_on=ctx.date,
        summary=ctx.data["summary"],
        document=(ctx.data["attachment_ids"] or [None])[0],
        entered_by=ctx.actor,
    )
    ctx.case.political_review_date = ctx.date
    ctx.case.political_review_passed = ctx.data["passed"]
    ctx.attachments = ctx.data["attachment_ids"]
    # The conclusion text stays in the restricted table; the trail records that it exists and its result.
    ctx.record = {"political_review_id": review.pk, "passed": review.passed}


@action(
    code="complete_training",
    label=_("Record the centralised training"),
    step=11,
    perm="handle_party_work",
    node="complete_training",
    when=at(DEV_OBJECT),
    input=TrainingInput,
)
def complete_training(ctx):
    not_before(ctx, ctx.case.dev_object_date, _("the designation"))
    days, hours = ctx.data["days"], ctx.data["hours"]
    if days < ctx.book["training_min_days"] and hours < ctx.book["training_min_hours"]:
        ctx.block(
            "training_insufficient",
            _("Training needs at least %(d)d days or %(h)d class hours.")
            % {"d": ctx.book["training_min_days"], "h": ctx.book["training_min_hours"]},
            overridable=True,
        )
    ctx.case.training_date = ctx.date
    ctx.record = {"days": str(days), "hours": hours, "certificate_ref": ctx.data["certificate_ref"]}
