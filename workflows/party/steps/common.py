"""Checks shared by several steps."""

import datetime

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.exceptions import ApplicationError
from workflows.access import works_in_tree
from workflows.party.members import branch_committee, branch_voters
from workflows.party.models import Meeting, MeetingDecision, MeetingKind
from workflows.party.rules.votes import Ballot, Exclusion, MeetingVote, WrittenOpinion, evaluate_vote


def not_before(ctx, earlier: datetime.date | None, what) -> None:
    if earlier is not None and ctx.date < earlier:
        raise ApplicationError(
            "date_order", _("The date is before %(what)s (%(day)s).") % {"what": what, "day": earlier.isoformat()}
        )


def collective_decision(ctx) -> tuple[Meeting, dict]:
    """A designation is decided by the branch committee (支委会) — or by its general meeting (支部大会) when it has no
    committee, or when the committee could not meet with a quorum (the meeting's ``kind``) — never by one person:
    the meeting, who attended and its minutes must be recorded (A5). A committee needs more than the rule set's
    committee_quorum_percent of its members present; a general meeting more than half of its full members with a
    vote (应到, DOMAIN §2.5). Returns the meeting and its attendance by name for the audit event."""
    meeting = ctx.data.get("meeting")
    if not meeting or not (meeting.get("minutes_ref", "").strip() or ctx.data.get("attachment_ids")):
        raise ApplicationError(
            "collective_decision_required",
            _("This is a collective decision: record the committee meeting and its minutes."),
        )
    if meeting["date"] > ctx.date:
        raise ApplicationError("date_order", _("The decision cannot come before the meeting that took it."))
    asked = meeting.get("kind") or None
    kind, members, counted = decision_body(ctx.case.branch, meeting["date"], today=ctx.today, kind=asked)
    if not counted:
        raise ApplicationError(
            "no_branch_committee",
            _("The branch had no committee on the meeting date: its general meeting (支部大会) decides."),
            fields={"meeting__kind": [asked or ""]},
        )
    present = set(meeting["present_ids"])
    _check_attendance(ctx, kind, members, counted, present)
    ctx.on_behalf_of = str(_("%(body)s decision of %(day)s")) % {
        "body": MeetingKind(kind).label,
        "day": meeting["date"].isoformat(),
    }
    ctx.attachments = ctx.data.get("attachment_ids", [])
    created = Meeting.objects.create(
        minutes=(ctx.attachments or [None])[0],
        kind=kind,
        organisation=ctx.case.branch,
        business_date=meeting["date"],
        eligible_ids=sorted(counted),
        present_ids=sorted(present),
        minutes_ref=meeting.get("minutes_ref", ""),
        entered_by=ctx.actor,
    )
    return created, attendance(counted, present)


def decision_body(
    branch, day: datetime.date, *, today: datetime.date, kind: str | None = None
) -> tuple[str, dict[int, bool], set[int]]:
    """Who makes a branch's collective decision on ``day``: the body asked for (``kind``), else its committee, or
    its general meeting when it has no committee. (kind, members -> has full rights, the members who count for the
    quorum: the whole committee, or the general meeting's full members.) When the roster holds nobody who counts
    on that day (a case entered afterwards, 补录, whose people were recorded later), the body as recorded ``today``
    counts, as for the trainers and introducers such a case names. Asked for a committee the branch does not have:
    the committee's kind and nobody."""
    body = _body_on(branch, day, kind)
    return body if body[2] else _body_on(branch, today, kind)


def _body_on(branch, day: datetime.date, kind: str | None) -> tuple[str, dict[int, bool], set[int]]:
    committee = branch_committee(branch, day) if kind != MeetingKind.BRANCH_ASSEMBLY else {}
    if committee or kind == MeetingKind.BRANCH_COMMITTEE:
        return MeetingKind.BRANCH_COMMITTEE, committee, set(committee)
    members = branch_voters(branch, day)
    return MeetingKind.BRANCH_ASSEMBLY, members, {pk for pk, has_rights in members.items() if has_rights}


def _check_attendance(ctx, kind: str, members: dict[int, bool], counted: set[int], present: set[int]) -> None:
    committee = kind == MeetingKind.BRANCH_COMMITTEE
    strangers = sorted(present - set(members))
    if strangers:
        names = "、".join(
            User.objects.filter(pk__in=strangers).order_by("real_name").values_list("real_name", flat=True)
        )
        message = (
            _("%(names)s was not a member of the branch committee on the meeting date.")
            if committee
            else _("%(names)s was not a member of the branch on the meeting date.")
        )
        raise ApplicationError(
            "attendee_not_eligible",
            message % {"names": names or _("Unknown person.")},
            fields={"meeting__present_ids": [str(pk) for pk in strangers]},
        )
    attended = len(present & counted)
    if not committee:
        # 支部大会: more than half of the full members with a vote who should attend (应到), whatever the rule set
        # says of the committee (支部工作条例 Art. 11; DOMAIN §2.5).
        if 2 * attended <= len(counted):
            raise ApplicationError(
                "quorum_not_met",
                _(
                    "%(a)d of the %(n)d full members with a vote attended; more than half (at least %(need)d) must "
                    "for the branch general meeting to decide."
                )
                % {"a": attended, "n": len(counted), "need": len(counted) // 2 + 1},
            )
        return
    percent = ctx.book["committee_quorum_percent"]
    needed = len(counted) * percent // 100 + 1  # strictly more than the share
    if attended < needed:
        ref = ctx.book.entry("committee_quorum_percent").article_ref
        message = _(
            "%(a)d of the %(n)d committee members attended; at least %(need)d must (%(ref)s). When the committee "
            "cannot meet, the branch general meeting (支部大会) decides: choose it as the meeting."
        )
        ctx.rule(
            "committee_quorum_percent",
            "quorum_not_met",
            message % {"a": attended, "n": len(counted), "need": needed, "ref": ref},
        )


def attendance(members, present) -> dict[str, list[str]]:
    """Who attended and who was absent, by name, as the audit event keeps them (the timeline shows them)."""
    names = dict(User.objects.filter(pk__in=set(members) | set(present)).values_list("pk", "real_name"))
    return {
        "attendees": sorted(names[pk] for pk in present if pk in names),
        "absentees": sorted(names[pk] for pk in set(members) - set(present) if pk in names),
    }


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
        **attendance(data["eligible_ids"], data["present_ids"]),
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
