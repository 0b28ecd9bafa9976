"""The permission matrix's entries for the programmes core (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_programmes.py.

The home programme is the branch's 双培双促进 programme (programmes.access):

- who sees it (PROGRAMME_SEERS): everyone with a role in the branch or above it — its applicant and member, the
  branch secretary and committee, the party committee, the school's lead, the bureau's people; 404 to the rest
  (the other school's department member and lead, who belong elsewhere; the other county);
- who organises it (edits, lists, invites; ORGANISERS): the branch secretary (handle_party_work) and the bureau's
  leading group (organise_evaluation); 403 to the other seers. In the other county, the outsider sees its programme
  (belongs to its bureau) and organises nothing: 403 where organising is asked, 200 where reading.
- the bureau's programme (to adopt): adopted by whoever organises a school or branch below the bureau (the same
  two); 403 to the bureau's other people, who see it; 404 to the rest.
"""

import datetime

from core.dates import business_today
from core.school_year import school_year_of
from tests.security.matrix import (
    Check,
    Entry,
    api,
    delete,
    each,
    foreign,
    get,
    not_allowed,
    page,
    post,
    put,
    tree,
)

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
# Invitations to 组织生活会 are sent (and attendance recorded) by the organisers and the person responsible for the
# participant: the other parts' worlds (world_commitments, world_records) make the branch committee member that.
INVITERS = (*ORGANISERS, "committee")
BUREAU_SEERS = ("basic_edu", "leading", "auditor", "org_admin", "designer")


def _year() -> int:
    return school_year_of(business_today())


def programme(world, scope, role):
    return {"pk": tree(world, scope).programme.pk}


def stage(world, scope, role):
    t = tree(world, scope)
    return {"pk": t.programme.pk, "stage": t.programme_stage.pk}


def quota(world, scope, role):
    t = tree(world, scope)
    return {"pk": t.programme.pk, "quota": t.programme_quota.pk}


def term(world, scope, role):
    return {"pk": tree(world, scope).programme.pk, "number": 1}


def bureau_programme(world, scope, role):
    return {"pk": tree(world, scope).bureau_programme.pk}


def participant(world, scope, role):
    return {"pk": tree(world, scope).participant.pk}


def invitation(world, scope, role):
    return {"pk": tree(world, scope).invitation.pk}


def new_programme(world, scope, role):
    """The branch's programme of next school year (this year's exists)."""
    return {"kind": "DUAL", "organisation": tree(world, scope).branch.pk, "school_year": _year() + 1}


def adopting(world, scope, role):
    return {"organisation": tree(world, scope).branch.pk}


def new_stage(world, scope, role):
    return {"name": "矩阵阶段", "starts": f"{_year()}-11-01", "ends": f"{_year()}-11-30", "description": ""}


def terms(world, scope, role):
    year = _year()
    return {
        "t1-starts": f"{year}-09-01",
        "t1-ends": f"{year + 1}-01-20",
        "t2-starts": f"{year + 1}-02-01",
        "t2-ends": f"{year + 1}-07-15",
    }


def term_dates(world, scope, role):
    return {"starts": f"{_year()}-09-01", "ends": f"{_year() + 1}-01-20"}


def new_quota(world, scope, role):
    return {"kind": "OUTREACH", "period": "YEAR", "count": 1, "audience": "ALL", "note": ""}


def new_participant(world, scope, role):
    """The tree's first plain party member onto the 党员→骨干 list."""
    return {"person": tree(world, scope).party.members[0].pk, "direction": "TO_BACKBONE"}


def meeting(world, scope, role):
    day = business_today() + datetime.timedelta(days=5)
    return {"meeting_date": day.isoformat(), "title": "矩阵组织生活会"}


def _reading(kwargs, *, anonymous: int = 302) -> Entry:
    """A read by whoever sees the programme; 404 to the rest; the other county's by its outsider."""
    expect = page if anonymous == 302 else api
    return Entry(
        (
            get(expect(404, each(PROGRAMME_SEERS, 200))),
            foreign(get(expect(404, outsider=200))),
        ),
        kwargs,
    )


def _organiser_page(kwargs, data, allowed=ORGANISERS) -> Entry:
    """An organiser's edit page: GET the form, POST it (302 once saved)."""
    return Entry(
        (
            get(page(404, each(PROGRAMME_SEERS, 403), each(allowed, 200))),
            post(page(404, each(PROGRAMME_SEERS, 403), each(allowed, 302)), data=data),
            foreign(get(page(404, outsider=403))),
            foreign(post(page(404, outsider=403), data=data)),
        ),
        kwargs,
    )


def _post_only(kwargs, data, ok: int = 302, allowed=ORGANISERS) -> Entry:
    """A POST-only action of the organisers (405 to a GET)."""
    return Entry(
        (
            not_allowed(anonymous=302),
            post(page(404, each(PROGRAMME_SEERS, 403), each(allowed, ok)), data=data),
            foreign(post(page(404, outsider=403), data=data)),
        ),
        kwargs,
    )


