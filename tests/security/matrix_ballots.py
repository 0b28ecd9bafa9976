"""The permission matrix's entries for programmes.ballots (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_ballots.py (in each tree's branch: an open review, a
closed election, an election being prepared).

- seeing a vote (its page): whoever belongs to the branch or an organisation above it (BRANCH_INSIDERS); 404 to
  anyone else (the other school's teacher and lead, the other county);
- organising it (new, nominees, open, close, publish): the branch secretary and the branch committee; 403 to the
  other insiders;
- casting: the voters (the member, the secretary, the committee: full members of the branch); 403 to the insiders
  who are not voters;
- the counts of a closed vote not yet published: its organisers and the auditor; verifying them: the auditor;
- a school's 三星 page: whoever belongs to the school (a role at it or below) or oversees it.
"""

from tests.security.matrix import (
    BRANCH_INSIDERS,
    Check,
    Entry,
    api,
    each,
    foreign,
    get,
    not_allowed,
    page,
    post,
    tree,
)

ORGANISERS = ("secretary", "committee")
VOTERS = ("member", "secretary", "committee")
COUNTERS = (*ORGANISERS, "auditor")  # read a closed vote's counts before publication


def review(world, scope, role):
    return {"pk": tree(world, scope).review.pk}


def election(world, scope, role):
    return {"pk": tree(world, scope).election.pk}


def draft_election(world, scope, role):
    return {"pk": tree(world, scope).draft_election.pk}


def school(world, scope, role):
    return {"pk": tree(world, scope).collab_core.pk}


def ballot_form(world, scope, role):
    """Every candidate of the tree's review marked 合格, as the page's form posts it."""
    return {f"c{c.pk}": "COMPETENT" for c in tree(world, scope).review.candidates.all()}


def ballot_body(world, scope, role):
    return {"marks": {str(c.pk): "COMPETENT" for c in tree(world, scope).review.candidates.all()}}


def nominees(world, scope, role):
    return {"nominees": [m.pk for m in tree(world, scope).party.members[:2]]}


def new_election(world, scope, role):
    return {
        "kind": "ELECTION",
        "organisation": tree(world, scope).branch.pk,
        "title": "矩阵评选",
        "opens": "2026-12-01",
        "closes": "2026-12-02",
        "places": 1,
    }


def step(name: str):
    return lambda world, scope, role: {"pk": tree(world, scope).draft_election.pk, "step": name}


def seen(ok: int, expect=page, *, right=(), others: int = 403) -> dict:
    """``ok`` for the roles in ``right``, ``others`` for the other insiders of the branch, 404 to anyone else."""
    return expect(404, each(BRANCH_INSIDERS, others), each(right, ok))


def seen_by_all(expect=page) -> dict:
    return expect(404, each(BRANCH_INSIDERS, 200))


def on_poll(method: str, ok: int, expect, *, right, data=None, foreign_ok: int = 403) -> tuple:
    """The check on the home object and, on the other county's, the outsider's answer (``foreign_ok``)."""
    return (
        Check(method, seen(ok, expect, right=right), data=data),
        foreign(Check(method, expect(404, outsider=foreign_ok), data=data)),
    )


BALLOTS_MATRIX: dict = {
    # Pages (/programmes/reviews/)
    "programmes-ballots-list": Entry((get(page()),)),
    "programmes-ballots-new-review": Entry(
        (get(page(403, each(ORGANISERS, 200))), post(page(403, each(ORGANISERS, 422))))
    ),
    "programmes-ballots-new-election": Entry(
        (get(page(403, each(ORGANISERS, 200))), post(page(403, each(ORGANISERS, 422))))
    ),
    "programmes-ballots-poll": Entry((get(seen_by_all()), foreign(get(page(404, outsider=200)))), review),
    "programmes-ballots-cast": Entry(
        (not_allowed(anonymous=302), *on_poll("post", 302, page, right=VOTERS, data=ballot_form)), review
    ),
    "programmes-ballots-nominees": Entry(
        (not_allowed(anonymous=302), *on_poll("post", 302, page, right=ORGANISERS, data=nominees)), draft_election
    ),
    "programmes-ballots-open": Entry(
        (not_allowed(anonymous=302), *on_poll("post", 302, page, right=ORGANISERS)), draft_election
    ),
    "programmes-ballots-close": Entry(
        (not_allowed(anonymous=302), *on_poll("post", 302, page, right=ORGANISERS)), review
    ),
    "programmes-ballots-publish": Entry(
        (not_allowed(anonymous=302), *on_poll("post", 302, page, right=ORGANISERS)), election
    ),
    "programmes-ballots-results": Entry(on_poll("get", 200, page, right=COUNTERS, foreign_ok=200), election),
    "programmes-ballots-verify": Entry(on_poll("get", 200, page, right=("auditor",), foreign_ok=200), election),
    "programmes-ballots-stars": Entry((get(seen_by_all()), foreign(get(page(404, outsider=200)))), school),
    # API (/api/v1/programmes/reviews/)
    "api-programmes-ballots-list": Entry(
        (
            get(api()),
            post(api(403, each(ORGANISERS, 201)), data=new_election),
            foreign(post(api(403), data=new_election)),
        )
    ),
    "api-programmes-ballots-poll": Entry((get(seen_by_all(api)), foreign(get(api(404, outsider=200)))), review),
    "api-programmes-ballots-step": Entry(
        (not_allowed(anonymous=401), *on_poll("post", 200, api, right=ORGANISERS)), step("open")
    ),
    "api-programmes-ballots-nominees": Entry(
        (not_allowed(anonymous=401), *on_poll("put", 200, api, right=ORGANISERS, data=nominees)), draft_election
    ),
    "api-programmes-ballots-cast": Entry(
        (not_allowed(anonymous=401), *on_poll("post", 201, api, right=VOTERS, data=ballot_body)), review
    ),
    "api-programmes-ballots-results": Entry(on_poll("get", 200, api, right=COUNTERS, foreign_ok=200), election),
    "api-programmes-ballots-verify": Entry(on_poll("get", 200, api, right=("auditor",), foreign_ok=200), election),
    "api-programmes-ballots-stars": Entry((get(seen_by_all(api)), foreign(get(api(404, outsider=200)))), school),
}
