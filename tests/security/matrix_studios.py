"""The permission matrix's entries for programmes.studios (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_studios.py.

The studio belongs to the home tree's 协作型 core school. Its lead is the branch's plain member ("member"), the
branch's applicant is its apprentice. Organisers of the school's studios: the branch secretary (handle_party_work
within the school), the bureau's leading group (organise_evaluation) and organisation administrator
(manage_members); they and the lead manage it (MANAGERS). Whoever else belongs to the school or sees it from above
sees its public page (403 to the rest); the other school's people and the other county get 404. The leading group
also writes and confirms the annual evaluation. In the other county its organisation administrator (the outsider)
is an organiser: the same request there answers them as the home organisation administrator is answered here.
Forms posted empty are shown again with 422 (API: 400) to those allowed.
"""

from tests.security.matrix import Check, Entry, api, each, get, page, post, tree

MANAGERS = ("member", "secretary", "leading", "org_admin")
ORGANISERS = ("secretary", "leading", "org_admin")
FILES = (*MANAGERS, "applicant")  # the apprentice sees the files too
SEERS = (*FILES, "committee", "party_committee", "core_lead", "basic_edu", "auditor", "designer")


def _expect(kind, ok_roles, ok: int, *, seen: int = 403, outsider: int | None = None, **by_role) -> tuple:
    """The home check (404 to whoever does not see the studio, ``seen`` to the school's others, ``ok`` to
    ``ok_roles``) and the foreign one (404 to all but the outsider, answered as the home org_admin)."""
    home = kind(404, each(SEERS, seen), each(ok_roles, ok), **by_role)
    abroad = kind(404, outsider=home["org_admin"] if outsider is None else outsider)
    return home, abroad


def _pair(method, kind, ok_roles, ok: int, *, data=None, **options) -> tuple:
    home, abroad = _expect(kind, ok_roles, ok, **options)
    return (
        Check(method, home, data=data),
        Check(method, abroad, scope="foreign", data=data),
    )


def obj(name: str):
    return lambda world, scope, role: {"pk": getattr(tree(world, scope), name).pk}


def school(world, scope, role):
    return {"pk": tree(world, scope).collab_core.pk}


def studio_file(world, scope, role):
    o = tree(world, scope)
    return {"pk": o.studio.pk, "attachment": o.studio_photo.pk}


def new_studio(world, scope, role):
    o = tree(world, scope)
    return {
        "school": o.collab_core.pk,
        "name": "矩阵工作室",
        "lead": o.party.members[5].pk,
        "founded_on": o.studio_new_day,
    }


def pool_input(world, scope, role):
    o = tree(world, scope)
    return {"organisation": o.collab_core.pk, "pool": "RESERVE", "person": o.party.applicant.pk, "reason": "矩阵"}


def pools_query(world, scope, role):
    return {"organisation": tree(world, scope).collab_core.pk}


STUDIO, ROW, POOL = obj("studio"), obj("studio_row"), obj("pool_entry")
AGREEMENT, PLAN, DRAFT, ITEM = obj("agreement"), obj("studio_plan"), obj("studio_draft"), obj("studio_item")
ACTIVITY, EVALUATION = obj("studio_activity"), obj("studio_evaluation")
ORG_NEW = {"org_admin": 200}  # the outsider organises the other county's schools: the new-studio page opens for them

# Acknowledging: the mentor (the lead) and the apprentice; the other managers are not a party to it (403).
ACK = {"applicant": 302, "member": 302, "secretary": 403, "leading": 403, "org_admin": 403}
ACK_API = {"applicant": 200, "member": 200, "secretary": 403, "leading": 403, "org_admin": 403}

