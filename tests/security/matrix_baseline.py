"""The permission matrix's entries for programmes.baseline (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_baseline.py.

The school is the 协作型 core school holding the branch; the person a party member of the branch with a county-level
title (recorded by the branch secretary). Reading a school's baseline: holders of see_cases, manage_members,
handle_party_work or organise_evaluation on it or above (the core school's lead, the bureau's sections, auditor and
organisation administrator) and the party staff of a branch inside it (the secretary); the bureau's process
administrator sees the school without reading it (403); anyone else, 404. Recording (and importing): manage_members
or handle_party_work there — the secretary and the organisation administrator; other readers 403. The county's
figures: readers on the bureau (the secretary and the core school's lead are not: 404).
"""

from tests.security.matrix import Entry, api, each, foreign, get, not_allowed, page, post, tree

SCHOOL_READERS = ("secretary", "core_lead", "basic_edu", "leading", "auditor", "org_admin")
RECORDERS = ("secretary", "org_admin")
COUNTY_READERS = ("basic_edu", "leading", "auditor", "org_admin")


def school(world, scope, role):
    return {"pk": tree(world, scope).collab_core.pk}


def county(world, scope, role):
    return {"pk": tree(world, scope).bureau.pk}


def person(world, scope, role):
    return {"pk": tree(world, scope).baseline_distinction.person_id}


def distinction(world, scope, role):
    return {"pk": tree(world, scope).baseline_distinction.pk}


RECORD = {"title": "EXCELLENT_TEACHER", "level": 1, "awarded_on": "2025-09-10"}
WITHDRAW = {"reason": "矩阵"}


def read(expect, ok: int = 200, *, readers=SCHOOL_READERS, seen_by=("designer",)):
    """``ok`` for the readers, 403 for whoever sees the place only, 404 for anyone else (the outsider too)."""
    return expect(404, each(seen_by, 403), each(readers, ok))


def read_foreign(expect, ok: int = 200):
    return foreign(get(expect(404, outsider=ok)))


def school_entry() -> Entry:
    return Entry((get(read(page)), read_foreign(page)), school)


def record(expect, ok: int):
    """Recorders ``ok``, other readers 403, everyone else 404."""
    return expect(404, each(SCHOOL_READERS, 403), each(RECORDERS, ok))


BASELINE_MATRIX: dict = {
    "programmes-baseline-home": Entry((get(page()),)),
    "programmes-baseline-school": school_entry(),
    "programmes-baseline-targets": school_entry(),
    "programmes-baseline-teachers": school_entry(),
    "programmes-baseline-teachers-export": school_entry(),
    "programmes-baseline-figures-export": school_entry(),
    "programmes-baseline-county": Entry(
        (get(read(page, readers=COUNTY_READERS)), read_foreign(page)),
        county,
    ),
    # A person's titles and honours: seen like their school (the designer, who sees no school of theirs: 404).
    "programmes-baseline-person": Entry(
        (
            get(read(page, seen_by=())),
            post(record(page, 422)),  # an empty form
            read_foreign(page),
            foreign(post(page(404, outsider=422))),
        ),
        person,
    ),
    "programmes-baseline-evidence": Entry((get(read(page, seen_by=())), read_foreign(page)), distinction),
    "programmes-baseline-withdraw": Entry(
        (
            not_allowed(anonymous=302),
            post(record(page, 302), data=WITHDRAW),
            foreign(post(page(404, outsider=302), data=WITHDRAW)),
        ),
        distinction,
    ),
    "programmes-baseline-import": Entry(
        (
            get(page(403, each(RECORDERS, 200), outsider=200)),
            post(page(403, each(RECORDERS, 422), outsider=422)),  # no file
        )
    ),
    "programmes-baseline-import-template": Entry((get(page(403, each(RECORDERS, 200), outsider=200)),)),
    # The API
    "api-programmes-baseline-distinctions": Entry(
        (
            get(read(api, seen_by=())),
            post(record(api, 201), data=RECORD),
            read_foreign(api),
            foreign(post(api(404, outsider=201), data=RECORD)),
        ),
        person,
    ),
    "api-programmes-baseline-withdraw": Entry(
        (
            not_allowed(anonymous=401),
            post(record(api, 200), data=WITHDRAW),
            foreign(post(api(404, outsider=200), data=WITHDRAW)),
        ),
        distinction,
    ),
    "api-programmes-baseline-figures": Entry((get(read(api)), read_foreign(api)), school),
    "api-programmes-baseline-targets": Entry((get(read(api)), read_foreign(api)), school),
}
