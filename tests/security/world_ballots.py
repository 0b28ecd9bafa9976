"""The security world's objects for programmes.ballots (issue 19), added to each county's tree: in the tree's branch,

- ``review``: this school year's 民主评议, open, nobody has voted yet (casting, closing);
- ``election``: a 评选表彰 of two nominees, two ballots cast, closed and not yet published (results, verification,
  publishing);
- ``draft_election``: a 评选表彰 being prepared, with its nominees (naming nominees, opening);

every title carrying the tree's tag, so that a page showing the other county's shows."""

from core.dates import business_today
from programmes.ballots import services


def add_ballots(tree) -> None:
    """Adds this part's objects to the tree (a SimpleNamespace of tests/security/world.py)."""
    party, today = tree.party, business_today()
    secretary, nominees = party.secretary, party.members[:2]
    review = services.review_create(
        actor=secretary, organisation=tree.branch, title=f"{tree.tag}民主评议", opens=today, closes=today
    )
    tree.review = services.poll_open(actor=secretary, poll=review)
    election = services.election_create(
        actor=secretary,
        organisation=tree.branch,
        title=f"{tree.tag}优秀党员评选",
        opens=today,
        closes=today,
        places=1,
        nominees=nominees,
    )
    services.poll_open(actor=secretary, poll=election)
    first, second = election.candidates.order_by("order")
    for voter, chosen in ((party.members[0], first), (party.members[1], second)):
        marks = {first.pk: "ABSTAIN", second.pk: "ABSTAIN", chosen.pk: "FOR"}
        services.ballot_cast(actor=voter, poll=election, marks=marks)
    tree.election = services.poll_close(actor=secretary, poll=election)
    tree.draft_election = services.election_create(
        actor=secretary,
        organisation=tree.branch,
        title=f"{tree.tag}评选草稿",
        opens=today,
        closes=today,
        places=1,
        nominees=nominees,
    )
