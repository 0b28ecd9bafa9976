"""Reads of the ballot engine: a branch's members on a day, the votes a person sees, the recount of a vote's ballots
and its comparison with the stored tallies (the auditors' verification), the results, and the 三星 list of a
school (approved cases of the designed process ``three-stars``)."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, PartyStanding, User
from accounts.permissions import subtree_q
from accounts.roles import VIEW
from core.school_year import school_year_of
from programmes.ballots.models import BallotMark, Candidate, Choice, Poll, PollKind, Tally, Voter

STARS_CODE = "three-stars"
STARS = ("德育之星", "教学之星", "科学之星")  # the options of the definition's "star" field (designer/seeds)


def branch_members(branch: Organisation, day: datetime.date) -> list[User]:
    """Full and probationary members of the party holding a role in the branch (or one of its party groups) on
    ``day``: whom a 民主评议 reviews; those of them with full rights vote."""
    ids = (
        Membership.objects.active_on(day)
        .filter(organisation__path__startswith=branch.path)
        .values_list("user_id", flat=True)
    )
    people = User.objects.filter(
        pk__in=ids,
        is_active=True,
        party_standing__in=[PartyStanding.FULL, PartyStanding.PROBATIONARY],
    ).filter(Q(party_standing_since__isnull=True) | Q(party_standing_since__lte=day))
    return list(people.order_by("real_name", "pk"))


def organised_branches(user) -> QuerySet[Organisation]:
    """The branches where the user organises votes (handle_party_work or decide_branch there or above)."""
    from accounts.models import OrganisationKind
    from programmes.ballots.access import ORGANISER_RIGHTS

    if not user.is_authenticated:
        return Organisation.objects.none()
    condition = Q(pk__in=[])
    for right in sorted(ORGANISER_RIGHTS):
        condition |= subtree_q(user, right, path_field="path")
    return Organisation.objects.filter(condition, kind=OrganisationKind.BRANCH).order_by("path")


def polls_for(user) -> QuerySet[Poll]:
    """The votes a person sees: of organisations they belong to or oversee, and those they vote in or are on."""
    if not user.is_authenticated:
        return Poll.objects.none()
    mine = Q(pk__in=Voter.objects.filter(person=user).values("poll_id")) | Q(
        pk__in=Candidate.objects.filter(person=user).values("poll_id")
    )
    return Poll.objects.filter(subtree_q(user, VIEW) | mine).select_related("organisation")


def has_voted(user, poll: Poll) -> bool | None:
    """True / False for a voter of the poll, None for anyone else."""
    voter = Voter.objects.filter(poll=poll, person=user).only("voted_at").first()
    return None if voter is None else voter.voted_at is not None


def turnout(poll: Poll) -> dict:
    """Voted / eligible and the exact percentage (two places, half up); while open, the voters so far."""
    voted = poll.voted if poll.closed_at else Voter.objects.filter(poll=poll, voted_at__isnull=False).count()
    percent = (
        (Decimal(voted * 100) / Decimal(poll.eligible)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if (poll.eligible)
        else Decimal("0.00")
    )
    return {"voted": voted, "eligible": poll.eligible, "percent": percent}


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(lines)).encode()).hexdigest()


@dataclass
class Count:
    ballots: int = 0
    digest: str = ""
    candidates: dict = field(default_factory=dict)  # candidate id -> {"counts": {choice: n}, "digest": str}
    incomplete: int = 0  # ballots that do not mark every candidate exactly once


def recount(poll: Poll) -> Count:
    """Count the poll's ballots from the marks themselves."""
    candidate_ids = list(poll.candidates.values_list("pk", flat=True))
    per_candidate: dict[int, list[str]] = {pk: [] for pk in candidate_ids}
    counts: dict[int, dict[str, int]] = {pk: dict.fromkeys(poll.choices, 0) for pk in candidate_ids}
    per_ballot: dict = {}
    all_lines = []
    for ballot_id, candidate_id, choice in BallotMark.objects.filter(ballot__poll=poll).values_list(
        "ballot_id", "candidate_id", "choice"
    ):
        per_candidate.setdefault(candidate_id, []).append(f"{ballot_id}:{choice}")
        counts.setdefault(candidate_id, {}).setdefault(choice, 0)
        counts[candidate_id][choice] += 1
        per_ballot.setdefault(ballot_id, []).append(candidate_id)
        all_lines.append(f"{ballot_id}:{candidate_id}:{choice}")
    ballots = poll.ballots.count()
    wanted = sorted(candidate_ids)
    incomplete = sum(1 for marked in per_ballot.values() if sorted(marked) != wanted) + (ballots - len(per_ballot))
    return Count(
        ballots=ballots,
        digest=_digest(all_lines),
        candidates={pk: {"counts": counts[pk], "digest": _digest(lines)} for pk, lines in per_candidate.items()},
        incomplete=incomplete,
    )


def _labelled(counts: dict, order) -> list[tuple[str, int]]:
    """Each choice's label and count, in the poll's order of choices (a stray code last, as it is)."""
    codes = [c for c in order if c in counts] + sorted(c for c in counts if c not in order)
    return [(str(Choice(code).label) if code in Choice.values else code, counts[code]) for code in codes]


