"""The ballot engine: anonymity by construction, tallies that match the ballots, and the refusals (a second ballot,
a non-voter, a closed vote, a second review in a year, a ballot that does not mark every candidate)."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection

from accounts.models import User
from audit.models import AuditEvent
from core.dates import business_today
from core.exceptions import ApplicationError
from programmes.ballots import selectors, services
from programmes.ballots.models import Ballot, BallotMark, Choice, Poll, PollStatus, Tally, Voter
from tests.programmes.ballots.conftest import marks_for, open_review

pytestmark = pytest.mark.django_db

GRADES = [Choice.EXCELLENT, Choice.COMPETENT, Choice.BASICALLY, Choice.INCOMPETENT, Choice.ABSTAIN]


def cast_varied(branch, poll) -> None:
    """Each voter grades the first candidate differently, so that every ballot is told apart by its marks."""
    first = poll.candidates.first()
    for index, voter in enumerate(branch.voters):
        marks = marks_for(poll)
        marks[first.pk] = GRADES[index % len(GRADES)]
        services.ballot_cast(actor=voter, poll=poll, marks=marks)


def written() -> tuple:
    return (
        Ballot.objects.count(),
        BallotMark.objects.count(),
        AuditEvent.objects.count(),
        Voter.objects.filter(voted_at__isnull=False).count(),
    )


def test_a_review_reviews_every_member_and_only_members_with_full_rights_vote(branch):
    watched = branch.members[0]
    watched.party_watch_until = business_today() + datetime.timedelta(days=30)  # 留党察看: rights suspended
    watched.save(update_fields=["party_watch_until"])
    review = open_review(branch)
    candidates = set(review.candidates.values_list("person_id", flat=True))
    voters = set(review.voters.values_list("person_id", flat=True))
    assert candidates == {p.pk for p in [*branch.voters, branch.probationary]}  # not the applicant (no standing)
    assert voters == {p.pk for p in branch.voters} - {watched.pk}
    assert review.eligible == len(voters)


def test_no_stored_row_links_a_ballot_to_its_voter(branch, review):
    cast_varied(branch, review)
    before_close = set(Ballot.objects.values_list("id", flat=True))
    services.poll_close(actor=branch.secretary, poll=review)

    # The ballot tables name no person and hold no date or time; their keys are random UUIDs.
    for model in (Ballot, BallotMark):
        for field in model._meta.concrete_fields:
            assert field.get_internal_type() not in ("DateField", "DateTimeField", "TimeField"), field
            assert not (field.is_relation and field.related_model is User), field
        assert model._meta.pk.get_internal_type() == "UUIDField"
    # Closing wrote every ballot anew: no key made while voting (in the voters' transactions) is left.
    ballots = set(Ballot.objects.values_list("id", flat=True))
    assert len(ballots) == len(branch.voters) and not ballots & before_close

    # No row of any table outside the ballot tables names a ballot or a mark.
    keys = {str(pk) for pk in ballots} | {str(pk) for pk in BallotMark.objects.values_list("id", flat=True)}
    keys |= {key.replace("-", "") for key in keys}
    ballot_tables = {Ballot._meta.db_table, BallotMark._meta.db_table}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in ballot_tables:
                continue
            cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")  # noqa: S608 (table names)
            for (row,) in cursor.fetchall():
                assert not any(key in row for key in keys), (table, row)

    # The audit events of the casts say who voted where, never how.
    casts = AuditEvent.objects.filter(process="ballots", action="ballot_cast")
    assert sorted(casts.values_list("actor_id", flat=True)) == sorted(p.pk for p in branch.voters)
    for event in casts:
        assert set(event.data) == {"poll", "kind"}
        assert not any(grade.value in str(event.data) for grade in Choice)
    # A model refers to a Ballot only through BallotMark; nothing refers to a BallotMark.
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (Ballot, BallotMark):
                assert (model, field.related_model) == (BallotMark, Ballot), (model, field)


def test_the_tallies_match_the_ballots_and_a_tampered_ballot_is_detected(branch, review):
    cast_varied(branch, review)
    services.poll_close(actor=branch.secretary, poll=review)
    review.refresh_from_db()
    first = review.candidates.first()
    stored = Tally.objects.get(candidate=first).counts
    expected = {grade.value: 0 for grade in GRADES}
    for index in range(len(branch.voters)):
        expected[GRADES[index % len(GRADES)]] += 1
    assert stored == expected
    assert (review.voted, review.eligible) == (8, 8)
    assert selectors.turnout(review)["percent"] == 100
    assert selectors.verification(review)["ok"]

    mark = BallotMark.objects.filter(candidate=first, choice=Choice.EXCELLENT).first()
    BallotMark.objects.filter(pk=mark.pk).update(choice=Choice.INCOMPETENT)
    check = selectors.verification(review)
    assert not check["ok"]
    assert [row["matches"] for row in check["rows"] if row["name"] == first.person.real_name] == [False]


def test_swapping_marks_between_ballots_keeps_the_counts_but_is_detected(branch, review):
    cast_varied(branch, review)
    services.poll_close(actor=branch.secretary, poll=review)
    first = review.candidates.first()
    one = BallotMark.objects.filter(candidate=first, choice=Choice.EXCELLENT).first()
    two = BallotMark.objects.filter(candidate=first, choice=Choice.INCOMPETENT).first()
    BallotMark.objects.filter(pk=one.pk).update(choice=two.choice)
    BallotMark.objects.filter(pk=two.pk).update(choice=one.choice)
    assert not selectors.verification(Poll.objects.get(pk=review.pk))["ok"]


def test_a_second_ballot_by_one_voter_is_refused_and_nothing_is_written(branch, review):
    services.ballot_cast(actor=branch.members[0], poll=review, marks=marks_for(review))
    before = written()
    with pytest.raises(ApplicationError) as refused:
        services.ballot_cast(actor=branch.members[0], poll=review, marks=marks_for(review, Choice.EXCELLENT))
    assert refused.value.code == "ballot_already_cast"
    assert written() == before


@pytest.mark.parametrize("who", ["probationary", "applicant", "outsider"])
def test_someone_who_is_not_a_voter_is_refused(branch, review, who):
    before = written()
    with pytest.raises(ApplicationError) as refused:
        services.ballot_cast(actor=getattr(branch, who), poll=review, marks=marks_for(review))
    assert refused.value.code == "not_a_voter"
    assert written() == before


def test_a_closed_review_takes_no_ballot(branch, review):
    services.poll_close(actor=branch.secretary, poll=review)
    before = written()
    with pytest.raises(ApplicationError) as refused:
        services.ballot_cast(actor=branch.members[1], poll=review, marks=marks_for(review))
    assert refused.value.code == "poll_not_open"
    assert written() == before


def test_a_ballot_marks_every_candidate_and_only_candidates_with_the_review_grades(branch, review):
    complete = marks_for(review)
    missing = dict(list(complete.items())[1:])
    stranger = {**complete, 999999: Choice.COMPETENT}
    yes_no = {**complete, next(iter(complete)): Choice.FOR}
    before = written()
    for marks, code in [
        (missing, "ballot_incomplete"),
        (stranger, "mark_not_a_candidate"),
        (yes_no, "mark_choice_invalid"),
        ({"x": "COMPETENT"}, "mark_not_a_candidate"),
    ]:
        with pytest.raises(ApplicationError) as refused:
            services.ballot_cast(actor=branch.members[2], poll=review, marks=marks)
        assert refused.value.code == code
    assert written() == before


def test_a_branch_holds_one_review_a_school_year(branch, review):
    today = business_today()
    with pytest.raises(ApplicationError) as refused:
        services.review_create(
            actor=branch.secretary, organisation=branch.branch, title="又一次", opens=today, closes=today
        )
    assert refused.value.code == "review_exists_for_year"
    next_year = today.replace(year=today.year + 1)
    later = services.review_create(
        actor=branch.secretary, organisation=branch.branch, title="下一学年", opens=next_year, closes=next_year
    )
    assert later.school_year == review.school_year + 1


def test_only_the_branch_organisers_create_and_run_a_review(branch, review):
    today = business_today()
    with pytest.raises(ApplicationError) as refused:
        services.review_create(
            actor=branch.members[0], organisation=branch.tree.branch_b, title="x", opens=today, closes=today
        )
    assert refused.value.code == "not_an_organiser"
    with pytest.raises(ApplicationError) as refused:
        services.poll_close(actor=branch.members[0], poll=review)
    assert refused.value.code == "not_an_organiser"


def test_an_election_names_the_most_voted_and_shows_a_tie_as_a_tie(branch):
    today = business_today()
    nominees = branch.members[:3]
    election = services.election_create(
        actor=branch.secretary,
        organisation=branch.branch,
        title="优秀共产党员评选",
        opens=today,
        closes=today,
        places=1,
        nominees=nominees,
    )
    services.poll_open(actor=branch.secretary, poll=election)
    ids = {c.person_id: c.pk for c in election.candidates.all()}
    a, b, c = (ids[p.pk] for p in nominees)
    with pytest.raises(ApplicationError) as refused:  # one place: at most one 赞成
        services.ballot_cast(actor=branch.secretary, poll=election, marks={a: "FOR", b: "FOR", c: "AGAINST"})
    assert refused.value.code == "too_many_votes"
    plan = [(a, "FOR"), (a, "FOR"), (b, "FOR"), (b, "FOR"), (c, "FOR"), (None, None), (None, None), (None, None)]
    for voter, (chosen, _choice) in zip(branch.voters, plan, strict=True):
        marks = {pk: ("FOR" if pk == chosen else "ABSTAIN") for pk in (a, b, c)}
        services.ballot_cast(actor=voter, poll=election, marks=marks)
    services.poll_close(actor=branch.secretary, poll=election)
    outcome = selectors.results(Poll.objects.get(pk=election.pk))
    assert [(row["for"], row["outcome"]) for row in outcome["rows"]] == [(2, "tied"), (2, "tied"), (1, "")]
    assert outcome["tie"] and outcome["tied_places"] == 1


def test_an_election_nominates_branch_members_only(branch):
    today = business_today()
    with pytest.raises(ApplicationError) as refused:
        services.election_create(
            actor=branch.secretary,
            organisation=branch.branch,
            title="评选",
            opens=today,
            closes=today,
            places=1,
            nominees=[branch.outsider],
        )
    assert refused.value.code == "nominee_not_eligible"
    assert not Poll.objects.exists()


def test_publishing_needs_a_closed_vote_and_opens_the_counts_to_the_branch(branch, review):
    with pytest.raises(ApplicationError) as refused:
        services.poll_publish(actor=branch.secretary, poll=review)
    assert refused.value.code == "poll_not_closed"
    services.poll_close(actor=branch.secretary, poll=review)
    services.poll_publish(actor=branch.secretary, poll=review)
    assert Poll.objects.get(pk=review.pk).status == PollStatus.PUBLISHED
    actions = list(AuditEvent.objects.filter(process="ballots").values_list("action", flat=True))
    assert actions == ["poll_create", "poll_open", "poll_close", "poll_publish"]
    assert re.fullmatch(r"[0-9a-f]{64}", Poll.objects.get(pk=review.pk).digest)
