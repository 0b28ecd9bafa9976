"""The permission matrix's entries for programmes.commitments (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_commitments.py.

Who is who on the home tree's programme (of the branch):
- it is seen (PROGRAMME_SEERS) by whoever has a role at the branch or above it: its pages list what each may read;
  the teacher and the member school's lead (other schools) and the other county get 404;
- it is organised by the branch secretary and the bureau's leading group (organise_evaluation);
- its pair (a member mentoring the applicant, whose responsible person is the branch committee member) is seen by
  the applicant, the committee member and the organisers only (PAIR_SEERS): 404 to the programme's other seers; the
  applicant acknowledges it, the organisers edit and end it;
- the member's public pledge is read by every seer; their draft plan by nobody else (404); the organisers and the
  member's responsible person (the committee member) review it (REVIEWERS);
- the first party group's letter waits for its leader (no role of the matrix): everyone who sees it is refused.
"""

from tests.security.matrix import Check, Entry, api, each, foreign, get, not_allowed, page, post, tree

PROGRAMME_SEERS = (
    "applicant",
    "member",
    "secretary",
    "committee",
    "party_committee",
    "core_lead",
    "basic_edu",
    "leading",
    "auditor",
    "org_admin",
    "designer",
)
ORGANISERS = ("secretary", "leading")
PAIR_SEERS = ("applicant", "committee", *ORGANISERS)
REVIEWERS = ("committee", *ORGANISERS)
# Who may write a plan or pledge (a role in the branch): the others who see the programme are out of its reach.
IN_BRANCH = ("applicant", "member", "secretary", "committee")


def _c(world, scope):
    return tree(world, scope).commitments


def programme(world, scope, role):
    return {"programme": _c(world, scope).programme.pk}


def person_page(world, scope, role):
    return {"programme": _c(world, scope).programme.pk, "person": tree(world, scope).party.members[5].pk}


def pair(world, scope, role):
    return {"pk": _c(world, scope).pair.pk}


def public_pledge(world, scope, role):
    return {"pk": _c(world, scope).pledge.pk}


def draft(world, scope, role):
    return {"pk": _c(world, scope).draft.pk}


def letter(world, scope, role):
    return {"pk": _c(world, scope).letter.pk}


def pledge_action(action, of):
    return lambda world, scope, role: {**of(world, scope, role), "action": action}


def programme_query(world, scope, role):
    return {"programme": _c(world, scope).programme.pk}


def new_pair(world, scope, role):
    members = tree(world, scope).party.members
    return {"mentor": members[1].pk, "mentee": members[2].pk, "goals": "矩阵目标", "duties": "矩阵职责"}


def new_pair_api(world, scope, role):
    return {**new_pair(world, scope, role), "programme": _c(world, scope).programme.pk}


def new_letter(world, scope, role):
    return {"group": _c(world, scope).groups[1].pk, "text": "矩阵责任书", "duties": "矩阵督导"}


def new_letter_api(world, scope, role):
    return {**new_letter(world, scope, role), "programme": _c(world, scope).programme.pk}


def new_plan_api(world, scope, role):
    return {"programme": _c(world, scope).programme.pk, "kind": "PLAN", "text": "矩阵计划"}


def end_today(world, scope, role):
    """Ended today: the pair was made today, and an end lies between that day and today."""
    from core.dates import business_today

    return {"ended_on": business_today().isoformat(), "reason": "矩阵结束"}


TEXT = {"text": "矩阵修改"}
REVIEW = {"outcome": "KEPT", "comment": "矩阵评议"}

# The programme's pages: every seer reads; in the other county only the outsider sees its programme.
SEEN = page(404, each(PROGRAMME_SEERS, 200))
SEEN_FOREIGN = page(404, outsider=200)
SEEN_API = api(404, each(PROGRAMME_SEERS, 200))
SEEN_API_FOREIGN = api(404, outsider=200)
# Writing what only organisers write: 403 to the programme's other seers.
ORGANISE = page(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 302))
ORGANISE_FOREIGN = page(404, outsider=403)
ORGANISE_API_FOREIGN = api(404, outsider=403)
# The pair: its seers, the organisers' rights and the mentee's acknowledgement.
PAIR_PAGE = page(404, each(PAIR_SEERS, 200))
PAIR_ORGANISE = page(404, each(PAIR_SEERS, 403), each(ORGANISERS, 302))
NOBODY_FOREIGN = page(404)
NOBODY_API_FOREIGN = api(404)

