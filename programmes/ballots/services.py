"""Writes of the ballot engine: create a review (民主评议) or an election (评选表彰), name an election's nominees,
open (fixing candidates and voters), cast a ballot, close (re-seal and tally) and publish.

How no ballot can be traced to its voter
========================================
A person's vote is split over two tables that share nothing but the poll:

- ``Voter`` (poll, person, voted_at) records THAT someone voted: it refuses a second ballot and gives the turnout;
- ``Ballot`` (random UUID key, poll) with its ``BallotMark`` rows (random UUID key, ballot, candidate, choice)
  records HOW, and names no person, holds no instant and no day (even a day would single out the lone voter of a
  day), and has no sequence: a UUID key says nothing about when it was made.

Casting is one transaction: the poll row is locked (so a close cannot slip between the checks and the writes), then
the person's Voter row; every check runs before anything is written (a second ballot, a non-voter, a closed poll, a
mark for a non-candidate, a candidate left unmarked — 弃权 is an explicit choice, so a ballot marks every candidate);
then the ballot and its marks are inserted and ``voted_at`` set. The audit event of the cast says that the person
voted in the poll ("ballot_cast", with the poll's id and kind): no choice, no ballot key.

While a poll is open the database itself could still relate a ballot to its voter: PostgreSQL stores rows in the
order they were inserted and stamps each with the transaction that wrote it (``xmin``), which is the transaction
that set ``voted_at``. So closing re-seals the ballots: in the closing transaction every ballot and mark is read,
deleted and written anew with new random keys, the ballots in a random order (the operating system's randomness).
After that every ballot carries the closing transaction's stamp and sits in a random place; nothing the application or
a database reader can see relates it to a Voter row. (Until autovacuum reclaims them, the deleted row versions stay
in the table files: only someone reading the raw files, not through SQL, could look at those.) Before the close
nobody sees ballots or counts through the application.

Closing then counts: a ``Tally`` per candidate ({choice: n} and the SHA-256 of its marks, each "<ballot>:<choice>"
line sorted) and the poll's turnout (voted / eligible) and digest of every mark. programmes.ballots.selectors
``verification`` recounts from the ballots and compares: a changed, added or removed mark shows.

A ballot is only as secret as the electorate is large: with one voter, the counts are their ballot. That is the
nature of any vote, not a leak of these tables.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationKind, User
from audit.services import audit_record
from core.dates import business_today
from core.exceptions import ApplicationError, ConflictError
from core.school_year import school_year_of
from notifications.models import Kind
from notifications.services import notify
from programmes.ballots import selectors
from programmes.ballots.access import may_organise_in
from programmes.ballots.models import Ballot, BallotMark, Candidate, Poll, PollKind, PollStatus, Tally, Voter

PROCESS = "ballots"
_SHUFFLER = random.SystemRandom()  # the operating system's randomness: the order must not be guessable


def _audit(poll: Poll, action: str, actor, data: dict | None = None) -> None:
    audit_record(
        process=PROCESS,
        action=action,
        actor=actor,
        organisation=poll.organisation,
        business_date=business_today(),
        data={"poll": poll.pk, "kind": poll.kind, **(data or {})},
    )


def _organiser(actor, organisation: Organisation) -> None:
    if not may_organise_in(actor, organisation):
        raise ApplicationError(
            "not_an_organiser", _("Only the branch's secretary or committee organises its votes."), status=403
        )


def _check_facts(*, organisation: Organisation, title: str, opens: datetime.date, closes: datetime.date) -> None:
    if organisation.kind != OrganisationKind.BRANCH:
        raise ApplicationError(
            "not_a_branch", _("Votes are held by a party branch."), fields={"organisation": [_("Choose a branch.")]}
        )
    if not title.strip():
        raise ApplicationError("invalid", _("The input is not valid."), fields={"title": [_("Give it a title.")]})
    if closes < opens:
        message = _("Voting must close on or after the day it opens.")
        raise ApplicationError("poll_dates_out_of_order", message, fields={"closes": [message]})


@transaction.atomic
def review_create(
    *, actor, organisation: Organisation, title: str, opens: datetime.date, closes: datetime.date
) -> Poll:
    """A 民主评议 of the branch for the school year its opening day falls in: one a year per branch."""
    _organiser(actor, organisation)
    _check_facts(organisation=organisation, title=title, opens=opens, closes=closes)
    year = school_year_of(opens)
    # Lock the branch row: two organisers creating the year's review at once queue here, and the second is refused.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if Poll.objects.filter(kind=PollKind.REVIEW, organisation=organisation, school_year=year).exists():
        message = _("This branch already has a democratic review for that school year.")
        raise ApplicationError("review_exists_for_year", message, fields={"opens": [message]})
    poll = Poll.objects.create(
        kind=PollKind.REVIEW,
        organisation=organisation,
        school_year=year,
        title=title.strip(),
        opens=opens,
        closes=closes,
        created_by=actor,
    )
    _audit(poll, "poll_create", actor, {"title": poll.title, "opens": str(opens), "closes": str(closes)})
    return poll


@transaction.atomic
def election_create(
    *,
    actor,
    organisation: Organisation,
    title: str,
    opens: datetime.date,
    closes: datetime.date,
    places: int,
    nominees: list[User] | None = None,
) -> Poll:
    """A 评选表彰 vote naming ``places`` people among nominees of the branch (named now or before it opens)."""
    _organiser(actor, organisation)
    _check_facts(organisation=organisation, title=title, opens=opens, closes=closes)
    if not places or places < 1:
        message = _("Name at least one place.")
        raise ApplicationError("places_invalid", message, fields={"places": [message]})
    _check_nominees(organisation, nominees or [], places=places, required=False)
    poll = Poll.objects.create(
        kind=PollKind.ELECTION,
        organisation=organisation,
        school_year=school_year_of(opens),
        title=title.strip(),
        opens=opens,
        closes=closes,
        places=places,
        created_by=actor,
    )
    _write_nominees(poll, nominees or [])
    data = {"title": poll.title, "places": places, "nominees": [p.pk for p in nominees or []]}
    _audit(poll, "poll_create", actor, data)
    return poll


def _check_nominees(organisation: Organisation, nominees: list[User], *, places: int, required: bool) -> None:
    eligible = {person.pk for person in selectors.branch_members(organisation, business_today())}
    strangers = [person for person in nominees if person.pk not in eligible]
    if strangers:
        message = _("Nominate members of the branch only.")
        raise ApplicationError("nominee_not_eligible", message, fields={"nominees": [message]})
    if len({p.pk for p in nominees}) != len(nominees):
        message = _("Each person is nominated once.")
        raise ApplicationError("nominee_repeated", message, fields={"nominees": [message]})
    if (required or nominees) and len(nominees) < places:
        message = _("Nominate at least as many people as there are places.")
        raise ApplicationError("too_few_nominees", message, fields={"nominees": [message]})


def _write_nominees(poll: Poll, nominees: list[User]) -> None:
    Candidate.objects.bulk_create(
        [Candidate(poll=poll, person=person, order=index) for index, person in enumerate(nominees)]
    )


def _locked(poll: Poll) -> Poll:
    return Poll.objects.select_for_update().select_related("organisation").get(pk=poll.pk)


def _require(poll: Poll, status: str, code: str, message) -> None:
    if poll.status != status:
        raise ConflictError(code, message)


@transaction.atomic
def election_nominees_set(*, actor, poll: Poll, nominees: list[User]) -> Poll:
    """The nominees of an election being prepared (replacing any named before)."""
    poll = _locked(poll)
    _organiser(actor, poll.organisation)
    if poll.kind != PollKind.ELECTION:
        raise ApplicationError("not_an_election", _("Only a selection vote has nominees."))
    _require(poll, PollStatus.DRAFT, "poll_not_draft", _("Nominees are named before voting opens."))
    _check_nominees(poll.organisation, nominees, places=poll.places, required=True)
    poll.candidates.all().delete()
    _write_nominees(poll, nominees)
    _audit(poll, "nominees_set", actor, {"nominees": [p.pk for p in nominees]})
    return poll


@transaction.atomic
def poll_open(*, actor, poll: Poll, today: datetime.date | None = None) -> Poll:
    """Voting opens: a review's candidates are the branch's members today (full and probationary), an election's its
    nominees; the voters are the branch's members with full rights today (probationary members and members under
    留党察看 do not vote). Both lists are fixed from now on."""
    poll = _locked(poll)
    _organiser(actor, poll.organisation)
    _require(poll, PollStatus.DRAFT, "poll_not_draft", _("Voting has already been opened."))
    today = today or business_today()
    members = selectors.branch_members(poll.organisation, today)
    if poll.kind == PollKind.REVIEW:
        _write_nominees(poll, members)
    elif set(poll.candidates.values_list("person_id", flat=True)) - {person.pk for person in members}:
        message = _("A nominee is no longer a member of the branch: name the nominees again.")
        raise ApplicationError("nominee_not_eligible", message)
    voters = [person for person in members if person.has_full_rights_on(today)]
    if not poll.candidates.exists():
        raise ApplicationError("no_candidates", _("There is nobody to vote on."))
    if not voters:
        raise ApplicationError("no_voters", _("The branch has no member entitled to vote."))
    Voter.objects.bulk_create([Voter(poll=poll, person=person) for person in voters])
    poll.status, poll.eligible, poll.opened_at = PollStatus.OPEN, len(voters), timezone.now()
    poll.save(update_fields=["status", "eligible", "opened_at"])
    _audit(poll, "poll_open", actor, {"candidates": poll.candidates.count(), "eligible": len(voters)})
    notify(
        recipients=voters,
        kind=Kind.TASK_NEW,
        title=_("Please vote: %(title)s") % {"title": poll.title},
        body=_("Voting closes on %(day)s. Your ballot is secret.") % {"day": poll.closes.isoformat()},
        url=f"/programmes/reviews/{poll.pk}/",
        actor=actor,
    )
    return poll


@transaction.atomic
def ballot_cast(*, actor, poll: Poll, marks: dict[int, str]) -> None:
    """The actor's ballot: ``marks`` maps each candidate's id to a choice of the poll's kind (弃权 included)."""
    poll = _locked(poll)
    if poll.status != PollStatus.OPEN:
        raise ConflictError("poll_not_open", _("Voting is not open."))
    voter = Voter.objects.select_for_update().filter(poll=poll, person=actor).first()
    if voter is None:
        raise ApplicationError("not_a_voter", _("You are not entitled to vote here."), status=403)
    if voter.voted_at is not None:
        raise ConflictError("ballot_already_cast", _("You have already voted."))
    candidates = {c.pk: c for c in poll.candidates.all()}
    try:
        given = {int(key): value for key, value in marks.items()}
    except (TypeError, ValueError):
        raise ApplicationError("mark_not_a_candidate", _("The ballot marks someone who is not a candidate.")) from None
    if set(given) - set(candidates):
        raise ApplicationError("mark_not_a_candidate", _("The ballot marks someone who is not a candidate."))
    missing = set(candidates) - set(given)
    if missing:
        message = _("Mark every candidate (abstaining is a choice).")
        raise ApplicationError("ballot_incomplete", message, fields={f"c{pk}": [message] for pk in sorted(missing)})
    wrong = sorted(pk for pk, choice in given.items() if choice not in poll.choices)
    if wrong:
        message = _("Choose one of the marks offered.")
        raise ApplicationError("mark_choice_invalid", message, fields={f"c{pk}": [message] for pk in wrong})
    if poll.kind == PollKind.ELECTION and sum(1 for c in given.values() if c == "FOR") > poll.places:
        message = _("Vote for at most %(n)d people.") % {"n": poll.places}
        raise ApplicationError("too_many_votes", message)
    ballot = Ballot.objects.create(poll=poll)
    BallotMark.objects.bulk_create(
        [BallotMark(ballot=ballot, candidate=candidates[pk], choice=choice) for pk, choice in given.items()]
    )
    voter.voted_at = timezone.now()
    voter.save(update_fields=["voted_at"])
    _audit(poll, "ballot_cast", actor)  # that the actor voted here: no choice, no ballot key


