"""Stage 2: designation and cultivation of activists (steps 3–6)."""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.exceptions import ApplicationError
from workflows.business_days import add_years
from workflows.party import timing
from workflows.party.actions import action, at, identities
from workflows.party.inputs import AssessmentInput, DesignationInput, FilingInput, PeopleInput
from workflows.party.models import Identity
from workflows.party.steps.common import collective_decision, full_members, not_before

ACTIVIST = identities(Identity.ACTIVIST)


@action(
    code="designate_activist",
    label=_("Designate as activist"),
    step=3,
    perm="decide_branch",
    node="designate_activist",
    when=at(identities(Identity.APPLICANT)),
    input=DesignationInput,
    options={"collective": True},
)
def designate_activist(ctx):
    case = ctx.case
    not_before(ctx, case.talk_date, _("the talk"))
    meeting, attendance = collective_decision(ctx)
    minimum = ctx.book["activist_min_months_after_application"]
    if minimum and ctx.date < timing.months(ctx.book, case.application_date, minimum):
        ctx.rule(
            "activist_min_months_after_application",
            "activist_too_early",
            _("Locally, an activist is designated at least %(n)d months after applying.") % {"n": minimum},
        )
    league_age = ctx.book["league_recommendation_under_age"]
    person = User.objects.get(pk=case.person_id)
    if (
        league_age
        and add_years(person.birth_date, league_age) > ctx.date
        and ctx.data.get("recommendation") != "league"
    ):
        ctx.rule(
            "league_recommendation_under_age",
            "league_recommendation_required",
            _("Below the configured age, the Youth League's recommendation (推优) is required."),
        )
    ctx.record = {
        "meeting_id": meeting.pk,
        "recommendation": ctx.data.get("recommendation", ""),
        "minutes_ref": ctx.data["meeting"].get("minutes_ref", ""),
        **attendance,
    }
    case.identity = Identity.ACTIVIST
    case.activist_date = ctx.date


@action(
    code="file_activist",
    label=_("File the activist with the committee"),
    step=4,
    perm="handle_party_work",
    node="file_activist",
    when=at(ACTIVIST),
    input=FilingInput,
)
def file_activist(ctx):
    not_before(ctx, ctx.case.activist_date, _("the designation"))
    ctx.case.activist_filed_date = ctx.date


@action(
    code="appoint_trainers",
    label=_("Appoint trainers"),
    step=5,
    perm="decide_branch",
    node="appoint_trainers",
    when=at(ACTIVIST),
    input=PeopleInput,
    options={"collective": True},
)
def appoint_trainers(ctx):
    """Step 5: a decision of the branch committee (or general meeting), checked as the other designations are,
    once the people named are known to be fit."""
    not_before(ctx, ctx.case.activist_date, _("the designation"))
    trainers = full_members(
        ctx,
        ctx.data["person_ids"],
        minimum=ctx.book["trainer_min"],
        maximum=ctx.book["trainer_max"],
        count_code="trainer_count",
        member_code="trainer_not_full_member",
        message=_("Appoint %(a)d or %(b)d trainers.") % {"a": ctx.book["trainer_min"], "b": ctx.book["trainer_max"]},
    )
    meeting, attendance = collective_decision(ctx)
    ctx.record = {
        "meeting_id": meeting.pk,
        "trainers": [{"id": t.pk, "name": t.real_name} for t in trainers],
        "minutes_ref": ctx.data["meeting"].get("minutes_ref", ""),
        **attendance,
    }


@action(
    code="record_half_year_assessment",
    label=_("Record a half-year assessment"),
    step=6,
    perm="handle_party_work",
    when=at(ACTIVIST),
    input=AssessmentInput,
)
def record_half_year_assessment(ctx):
    case = ctx.case
    if case.activist_date is None:
        raise ApplicationError("action_not_available", _("There is no activist period to assess yet."))
    not_before(ctx, case.last_assessment_date or case.activist_date, _("the previous assessment"))
    due = timing.next_assessment(ctx.book, case.activist_date, case.last_assessment_date)
    ctx.deadlines.append(due.as_record(done_on=ctx.date))
    case.last_assessment_date = ctx.date
    ctx.attachments = ctx.data["attachment_ids"]
