"""The permission matrix's entries for the programmes' dashboard (issue 19 item 10); tests/security/matrix.py adds
them to MATRIX. No world objects of its own: the page counts what the other parts' world files made.

The dashboard offers the bureaus, communities, schools and branches where the person reads the teachers' baseline
or oversees programmes (see_cases, handle_party_work, organise_evaluation, manage_members there or above; a
branch's party staff read their school): the branch officers and committee, the party committee, the schools'
leads, the bureau's sections, auditor and organisation administrator, and the other county's administrator on
theirs. Whoever holds none of these (a member, a teacher, an applicant, the process administrator) gets 404, and
so does anyone asking for an organisation they are not offered (the other county's). Without ?org= the first
organisation offered is shown. The rows page and the export need a chart (?chart=pledges always has its four
categories).
"""

from tests.security.matrix import Entry, each, foreign, get, page

READERS = (
    "secretary",
    "committee",
    "party_committee",
    "core_lead",
    "member_lead",
    "basic_edu",
    "leading",
    "auditor",
    "org_admin",
    "outsider",
)
CELL = {"chart": "pledges", "s": 0, "c": 0}
TABLE = {"chart": "pledges"}


def other_county(query: dict):
    def data(world, scope, role):
        return {"org": world.foreign.bureau.pk, **query}

    return data


def entry(query: dict) -> Entry:
    return Entry(
        (
            get(page(404, each(READERS, 200)), data=query),
            foreign(get(page(404, outsider=200), data=other_county(query))),
        )
    )


DASHBOARD_MATRIX: dict = {
    "programmes-dashboard": entry({}),
    "programmes-dashboard-rows": entry(CELL),
    "programmes-dashboard-export": entry(TABLE),
}
