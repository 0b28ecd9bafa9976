"""DOMAIN §2.5 worked examples and bad inputs A13–A17, A25, A27."""

import datetime

import pytest

from core.exceptions import ApplicationError
from workflows.party.rules.votes import Ballot, Exclusion, MeetingVote, WrittenOpinion, evaluate_vote

DAY = datetime.date(2026, 11, 20)


def meeting(e, a, yes, *, no=0, probationary=(), written=(), exclusions=(), claimed="passed", **extra):
    """A branch of ``e`` full members (ids 1..e) plus the probationary ids given; the first ``a`` attend."""
    members = {i: True for i in range(1, e + 1)} | {p: False for p in probationary}
    excluded = {x.member_id for x in exclusions}
    eligible = frozenset(m for m in range(1, e + 1) if m not in excluded)
    present = frozenset(sorted(eligible)[:a])
    return MeetingVote(
        meeting_date=DAY,
        ballot_mode=extra.pop("ballot_mode", "anonymous"),
        branch_members=members,
        eligible_ids=extra.pop("eligible_ids", eligible),
        present_ids=extra.pop("present_ids", present),
        ballot=extra.pop("ballot", Ballot(candidate_ids=(99,), yes=yes, no=no, abstain=0)),
        exclusions=tuple(exclusions),
        written=tuple(written),
        claimed_result=claimed,
    )


def refused(vote) -> str:
    with pytest.raises(ApplicationError) as caught:
        evaluate_vote(vote, min_full_members=3)
    return caught.value.code


@pytest.mark.parametrize(("e", "a_min", "y_min"), [(9, 5, 5), (10, 6, 6)])
def test_worked_examples_quorum_and_pass_thresholds(e, a_min, y_min):
    assert evaluate_vote(meeting(e, a_min, y_min), min_full_members=3).passed
    assert refused(meeting(e, a_min - 1, a_min - 1)) == "quorum_not_met"
    assert refused(meeting(e, a_min, y_min - 1)) == "majority_not_reached"


def test_worked_example_written_yes_completes_the_majority():
    # E = 10, A = 6, Y = 5 present + 1 written yes = 6: quorum met (6 > 5) and passed (6 > 5).
    written = [WrittenOpinion(member_id=10, submitted_on=DAY - datetime.timedelta(days=1), choice="yes")]
    outcome = evaluate_vote(meeting(10, 6, 5, written=written), min_full_members=3)
    assert (outcome.eligible, outcome.present, outcome.yes, outcome.passed) == (10, 6, 6, True)


def test_worked_example_five_of_ten_present_is_no_meeting_whatever_the_votes():
    assert refused(meeting(10, 5, 5)) == "quorum_not_met"
    assert refused(meeting(10, 5, 0, claimed="failed")) == "quorum_not_met"


def test_a13_twelve_expected_six_present_is_refused():
    assert refused(meeting(12, 6, 6)) == "quorum_not_met"


def test_a14_majority_of_those_present_is_not_enough():
    assert refused(meeting(12, 9, 6)) == "majority_not_reached"
    assert evaluate_vote(meeting(12, 9, 7), min_full_members=3).passed


@pytest.mark.parametrize("where", ["eligible", "present", "written"])
def test_a15_a_probationary_member_counted_anywhere_is_refused(where):
    kwargs = {"probationary": (50,)}
    base = meeting(10, 6, 6, **kwargs)
    if where == "eligible":
        kwargs["eligible_ids"] = base.eligible_ids | {50}
    elif where == "present":
        kwargs["present_ids"] = base.present_ids | {50}
    else:
        kwargs["written"] = [WrittenOpinion(member_id=50, submitted_on=DAY, choice="yes")]
    assert refused(meeting(10, 6, 6, **kwargs)) == "probationary_cannot_vote"


def test_a16_two_candidates_in_one_ballot_question_is_refused():
    assert refused(meeting(10, 6, 6, ballot=Ballot(candidate_ids=(98, 99), yes=6, no=0, abstain=0))) == (
        "one_vote_per_candidate"
    )


def test_a17_a_branch_with_two_full_members_cannot_hold_the_meeting():
    assert refused(meeting(2, 2, 2, probationary=(7, 8))) == "branch_too_small"


def test_a25_a_written_opinion_after_the_meeting_is_kept_out_of_the_count():
    late = [WrittenOpinion(member_id=10, submitted_on=DAY + datetime.timedelta(days=1), choice="yes")]
    assert refused(meeting(10, 6, 5, written=late)) == "majority_not_reached"
    outcome = evaluate_vote(meeting(10, 6, 5, written=late, claimed="failed"), min_full_members=3)
    assert not outcome.passed and outcome.written_counted == 0 and outcome.warnings == ["written_opinion_late"]


def test_a27_per_voter_choices_in_an_anonymous_ballot_are_refused():
    ballot = Ballot(candidate_ids=(99,), yes=6, no=0, abstain=0, per_voter_choices=((1, "yes"),))
    assert refused(meeting(10, 6, 6, ballot=ballot)) == "anonymous_ballot_choices"


def test_an_exclusion_needs_an_allowed_reason_and_a_consent_document():
    ok = Exclusion(member_id=10, reason="abroad_private", consent_ref="城关一小党委〔2026〕3号")
    outcome = evaluate_vote(meeting(10, 5, 5, exclusions=[ok]), min_full_members=3)
    assert outcome.eligible == 9 and outcome.passed  # E = 9: 5 present and 5 yes are enough
    assert refused(meeting(10, 5, 5, exclusions=[Exclusion(10, "abroad_private", " ")])) == (
        "exclusion_consent_missing"
    )
    assert refused(meeting(10, 5, 5, exclusions=[Exclusion(10, "busy", "doc")])) == "exclusion_reason"


def test_leaving_a_full_member_off_the_expected_list_without_exclusion_is_refused():
    base = meeting(10, 6, 6)
    assert refused(meeting(10, 6, 6, eligible_ids=base.eligible_ids - {10})) == "eligible_list_mismatch"


def test_totals_larger_than_the_attendance_are_refused():
    assert refused(meeting(10, 6, 6, no=1)) == "vote_totals_invalid"


def test_a_failed_entry_that_the_totals_say_passed_is_refused():
    assert refused(meeting(10, 6, 6, claimed="failed")) == "result_mismatch"


def test_a_member_present_cannot_also_send_a_written_opinion():
    written = [WrittenOpinion(member_id=1, submitted_on=DAY, choice="yes")]
    assert refused(meeting(10, 6, 5, written=written)) == "written_opinion_from_present"