def _reseal(poll: Poll) -> None:
    """Every ballot of the poll written anew, in a random order, with new keys (see the module's docstring)."""
    ballots: dict = {}
    for ballot_id, candidate_id, choice in BallotMark.objects.filter(ballot__poll=poll).values_list(
        "ballot_id", "candidate_id", "choice"
    ):
        ballots.setdefault(ballot_id, []).append((candidate_id, choice))
    ballots_marks = list(ballots.values())
    _SHUFFLER.shuffle(ballots_marks)
    BallotMark.objects.filter(ballot__poll=poll).delete()
    Ballot.objects.filter(poll=poll).delete()
    fresh = [Ballot(poll=poll) for _marks in ballots_marks]
    Ballot.objects.bulk_create(fresh)
    marks = [
        BallotMark(ballot=ballot, candidate_id=candidate_id, choice=choice)
        for ballot, ballot_marks in zip(fresh, ballots_marks, strict=True)
        for candidate_id, choice in ballot_marks
    ]
    _SHUFFLER.shuffle(marks)
    BallotMark.objects.bulk_create(marks)


@transaction.atomic
def poll_close(*, actor, poll: Poll) -> Poll:
    """Voting closes: the ballots are re-sealed, then counted into a Tally per candidate with the turnout."""
    poll = _locked(poll)
    _organiser(actor, poll.organisation)
    _require(poll, PollStatus.OPEN, "poll_not_open", _("Voting is not open."))
    _reseal(poll)
    count = selectors.recount(poll)
    voted = Voter.objects.filter(poll=poll, voted_at__isnull=False).count()
    if count.ballots != voted:  # an integrity fault, never a voter's doing: refuse rather than publish it
        raise ApplicationError("ballot_count_mismatch", _("The ballots do not match the voters: call the auditor."))
    Tally.objects.bulk_create(
        [
            Tally(poll=poll, candidate_id=pk, counts=row["counts"], digest=row["digest"])
            for pk, row in count.candidates.items()
        ]
    )
    poll.status, poll.voted, poll.digest, poll.closed_at = PollStatus.CLOSED, voted, count.digest, timezone.now()
    poll.save(update_fields=["status", "voted", "digest", "closed_at"])
    tallies = {str(pk): row["counts"] for pk, row in count.candidates.items()}
    _audit(
        poll,
        "poll_close",
        actor,
        {"eligible": poll.eligible, "voted": voted, "digest": count.digest, "tallies": tallies},
    )
    return poll


@transaction.atomic
def poll_publish(*, actor, poll: Poll) -> Poll:
    """The counts are shown to the branch."""
    poll = _locked(poll)
    _organiser(actor, poll.organisation)
    _require(poll, PollStatus.CLOSED, "poll_not_closed", _("Only closed voting can be published."))
    poll.status, poll.published_at = PollStatus.PUBLISHED, timezone.now()
    poll.save(update_fields=["status", "published_at"])
    _audit(poll, "poll_publish", actor)
    return poll
