"""The permission matrix's entries for programmes.assessment (issue 19); tests/security/matrix.py adds them to MATRIX.
The world's objects for them are made by tests/security/world_assessment.py.

The home branch's programmes (the published 双培双促进 assessment, the scored and unpublished 创先争优 one):

- organising them (the assessment page, its indicator set, scoring, publishing, corrections, the export): the
  branch secretary (handle_party_work) and the bureau's leading group (organise_evaluation); 403 to the others who see
  the programme (everyone with a role in the branch or above it); 404 to whoever does not (the other schools' lead
  and teacher, the other county);
- a published sheet: also its participant (the branch's 党员5, the matrix's "member") and the person responsible for
  them (the branch committee member); the applicant, listed too, reads only their own (403 on the member's);
- a correction is decided by an organiser other than the one who asked (the secretary asked: refused for them,
  with the message on the page, code correction_self_approval from the API).
"""

from tests.security.matrix import Entry, api, each, foreign, get, page, post, put, tree

ORGANISERS = ("secretary", "leading")
# Who does not see the branch's programme: the other community's member school lead, the teacher of the branch's
# community's member school, and the other county (the core school's lead sees it: the branch is under that school).
UNSEEING = ("teacher", "member_lead", "outsider")
# The branch's programme as the other county sees it: its administrator and auditor see their own programme.
FOREIGN_SEERS = ("outsider",)


def organised(status: int, *, anonymous: int, api_call: bool = False) -> dict:
    make = api if api_call else page
    return make(403, each(UNSEEING, 404), each(ORGANISERS, status), anonymous=anonymous)


def foreign_organised(*, api_call: bool = False) -> dict:
    make = api if api_call else page
    return make(404, each(FOREIGN_SEERS, 403))


def published(world, scope, role):
    return {"pk": tree(world, scope).assessment_programme.pk}


def unpublished(world, scope, role):
    return {"pk": tree(world, scope).assessment_open_programme.pk}


def published_sheet(world, scope, role):
    t = tree(world, scope)
    return {"pk": t.assessment_programme.pk, "participant": t.assessment_participant.pk}


def unpublished_sheet(world, scope, role):
    t = tree(world, scope)
    return {"pk": t.assessment_open_programme.pk, "participant": t.assessment_open_participant.pk}


def correction(world, scope, role):
    return {"pk": tree(world, scope).assessment_correction.pk}


def correction_request(world, scope, role):
    return {
        "participant": tree(world, scope).assessment_participant.pk,
        "indicator": "D6",
        "after": "3",
        "reason": "复核",
    }


APPROVE = {"decision": "approve"}
# The member's published sheet: the organisers, the member and the person responsible for them (the branch committee
# member, as the records part's world lists them).
SHEET_READERS = {**each(ORGANISERS, 200), "member": 200, "committee": 200}


ASSESSMENT_MATRIX = {
    # Pages
    "programmes-assessment-list": Entry(checks=(get(page(200)),)),
    "programmes-assessment-detail": Entry(
        checks=(get(organised(200, anonymous=302)), foreign(get(foreign_organised()))), kwargs=published
    ),
    "programmes-assessment-open": Entry(
        # Already open: the organisers are sent back to the page with the message.
        checks=(post(organised(302, anonymous=302)), foreign(post(foreign_organised()))),
        kwargs=published,
    ),
    "programmes-assessment-publish": Entry(
        checks=(post(organised(302, anonymous=302)), foreign(post(foreign_organised()))), kwargs=unpublished
    ),
    "programmes-assessment-scheme": Entry(
        checks=(
            get(organised(200, anonymous=302)),
            post(organised(422, anonymous=302)),  # nothing posted: the form comes back with its errors
            foreign(get(foreign_organised())),
        ),
        kwargs=unpublished,
    ),
    "programmes-assessment-export": Entry(
        checks=(get(organised(200, anonymous=302)), foreign(get(foreign_organised()))), kwargs=published
    ),
    "programmes-assessment-corrections": Entry(
        checks=(get(organised(200, anonymous=302)), foreign(get(foreign_organised()))), kwargs=published
    ),
    "programmes-assessment-sheet": Entry(
        checks=(
            get(page(403, each(UNSEEING, 404), SHEET_READERS)),
            # Scoring the unpublished sheet: nothing posted, the form comes back; its participant may not score.
            post(organised(422, anonymous=302), kwargs=unpublished_sheet),
            foreign(get(foreign_organised())),
        ),
        kwargs=published_sheet,
    ),
    "programmes-assessment-correction-request": Entry(
        checks=(
            post(organised(302, anonymous=302), data=correction_request),
            foreign(post(foreign_organised())),
        ),
        kwargs=published_sheet,
    ),
    "programmes-assessment-correction-decide": Entry(
        # The secretary asked: sent back with the refusal; the leading group approves.
        checks=(post(organised(302, anonymous=302), data=APPROVE), foreign(post(foreign_organised(), data=APPROVE))),
        kwargs=correction,
    ),
    # API
    "api-programmes-assessment-detail": Entry(
        checks=(
            get(organised(200, anonymous=401, api_call=True)),
            foreign(get(foreign_organised(api_call=True))),
        ),
        kwargs=published,
    ),
    "api-programmes-assessment-open": Entry(
        checks=(
            post(organised(409, anonymous=401, api_call=True)),  # already open
            foreign(post(foreign_organised(api_call=True))),
        ),
        kwargs=published,
    ),
    "api-programmes-assessment-publish": Entry(
        checks=(
            post(organised(200, anonymous=401, api_call=True)),
            foreign(post(foreign_organised(api_call=True))),
        ),
        kwargs=unpublished,
    ),
    "api-programmes-assessment-scheme": Entry(
        checks=(
            get(organised(200, anonymous=401, api_call=True)),
            put(organised(400, anonymous=401, api_call=True)),  # nothing sent: invalid
            foreign(get(foreign_organised(api_call=True))),
        ),
        kwargs=unpublished,
    ),
    "api-programmes-assessment-corrections": Entry(
        checks=(
            get(organised(200, anonymous=401, api_call=True)),
            post(organised(201, anonymous=401, api_call=True), data=correction_request),
            foreign(get(foreign_organised(api_call=True))),
        ),
        kwargs=published,
    ),
    "api-programmes-assessment-sheet": Entry(
        checks=(
            get(api(403, each(UNSEEING, 404), SHEET_READERS)),
            put(organised(400, anonymous=401, api_call=True), kwargs=unpublished_sheet),  # nothing sent: invalid
            foreign(get(foreign_organised(api_call=True))),
        ),
        kwargs=published_sheet,
    ),
    "api-programmes-assessment-correction-decide": Entry(
        checks=(
            post(api(403, each(UNSEEING, 404), secretary=400, leading=200), data=APPROVE),  # 400: the asker
            foreign(post(foreign_organised(api_call=True), data=APPROVE)),
        ),
        kwargs=correction,
    ),
}