STUDIOS_MATRIX = {
    "programmes-studios-list": Entry(checks=(get(page(200)),)),
    "programmes-studios-new": Entry(
        checks=(
            get(page(403, each(ORGANISERS, 200), outsider=200)),
            post(page(403, each(ORGANISERS, 422), outsider=422)),
        )
    ),
    "programmes-studios-pools": Entry(
        kwargs=school,
        checks=(*_pair("get", page, ORGANISERS, 200), *_pair("post", page, ORGANISERS, 422)),
    ),
    "programmes-studios-pool-remove": Entry(kwargs=POOL, checks=_pair("post", page, ORGANISERS, 302)),
    "programmes-studios-studio": Entry(kwargs=STUDIO, checks=_pair("get", page, SEERS, 200)),
    "programmes-studios-people": Entry(
        kwargs=STUDIO, checks=(*_pair("get", page, MANAGERS, 200), *_pair("post", page, MANAGERS, 422))
    ),
    "programmes-studios-person-leave": Entry(kwargs=ROW, checks=_pair("post", page, MANAGERS, 302)),
    "programmes-studios-agreement-new": Entry(
        kwargs=STUDIO, checks=(*_pair("get", page, MANAGERS, 200), *_pair("post", page, MANAGERS, 422))
    ),
    "programmes-studios-agreement": Entry(
        kwargs=AGREEMENT,
        checks=(*_pair("get", page, FILES, 200), *_pair("post", page, MANAGERS, 422, applicant=403)),
    ),
    "programmes-studios-agreement-acknowledge": Entry(
        kwargs=AGREEMENT, checks=_pair("post", page, (), 0, outsider=403, **ACK)
    ),
    "programmes-studios-plan-new": Entry(
        kwargs=STUDIO, checks=(*_pair("get", page, MANAGERS, 200), *_pair("post", page, MANAGERS, 422))
    ),
    "programmes-studios-plan": Entry(
        kwargs=DRAFT, checks=(*_pair("get", page, SEERS, 200), *_pair("post", page, MANAGERS, 422))
    ),
    "programmes-studios-plan-item-remove": Entry(kwargs=ITEM, checks=_pair("post", page, MANAGERS, 302)),
    "programmes-studios-plan-publish": Entry(kwargs=DRAFT, checks=_pair("post", page, MANAGERS, 302)),
    "programmes-studios-plan-amend": Entry(kwargs=PLAN, checks=_pair("post", page, MANAGERS, 302)),
    "programmes-studios-activity-new": Entry(
        kwargs=STUDIO, checks=(*_pair("get", page, FILES, 200), *_pair("post", page, FILES, 422))
    ),
    "programmes-studios-activity": Entry(kwargs=ACTIVITY, checks=_pair("get", page, FILES, 200)),
    "programmes-studios-report-new": Entry(
        kwargs=STUDIO, checks=(*_pair("get", page, MANAGERS, 200), *_pair("post", page, MANAGERS, 422))
    ),
    "programmes-studios-evaluation-new": Entry(
        kwargs=STUDIO,
        checks=(
            *_pair("get", page, ("leading",), 200, outsider=403),
            *_pair("post", page, ("leading",), 422, outsider=403),
        ),
    ),
    "programmes-studios-evaluation-confirm": Entry(
        kwargs=EVALUATION, checks=_pair("post", page, ("leading",), 302, outsider=403)
    ),
    "programmes-studios-file-new": Entry(
        kwargs=STUDIO, checks=(*_pair("get", page, MANAGERS, 200), *_pair("post", page, MANAGERS, 422))
    ),
    "programmes-studios-file": Entry(kwargs=studio_file, checks=_pair("get", page, FILES, 200)),
    "programmes-studios-bundle": Entry(kwargs=STUDIO, checks=_pair("post", page, MANAGERS, 200)),
    # The API.
    "api-programmes-studios-list": Entry(
        checks=(
            get(api(200)),
            *_pair("post", api, ORGANISERS, 201, data=new_studio),
        )
    ),
    "api-programmes-studios-pools": Entry(
        checks=(
            Check("get", _expect(api, ORGANISERS, 200)[0], data=pools_query),
            Check("get", _expect(api, ORGANISERS, 200)[1], scope="foreign", data=pools_query),
            *_pair("post", api, ORGANISERS, 201, data=pool_input),
        )
    ),
    "api-programmes-studios-pool-remove": Entry(
        kwargs=POOL, checks=_pair("post", api, ORGANISERS, 200, data={"reason": "矩阵"})
    ),
    "api-programmes-studios-studio": Entry(kwargs=STUDIO, checks=_pair("get", api, SEERS, 200)),
    "api-programmes-studios-people": Entry(kwargs=STUDIO, checks=_pair("post", api, MANAGERS, 400)),
    "api-programmes-studios-person-leave": Entry(kwargs=ROW, checks=_pair("post", api, MANAGERS, 200)),
    "api-programmes-studios-agreements": Entry(kwargs=STUDIO, checks=_pair("post", api, MANAGERS, 400)),
    "api-programmes-studios-agreement": Entry(
        kwargs=AGREEMENT, checks=(*_pair("get", api, FILES, 200), *_pair("put", api, MANAGERS, 400, applicant=403))
    ),
    "api-programmes-studios-agreement-acknowledge": Entry(
        kwargs=AGREEMENT, checks=_pair("post", api, (), 0, outsider=403, **ACK_API)
    ),
    "api-programmes-studios-plans": Entry(kwargs=STUDIO, checks=_pair("post", api, MANAGERS, 400)),
    "api-programmes-studios-plan": Entry(kwargs=PLAN, checks=_pair("get", api, SEERS, 200)),
    "api-programmes-studios-plan-items": Entry(kwargs=DRAFT, checks=_pair("post", api, MANAGERS, 400)),
    "api-programmes-studios-plan-publish": Entry(kwargs=DRAFT, checks=_pair("post", api, MANAGERS, 200)),
    "api-programmes-studios-plan-amend": Entry(kwargs=PLAN, checks=_pair("post", api, MANAGERS, 201)),
    "api-programmes-studios-activities": Entry(kwargs=STUDIO, checks=_pair("post", api, FILES, 400)),
    "api-programmes-studios-reports": Entry(kwargs=STUDIO, checks=_pair("post", api, MANAGERS, 400)),
    "api-programmes-studios-evaluations": Entry(
        kwargs=STUDIO, checks=_pair("post", api, ("leading",), 400, outsider=403)
    ),
    "api-programmes-studios-evaluation-confirm": Entry(
        kwargs=EVALUATION, checks=_pair("post", api, ("leading",), 200, outsider=403)
    ),
    "api-programmes-studios-files": Entry(kwargs=STUDIO, checks=_pair("post", api, MANAGERS, 400)),
    "api-programmes-studios-bundle": Entry(kwargs=STUDIO, checks=_pair("post", api, MANAGERS, 200)),
}
