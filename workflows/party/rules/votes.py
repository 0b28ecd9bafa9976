"""Branch general meeting and committee votes (DOMAIN §2.5, 支部工作条例 Art. 11).

E = full members with voting rights who should attend, after recorded exclusions.
A = those of E present. W = absent members of E whose written opinion reached the
branch by the meeting date; their votes count in Y but not in A. Quorum: A > E/2.
Passed: Y > E/2. Both denominators are E. Probationary members and members whose
rights are suspended (留党察看) count nowhere. Anonymous ballots are stored as totals
only: per-voter choices are refused, never stored.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

EXCLUSION_REASONS = {
    "incapacitated",  # 患有精神病或其他疾病导致不能正确表达意志
    "abroad_private",  # 自费出国半年以上
    "detained",  # 被羁押或正在服刑
    "bedridden",  # 长期卧床、生活不能自理
    "away_long",  # 外出半年以上未转组织关系
}
CHOICES = {"yes", "no", "abstain"}


@dataclass(frozen=True)
class Exclusion:
    member_id: int
    reason: str
    consent_ref: str  # the higher organisation's consent document


@dataclass(frozen=True)
class WrittenOpinion:
    member_id: int
    submitted_on: datetime.date
    choice: str


@dataclass(frozen=True)
class Ballot:
    candidate_ids: tuple[int, ...]
    yes: int
    no: int
    abstain: int
    per_voter_choices: tuple = ()


@dataclass(frozen=True)
class MeetingVote:
    meeting_date: datetime.date
    ballot_mode: str  # "anonymous" or "show_of_hands"
    branch_members: dict[int, bool]  # every member of the branch on that date: id -> has full voting rights
    eligible_ids: frozenset[int]
    present_ids: frozenset[int]
    ballot: Ballot
    exclusions: tuple[Exclusion, ...] = ()
    written: tuple[WrittenOpinion, ...] = ()
    claimed_result: str | None = None  # "passed" / "failed" as entered; checked against the computation


@dataclass
class VoteOutcome:
    eligible: int
    present: int
    written_counted: int
    yes: int
    quorum_met: bool
    passed: bool
    warnings: list[str] = field(default_factory=list)


def _refuse(code: str, message, **fields) -> ApplicationError:
    return ApplicationError(code, message, fields={k: [str(v)] for k, v in fields.items()})


def evaluate_vote(vote: MeetingVote, *, min_full_members: int) -> VoteOutcome:
    """Check a meeting's figures and compute its result; raise ApplicationError on any broken rule."""
    full = {member for member, has_rights in vote.branch_members.items() if has_rights}
    if len(full) < min_full_members:
        raise _refuse(
            "branch_too_small",
            _("A branch with fewer than %(n)d full members cannot decide this.") % {"n": min_full_members},
        )
    ballot = vote.ballot
    if len(ballot.candidate_ids) != 1:
        raise _refuse("one_vote_per_candidate", _("Each candidate is discussed and voted on separately."))
    if vote.ballot_mode == "anonymous" and ballot.per_voter_choices:
        raise _refuse("anonymous_ballot_choices", _("An anonymous ballot is recorded as totals only, never per voter."))
    voters = vote.eligible_ids | vote.present_ids | {w.member_id for w in vote.written}
    not_full = sorted(m for m in voters if m in vote.branch_members and m not in full)
    if not_full:
        raise _refuse(
            "probationary_cannot_vote",
            _("Probationary members and members whose rights are suspended have no vote."),
            members=not_full,
        )
    strangers = sorted(voters - set(vote.branch_members))
    if strangers:
        raise _refuse("voter_not_in_branch", _("Only members of this branch vote here."), members=strangers)
    excluded = {e.member_id for e in vote.exclusions}
    for exclusion in vote.exclusions:
        if exclusion.reason not in EXCLUSION_REASONS:
            raise _refuse("exclusion_reason", _("This is not a reason that allows leaving a member out of 应到会."))
        if not exclusion.consent_ref.strip():
            raise _refuse(
                "exclusion_consent_missing",
                _("Leaving a member out of 应到会 needs the higher organisation's consent document."),
            )
    if vote.eligible_ids != full - excluded:
        raise _refuse(
            "eligible_list_mismatch",
            _("应到会 must be every full member of the branch except the recorded exclusions."),
        )
    if not vote.present_ids <= vote.eligible_ids:
        raise _refuse("attendee_not_eligible", _("Everyone counted present must be on the 应到会 list."))

    warnings, written_yes, written_counted = [], 0, 0
    for opinion in vote.written:
        if opinion.choice not in CHOICES:
            raise _refuse("written_opinion_choice", _("A written opinion is yes, no or abstain."))
        if opinion.member_id in vote.present_ids:
            raise _refuse("written_opinion_from_present", _("A member who attended votes in the meeting."))
        if opinion.submitted_on > vote.meeting_date:
            warnings.append("written_opinion_late")  # arrived after the meeting: recorded, not counted (A25)
            continue
        written_counted += 1
        written_yes += opinion.choice == "yes"
    if min(ballot.yes, ballot.no, ballot.abstain) < 0 or ballot.yes + ballot.no + ballot.abstain > len(
        vote.present_ids
    ):
        raise _refuse("vote_totals_invalid", _("The vote totals must be whole numbers no larger than the attendance."))

    eligible, present = len(vote.eligible_ids), len(vote.present_ids)
    if 2 * present <= eligible:
        raise _refuse(
            "quorum_not_met",
            _("%(a)d present of %(e)d expected is not more than half: the meeting cannot decide.")
            % {"a": present, "e": eligible},
        )
    yes = ballot.yes + written_yes
    passed = 2 * yes > eligible
    if vote.claimed_result == "passed" and not passed:
        raise _refuse(
            "majority_not_reached",
            _("%(y)d yes votes of %(e)d expected is not more than half: not passed.") % {"y": yes, "e": eligible},
        )
    if vote.claimed_result == "failed" and passed:
        raise _refuse("result_mismatch", _("The totals give a pass, but the result was entered as not passed."))
    return VoteOutcome(eligible, present, written_counted, yes, True, passed, warnings)