COMMITMENTS_MATRIX = {
    "programmes-pairs-mine": Entry(checks=(get(page(200)),)),
    "programmes-pairs-list": Entry(
        kwargs=programme,
        checks=(
            get(SEEN),
            foreign(get(SEEN_FOREIGN)),
            post(ORGANISE, data=new_pair),
            foreign(post(ORGANISE_FOREIGN, data=new_pair)),
        ),
    ),
    "programmes-pairs-public": Entry(kwargs=programme, checks=(get(SEEN), foreign(get(SEEN_FOREIGN)))),
    "programmes-pairs-pledges": Entry(
        kwargs=person_page,
        checks=(
            get(SEEN),
            foreign(get(SEEN_FOREIGN)),
            # The member has written both: nothing more to write (302 with a message); everyone else may not.
            post(page(404, each(PROGRAMME_SEERS, 403), member=302), data=new_plan_api, unchanged=True),
        ),
    ),
    "programmes-pairs-letters": Entry(
        kwargs=programme,
        checks=(
            get(SEEN),
            foreign(get(SEEN_FOREIGN)),
            post(ORGANISE, data=new_letter),
            foreign(post(ORGANISE_FOREIGN, data=new_letter)),
        ),
    ),
    "programmes-pairs-pair": Entry(kwargs=pair, checks=(get(PAIR_PAGE), foreign(get(NOBODY_FOREIGN)))),
    "programmes-pairs-pair-edit": Entry(
        kwargs=pair,
        checks=(
            get(page(404, each(PAIR_SEERS, 403), each(ORGANISERS, 200))),
            post(PAIR_ORGANISE, data={"goals": "矩阵新目标", "duties": "矩阵新职责"}),
            foreign(post(NOBODY_FOREIGN, data={"goals": "矩阵新目标", "duties": "矩阵新职责"})),
        ),
    ),
    "programmes-pairs-pair-acknowledge": Entry(
        kwargs=pair,
        checks=(
            not_allowed(anonymous=302),
            post(page(404, each(PAIR_SEERS, 403), applicant=302)),
            foreign(post(NOBODY_FOREIGN)),
        ),
    ),
    "programmes-pairs-pair-end": Entry(
        kwargs=pair,
        checks=(
            get(page(404, each(PAIR_SEERS, 403), each(ORGANISERS, 200))),
            post(PAIR_ORGANISE, data=end_today),
            foreign(post(NOBODY_FOREIGN, data=end_today)),
        ),
    ),
    "programmes-pairs-pledge-edit": Entry(
        kwargs=draft,
        checks=(
            get(page(404, member=200)),
            post(page(404, member=302), data=TEXT),
            foreign(post(NOBODY_FOREIGN, data=TEXT)),
            # The public pledge is not edited: refused in words (422), nothing written.
            post(page(404, each(PROGRAMME_SEERS, 403), member=422), data=TEXT, kwargs=public_pledge, unchanged=True),
        ),
    ),
    "programmes-pairs-pledge-publish": Entry(
        kwargs=draft,
        checks=(not_allowed(anonymous=302), post(page(404, member=302)), foreign(post(NOBODY_FOREIGN))),
    ),
    "programmes-pairs-pledge-revise": Entry(
        kwargs=public_pledge,
        checks=(
            get(page(404, each(PROGRAMME_SEERS, 403), member=200)),
            post(page(404, each(PROGRAMME_SEERS, 403), member=302), data=TEXT),
            foreign(post(ORGANISE_FOREIGN, data=TEXT)),
        ),
    ),
    "programmes-pairs-pledge-review": Entry(
        kwargs=public_pledge,
        checks=(
            get(page(404, each(PROGRAMME_SEERS, 403), each(REVIEWERS, 200))),
            post(page(404, each(PROGRAMME_SEERS, 403), each(REVIEWERS, 302)), data=REVIEW),
            foreign(post(ORGANISE_FOREIGN, data=REVIEW)),
        ),
    ),
    "programmes-pairs-letter-acknowledge": Entry(
        kwargs=letter,
        checks=(
            not_allowed(anonymous=302),
            post(page(404, each(PROGRAMME_SEERS, 403))),
            foreign(post(ORGANISE_FOREIGN)),
        ),
    ),
    # The API.
    "api-programmes-pairs-pairs": Entry(
        checks=(
            get(SEEN_API, data=programme_query),
            foreign(get(SEEN_API_FOREIGN, data=programme_query)),
            post(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 201)), data=new_pair_api),
            foreign(post(ORGANISE_API_FOREIGN, data=new_pair_api)),
        )
    ),
    "api-programmes-pairs-pair": Entry(
        kwargs=pair,
        checks=(
            get(api(404, each(PAIR_SEERS, 200))),
            foreign(get(NOBODY_API_FOREIGN)),
            Check(
                "patch",
                api(404, each(PAIR_SEERS, 403), each(ORGANISERS, 200)),
                data=TEXT | {"goals": "g", "duties": "d"},
            ),
        ),
    ),
    "api-programmes-pairs-pair-acknowledge": Entry(
        kwargs=pair,
        checks=(
            not_allowed(anonymous=401),
            post(api(404, each(PAIR_SEERS, 403), applicant=200)),
            foreign(post(NOBODY_API_FOREIGN)),
        ),
    ),
    "api-programmes-pairs-pair-end": Entry(
        kwargs=pair,
        checks=(
            not_allowed(anonymous=401),
            post(api(404, each(PAIR_SEERS, 403), each(ORGANISERS, 200)), data=end_today),
            foreign(post(NOBODY_API_FOREIGN, data=end_today)),
        ),
    ),
    "api-programmes-pairs-pledges": Entry(
        checks=(
            get(SEEN_API, data=programme_query),
            foreign(get(SEEN_API_FOREIGN, data=programme_query)),
            # A plan: written by the people of the branch (the member has one already); out of reach for the rest.
            post(api(404, each(PROGRAMME_SEERS, 400), each(IN_BRANCH, 201), member=400), data=new_plan_api),
            foreign(post(api(404, outsider=400), data=new_plan_api)),
        )
    ),
    "api-programmes-pairs-pledge": Entry(
        kwargs=public_pledge,
        checks=(
            get(SEEN_API),
            foreign(get(SEEN_API_FOREIGN)),
            Check("patch", api(404, member=200), data=TEXT, kwargs=draft),
            Check("patch", api(404, each(PROGRAMME_SEERS, 403), member=400), data=TEXT, unchanged=True),
        ),
    ),
    "api-programmes-pairs-pledge-action": Entry(
        kwargs=pledge_action("review", public_pledge),
        checks=(
            not_allowed(anonymous=401),
            post(api(404, each(PROGRAMME_SEERS, 403), each(REVIEWERS, 200)), data=REVIEW),
            foreign(post(api(404, outsider=403), data=REVIEW)),
            post(api(404, member=200), kwargs=pledge_action("publish", draft)),
            post(
                api(404, each(PROGRAMME_SEERS, 403), member=201),
                data=TEXT,
                kwargs=pledge_action("revise", public_pledge),
            ),
        ),
    ),
    "api-programmes-pairs-letters": Entry(
        checks=(
            get(SEEN_API, data=programme_query),
            foreign(get(SEEN_API_FOREIGN, data=programme_query)),
            post(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 201)), data=new_letter_api),
            foreign(post(ORGANISE_API_FOREIGN, data=new_letter_api)),
        )
    ),
    "api-programmes-pairs-letter": Entry(kwargs=letter, checks=(get(SEEN_API), foreign(get(SEEN_API_FOREIGN)))),
    "api-programmes-pairs-letter-acknowledge": Entry(
        kwargs=letter,
        checks=(
            not_allowed(anonymous=401),
            post(api(404, each(PROGRAMME_SEERS, 403))),
            foreign(post(ORGANISE_API_FOREIGN)),
        ),
    ),
}