PROGRAMMES_MATRIX: dict[str, Entry] = {
    # The hub (/programmes/): each part's links the person may use; open to everyone signed in.
    "programmes-hub": Entry((get(page(200)),)),
    # Pages (/programmes/plans/…)
    "programmes-programme-list": Entry((get(page(200)),)),
    "programmes-programme-new": Entry(
        (
            get(page(403, each(ORGANISERS, 200))),
            post(page(403, each(ORGANISERS, 302)), data=new_programme),
        )
    ),
    "programmes-programme-detail": _reading(programme),
    "programmes-programme-export": _reading(programme),  # the lists as .xlsx
    "programmes-programme-edit": _organiser_page(programme, {"name": "矩阵改名", "description": ""}),
    "programmes-programme-stages": _organiser_page(programme, new_stage),
    "programmes-programme-stage": _organiser_page(stage, new_stage),
    "programmes-programme-stage-remove": _post_only(stage, {}),
    "programmes-programme-terms": _organiser_page(programme, terms),
    "programmes-programme-quotas": _organiser_page(programme, new_quota),
    "programmes-programme-quota-remove": _post_only(quota, {}),
    "programmes-programme-participant-new": _organiser_page(programme, new_participant),
    "programmes-programme-participant": _organiser_page(participant, {"responsible": "", "deadline": ""}),
    "programmes-programme-participant-remove": _post_only(participant, {"reason": "矩阵移出"}),
    "programmes-programme-invite": _organiser_page(participant, meeting, allowed=INVITERS),
    "programmes-programme-attendance": _post_only(invitation, {"attended": "YES"}, allowed=INVITERS),
    "programmes-programme-adopt": Entry(
        (
            get(page(404, each(BUREAU_SEERS, 403), each(ORGANISERS, 200))),
            post(page(404, each(BUREAU_SEERS, 403), each(ORGANISERS, 302)), data=adopting),
            foreign(get(page(404, outsider=403))),
        ),
        bureau_programme,
    ),
    # API (/api/v1/programmes/…)
    "api-programmes-programme-list": Entry(
        (
            get(api(200)),
            post(api(403, each(ORGANISERS, 201)), data=new_programme),
        )
    ),
    "api-programmes-programme-detail": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 200))),
            Check("patch", api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 200)), data={"name": "矩阵改名"}),
            foreign(get(api(404, outsider=200))),
            foreign(Check("patch", api(404, outsider=403), data={"name": "矩阵改名"})),
        ),
        programme,
    ),
    "api-programmes-programme-adopt": Entry(
        (
            post(api(404, each(BUREAU_SEERS, 403), each(ORGANISERS, 201)), data=adopting),
            foreign(post(api(404, outsider=403), data=adopting)),
        ),
        bureau_programme,
    ),
    "api-programmes-programme-stages": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 200))),
            post(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 201)), data=new_stage),
            foreign(post(api(404, outsider=403), data=new_stage)),
        ),
        programme,
    ),
    "api-programmes-programme-stage": Entry(
        (
            put(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 200)), data=new_stage),
            delete(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 204))),
            foreign(delete(api(404, outsider=403))),
        ),
        stage,
    ),
    "api-programmes-programme-term": Entry(
        (
            put(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 200)), data=term_dates),
            foreign(put(api(404, outsider=403), data=term_dates)),
        ),
        term,
    ),
    "api-programmes-programme-quotas": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 200))),
            post(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 200)), data=new_quota),
            foreign(post(api(404, outsider=403), data=new_quota)),
        ),
        programme,
    ),
    "api-programmes-programme-quota": Entry(
        (
            delete(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 204))),
            foreign(delete(api(404, outsider=403))),
        ),
        quota,
    ),
    "api-programmes-programme-participants": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 200))),
            post(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 201)), data=new_participant),
            foreign(post(api(404, outsider=403), data=new_participant)),
        ),
        programme,
    ),
    "api-programmes-programme-participant": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 200))),
            Check(
                "patch",
                api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 200)),
                data={"responsible": None, "deadline": None},
            ),
            foreign(get(api(404, outsider=200))),
        ),
        participant,
    ),
    "api-programmes-programme-participant-remove": Entry(
        (
            post(api(404, each(PROGRAMME_SEERS, 403), each(ORGANISERS, 200)), data={"reason": "矩阵移出"}),
            foreign(post(api(404, outsider=403), data={"reason": "矩阵移出"})),
        ),
        participant,
    ),
    "api-programmes-programme-invitations": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 200))),
            post(api(404, each(PROGRAMME_SEERS, 403), each(INVITERS, 201)), data=meeting),
            foreign(post(api(404, outsider=403), data=meeting)),
        ),
        participant,
    ),
    "api-programmes-programme-attendance": Entry(
        (
            post(api(404, each(PROGRAMME_SEERS, 403), each(INVITERS, 200)), data={"attended": "YES"}),
            foreign(post(api(404, outsider=403), data={"attended": "YES"})),
        ),
        invitation,
    ),
}