def verification(poll: Poll) -> dict:
    """The auditors' check of a closed vote: recount the ballots and compare with the stored tallies, the poll's
    digest and its voters. ``ok`` when everything matches; ``problems`` says what does not, in words."""
    count = recount(poll)
    stored = {t.candidate_id: t for t in Tally.objects.filter(poll=poll)}
    names = {c.pk: c.person.real_name for c in poll.candidates.select_related("person")}
    voters = Voter.objects.filter(poll=poll, voted_at__isnull=False).count()
    problems, rows = [], []
    for pk in sorted(set(count.candidates) | set(stored), key=lambda pk: (names.get(pk, ""), pk)):
        counted = count.candidates.get(pk, {"counts": {}, "digest": ""})
        tally = stored.get(pk)
        same = tally is not None and tally.counts == counted["counts"] and tally.digest == counted["digest"]
        stored_counts = tally.counts if tally else {}
        rows.append(
            {
                "name": names.get(pk, "?"),
                "stored": stored_counts,
                "recounted": counted["counts"],
                "stored_labels": _labelled(stored_counts, poll.choices),
                "recounted_labels": _labelled(counted["counts"], poll.choices),
                "matches": same,
            }
        )
        if not same:
            problems.append(_("The recount of %(name)s differs from the stored tally.") % {"name": names.get(pk, "?")})
    if count.ballots != poll.voted or count.ballots != voters:
        problems.append(
            _("%(ballots)d ballots for %(voters)d voters who voted.") % {"ballots": count.ballots, "voters": voters}
        )
    if count.incomplete:
        problems.append(_("%(n)d ballots do not mark every candidate exactly once.") % {"n": count.incomplete})
    if count.digest != poll.digest:
        problems.append(_("The ballots are not the ones counted when voting closed."))
    return {"ok": not problems, "problems": problems, "rows": rows, "ballots": count.ballots, "digest": count.digest}


def results(poll: Poll) -> dict:
    """The stored counts: per candidate, each choice's count in the poll's order; for an election, the ranking by
    votes for, who is named, and any tie for the last places (shown as a tie, never broken here)."""
    tallies = list(Tally.objects.filter(poll=poll).select_related("candidate__person"))
    choices = [(choice, Choice(choice).label) for choice in poll.choices]
    rows = [
        {
            "name": t.candidate.person.real_name,
            "person": t.candidate.person_id,
            "counts": [t.counts.get(choice, 0) for choice, _label in choices],
            "cells": [(label, t.counts.get(choice, 0)) for choice, label in choices],
            "for": t.counts.get(Choice.FOR, 0),
        }
        for t in tallies
    ]
    outcome = {"choices": choices, "rows": rows, "turnout": turnout(poll), "tie": False}
    if poll.kind == PollKind.ELECTION:
        rows.sort(key=lambda row: (-row["for"], row["name"]))
        places = poll.places or 0
        cut = rows[places - 1]["for"] if 0 < places <= len(rows) else 0
        above = [row for row in rows if row["for"] > cut]
        at_cut = [row for row in rows if row["for"] == cut and cut > 0]
        tie = len(above) + len(at_cut) > places
        for row in rows:
            if row["for"] > cut or (row["for"] == cut and cut > 0 and not tie):
                row["outcome"] = "elected"
            elif tie and row in at_cut:
                row["outcome"] = "tied"
            else:
                row["outcome"] = ""
        outcome["tie"] = tie
        outcome["tied_places"] = places - len(above) if tie else 0
    return outcome


# 争三星: the approved cases of the designed process "three-stars".
def stars_definition():
    from designer.models import Definition

    return Definition.objects.filter(code=STARS_CODE).select_related("owner").first()


def star_holders(school: Organisation, school_year: int) -> list[dict]:
    """Who holds which star at the school in the school year: its approved 三星 applications (the school named in the
    form, the year of the approval), by star then name."""
    from designer.models import DesignedCase, Stage

    cases = DesignedCase.objects.filter(definition__code=STARS_CODE, stage=Stage.APPROVED).select_related("initiator")
    found = []
    for case in cases:
        values = case.values or {}
        if str(values.get("school")) != str(school.pk):
            continue
        decided = case.finished or case.created
        if school_year_of(timezone.localdate(decided)) != school_year:
            continue
        star = values.get("star", "")
        found.append(
            {"star": star, "person": case.initiator.real_name, "case": case.pk, "post": values.get("post", "")}
        )
    order = {star: index for index, star in enumerate(STARS)}
    return sorted(found, key=lambda row: (order.get(row["star"], len(order)), row["person"]))


def may_start_stars(user, today: datetime.date):
    """The 三星 definition when the user may start a case of it now (for the "申报三星" link), else None."""
    from designer.selectors import published, start_places

    definition = stars_definition()
    if definition is None or not definition.enabled or published(definition) is None:
        return None
    return definition if start_places(user, definition, today) else None


def schools_of(user) -> list[Organisation]:
    """The schools a person belongs to (a role at or below them), for the hub's 三星 link."""
    from accounts.models import OrganisationKind

    paths = Membership.objects.active_on(timezone.localdate()).filter(user=user)
    paths = list(paths.values_list("organisation__path", flat=True))
    if not paths:
        return []
    step = Organisation.steplen
    chains = {path[:end] for path in paths for end in range(step, len(path) + 1, step)}
    return list(Organisation.objects.filter(path__in=chains, kind=OrganisationKind.SCHOOL).order_by("path"))
