"""Checks shared by several steps."""

import datetime

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.exceptions import ApplicationError
from workflows.access import works_in_tree
from workflows.party.models import Meeting, MeetingDecision, MeetingKind
from workflows.party.rules.votes import Ballot, Exclusion, MeetingVote, WrittenOpinion, evaluate_vote


def not_before(ctx, earlier: datetime.date | None, what) -> None:
    if earlier is not None and ctx.date < earlier:
        raise ApplicationError(
            "date_order", _("The date is before %(what)s (%(day)s).") % {"what": what, "day": earlier.isoformat()}
        )


def collective_decision(ctx, *, body=MeetingKind.BRANCH_COMMITTEE) -> Meeting:
    """A designation is decided by the branch committee (or general meeting), never by one person:
    the meeting and its minutes must be recorded (A5)."""
    meeting = ctx.data.get("meeting")
    if not meeting or not (meeting.get("minutes_ref", "").strip() or ctx.data.get("attachment_ids")):
        raise ApplicationError(
            "collective_decision_required",
            _("This is a collective decision: record the committee meeting and its minutes."),
        )
    if meeting["date"] > ctx.date:
        raise ApplicationError("date_order", _("The decision cannot come before the meeting that took it."))
    ctx.on_behalf_of = str(_("Branch committee decision of %(day)s")) % {"day": meeting["date"].isoformat()}
    ctx.attachments = ctx.data.get("attachment_ids", [])
    return Meeting.objects.create(
        minutes=(ctx.attachments or [None])[0],
        kind=body,
        organisation=ctx.case.branch,
        business_date=meeting["date"],
        present_ids=meeting["present_ids"],
        minutes_ref=meeting.get("minutes_ref", ""),
        entered_by=ctx.actor,
    )


def full_members(
    ctx, ids: list[int], *, minimum: int, maximum: int, count_code: str, member_code: str, message
) -> list[User]:
    if not minimum <= len(ids) <= maximum or len(set(ids)) != len(ids):
        raise ApplicationError(count_code, message)
    people = list(User.objects.filter(pk__in=ids))
    if len(people) != len(ids):
        raise ApplicationError(member_code, _("Unknown person."))
    for person in people:
        if person.pk == ctx.case.person_id or not person.has_full_rights_on(ctx.date):
            raise ApplicationError(
                member_code,
                _("%(name)s is not a full member with full rights on that date.") % {"name": person.real_name},
                fields={"person_ids": [str(person.pk)]},
            )
        # Another bureau's member is never named on the case; belonging on the step's date or today both count
        # (a case recorded afterwards, 补录, names people whose membership was entered later).
        if not (works_in_tree(person, ctx.case.branch, ctx.date) or works_in_tree(person, ctx.case.branch)):
            raise ApplicationError(
                "person_outside_organisation",
                _("%(name)s does not belong to this organisation.") % {"name": person.real_name},
                fields={"person_ids": [str(person.pk)]},
            )
    return people


def vote(ctx, *, kind: str, organisation, voters: dict[int, bool], purpose: str, min_full: int) -> MeetingDecision:
    """Validate a voting meeting (DOMAIN §2.5) and store its meeting and per-candidate decision."""
    data = ctx.data["meeting"]
    ballot = data["ballot"]
    outcome = evaluate_vote(
        MeetingVote(
            meeting_date=ctx.date,
            ballot_mode=data["ballot_mode"],
            branch_members=voters,
            eligible_ids=frozenset(data["eligible_ids"]),
            present_ids=frozenset(data["present_ids"]),
            ballot=Ballot(
                candidate_ids=tuple(ballot.get("candidate_ids") or [ctx.case.pk]),
                yes=ballot["yes"],
                no=ballot["no"],
                abstain=ballot["abstain"],
                per_voter_choices=tuple(ballot.get("per_voter_choices") or ()),
            ),
            exclusions=tuple(Exclusion(**e) for e in data["excluded"]),
            written=tuple(WrittenOpinion(**w) for w in data["written"]),
            claimed_result=data["result"],
        ),
        min_full_members=min_full,
    )
    for code in outcome.warnings:
        ctx.warn(code, needs_reason=False)
    ctx.attachments = ctx.data.get("attachment_ids", [])
    meeting = Meeting.objects.create(
        minutes=(ctx.attachments or [None])[0],
        kind=kind,
        organisation=organisation,
        business_date=ctx.date,
        ballot_mode=data["ballot_mode"],
        eligible_ids=sorted(data["eligible_ids"]),
        excluded=[dict(e) for e in data["excluded"]],
        present_ids=sorted(data["present_ids"]),
        written=[{**w, "submitted_on": w["submitted_on"].isoformat()} for w in data["written"]],
        minutes_ref=data["minutes_ref"],
        document_number=data["document_number"],
        entered_by=ctx.actor,
    )
    ctx.on_behalf_of = str(_("%(body)s meeting of %(day)s")) % {
        "body": MeetingKind(kind).label,
        "day": ctx.date.isoformat(),
    }
    ctx.record = {
        **{k: v for k, v in ctx.record.items()},
        "meeting_id": meeting.pk,
        "E": outcome.eligible,
        "A": outcome.present,
        "W": outcome.written_counted,
        "Y": outcome.yes,
        "no": ballot["no"],
        "abstain": ballot["abstain"],
        "passed": outcome.passed,
        "ballot_mode": data["ballot_mode"],
    }
    return MeetingDecision.objects.create(
        meeting=meeting,
        case=ctx.case,
        purpose=purpose,
        eligible=outcome.eligible,
        present=outcome.present,
        yes=outcome.yes,
        no=ballot["no"],
        abstain=ballot["abstain"],
        written_counted=outcome.written_counted,
        passed=outcome.passed,
    )
