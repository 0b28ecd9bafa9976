"""The permission matrix's entries for programmes.records (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_records.py.

In each tree the matrix's "member" records in the branch's programme; "committee" is the person responsible for them.
So:

- a record: seen by its author ("member"), by whoever may confirm it — the person responsible ("committee") and the
  programme's organisers (the branch "secretary"; the bureau's "leading" group, which organises evaluation) — and
  by nobody else (404). Confirming or returning: 403 to its author (own_record), success to the confirmers;
- the programme's progress pages (the school's, a group's, a pair's, the export): RECORDS_OVERSEERS (organisers
  and whoever sees cases at the branch or above); 403 to whoever else sees the programme; 404 to the rest. The
  pair's mentee ("member") also sees the pair's page;
- my records, the entry page and the inbox: every signed-in person (each sees only their own).
"""

from tests.security.matrix import Entry, api, each, foreign, get, not_allowed, page, post, tree

# Who may confirm the home record: the responsible person and the programme's organisers.
RECORD_CONFIRMERS = ("committee", "secretary", "leading")
RECORD_SEERS = ("member", *RECORD_CONFIRMERS)
# Who sees everyone's progress: the organisers and whoever sees cases at the branch or above.
RECORDS_OVERSEERS = (
    "secretary",
    "committee",
    "party_committee",
    "core_lead",
    "basic_edu",
    "leading",
    "auditor",
    "org_admin",
)
# Who sees the programme without overseeing it (the branch's people, the bureau's process administrator).
PROGRAMME_SEERS = ("applicant", "member", "designer")


def record(world, scope, role):
    return {"pk": tree(world, scope).record.pk}


def returned(world, scope, role):
    return {"pk": tree(world, scope).record_returned.pk}


def evidence(world, scope, role):
    t = tree(world, scope)
    return {"pk": t.record.pk, "attachment": t.record_evidence.pk}


def programme(world, scope, role):
    return {"pk": tree(world, scope).records_programme.pk}


def group(world, scope, role):
    t = tree(world, scope)
    return {"pk": t.records_programme.pk, "group": t.records_group.pk}


def pair(world, scope, role):
    return {"pk": tree(world, scope).records_pair.pk}


def new_record(world, scope, role):
    return {
        "programme": tree(world, scope).records_programme.pk,
        "kind": "OBSERVATION",
        "date": "2026-10-20",
        "details": {
            "class_name": "一(1)班",
            "subject": "语文",
            "notes": "记录",
            "suggestions": "建议",
            "reflection": "反思",
        },
    }


def record_form(world, scope, role):
    return {
        "programme": tree(world, scope).records_programme.pk,  # the person may record in several
        "kind": "OBSERVATION",
        "date": "2026-10-20",
        "class_name": "一(1)班",
        "subject": "语文",
        "notes": "记录",
        "suggestions": "建议",
        "reflection": "反思",
    }


def inbox_choice(world, scope, role):
    return {"records": [tree(world, scope).record.pk]}


def seen(ok: int, expect, **by_role) -> dict:
    """``ok`` for the record's seers, 404 for everyone else."""
    return expect(404, each(RECORD_SEERS, ok), **by_role)


def decided(expect, ok: int) -> tuple:
    """Confirming or returning the home record: its author 403, its confirmers ``ok``, the rest 404; on the other
    county's record, everyone 404 (the outsider there administers, organises nothing)."""
    anonymous = 302 if expect is page else 401
    return (
        not_allowed(anonymous=anonymous),
        post(expect(404, each(RECORD_CONFIRMERS, ok), member=403), data={"reason": "请补充"}),
        foreign(post(expect(404), data={"reason": "请补充"})),
    )


def overseen(expect, ok: int = 200) -> tuple:
    return (
        get(expect(404, each(PROGRAMME_SEERS, 403), each(RECORDS_OVERSEERS, ok))),
        foreign(get(expect(404, outsider=ok))),
    )


RECORDS_MATRIX: dict[str, Entry] = {
    # Pages (/programmes/records/)
    "programmes-records-mine": Entry((get(page()),)),
    "programmes-records-new": Entry(
        (
            get(page()),
            # only a recorder records (the member, and the applicant, on the list through the pairs' world)
            post(page(403, member=302, applicant=302), data=record_form),
        )
    ),
    "programmes-records-inbox": Entry((get(page()), post(page(422, each(RECORD_CONFIRMERS, 302)), data=inbox_choice))),
    "programmes-records-detail": Entry((get(seen(200, page)), foreign(get(page(404)))), record),
    "programmes-records-evidence": Entry((get(seen(200, page)), foreign(get(page(404)))), evidence),
    "programmes-records-confirm": Entry(decided(page, 302), record),
    "programmes-records-return": Entry(decided(page, 302), record),
    "programmes-records-correct": Entry(
        (
            get(seen(403, page, member=200)),
            post(seen(403, page, member=302), data=record_form),
            foreign(get(page(404))),
        ),
        returned,
    ),
    "programmes-records-school": Entry(overseen(page), programme),
    "programmes-records-export": Entry(overseen(page), programme),
    "programmes-records-group": Entry(overseen(page), group),
    "programmes-records-pair": Entry(
        (get(page(404, each(RECORDS_OVERSEERS, 200), member=200)), foreign(get(page(404, outsider=200)))), pair
    ),
    # API (/api/v1/programmes/records/)
    "api-programmes-records-list": Entry(
        (
            get(api()),
            post(
                api(404, each(PROGRAMME_SEERS, 403), each(RECORDS_OVERSEERS, 403), member=201, applicant=201),
                data=new_record,
            ),
            foreign(post(api(404, outsider=403), data=new_record)),
        )
    ),
    "api-programmes-records-detail": Entry((get(seen(200, api)), foreign(get(api(404)))), record),
    "api-programmes-records-confirm": Entry(decided(api, 200), record),
    "api-programmes-records-return": Entry(decided(api, 200), record),
    "api-programmes-records-progress": Entry(
        (
            get(api(404, each(PROGRAMME_SEERS, 403), each(RECORDS_OVERSEERS, 200), member=200, applicant=200)),
            foreign(get(api(404, outsider=200))),
        ),
        programme,
    ),
}
