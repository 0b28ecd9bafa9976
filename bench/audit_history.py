"""The audit trail's size per completed party case, measured on a case run through the real services.

Run: .venv/bin/python -m bench audit_history   (needs PostgreSQL; uses a throwaway database; about 20 s)

history  One person runs the party tests' standard path (application, then steps 2–25: 27 events, with the meetings,
         opinions, votes and archive files a real case records) through the services. Its audit rows are measured
         as stored (pg_column_size of each row, after PostgreSQL's compression of large values) and as the JSON text of
         their JSON columns (data, deadlines, warnings, attachments).
"""

import datetime
from types import SimpleNamespace

from bench.harness import Figure, at_most, benchmark, setup_django, throwaway_database


def party_people():
    """The branch, committee and people of the party tests' ``party`` fixture (tests/workflows/party/conftest.py)."""
    from accounts.models import OrganisationKind as K
    from accounts.models import PartyStanding
    from accounts.roles import Role
    from tests.factories import OrganisationFactory, UserFactory, grant

    def full_member(**kwargs):
        return UserFactory(party_standing=PartyStanding.FULL, party_standing_since=datetime.date(2010, 7, 1), **kwargs)

    bureau = OrganisationFactory.create(kind=K.BUREAU, name="玉环市教育局")
    community = OrganisationFactory.create(kind=K.COMMUNITY, parent=bureau, name="城关共同体")
    school = OrganisationFactory.create(kind=K.SCHOOL, parent=community, name="城关一小", is_core_school=True)
    committee = OrganisationFactory.create(
        kind=K.PARTY_COMMITTEE, parent=school, name="城关一小党委", has_approval_authority=True
    )
    p = SimpleNamespace(branch=OrganisationFactory.create(kind=K.BRANCH, parent=committee, name="第一支部"))
    p.secretary, p.orgmember = full_member(real_name="林书记"), full_member(real_name="王组织")
    p.members = [full_member(real_name=f"党员{i}") for i in range(6)]
    p.committeemen = [full_member(real_name=f"党委委员{i}") for i in range(5)]
    p.organizer, p.orgdept = full_member(real_name="黄组织员"), UserFactory(real_name="徐部长")
    p.applicant = UserFactory(real_name="陈申请", birth_date=datetime.date(2000, 5, 4))
    grant(p.secretary, p.branch, Role.BRANCH_SECRETARY)
    grant(p.orgmember, p.branch, Role.BRANCH_ORG_MEMBER)
    for person in [p.secretary, p.orgmember, *p.members]:
        grant(person, p.branch, Role.MEMBER, valid_from=datetime.date(2020, 1, 1))
    for person in p.committeemen:
        grant(person, committee, Role.PARENT_COMMITTEE, valid_from=datetime.date(2020, 1, 1))
    grant(p.organizer, committee, Role.PARENT_ORGANIZER)
    grant(p.orgdept, bureau, Role.GRAND_PARENT_ORG_DEPT)
    grant(p.applicant, p.branch, Role.APPLICANT)
    p.full_ids = sorted(m.pk for m in [p.secretary, p.orgmember, *p.members])
    p.committee_ids = sorted(m.pk for m in p.committeemen)
    return p


def completed_case() -> int:
    from tests.workflows.party.conftest import standard_path
    from tests.workflows.party.factories import run_action
    from workflows.party.steps.application import case_submit

    p = party_people()
    case = case_submit(actor=p.applicant, payload={"branch_id": p.branch.pk, "date": "2023-03-01"})
    for actor, code, payload, *_rest in standard_path(p):
        run_action(case_id=case.pk, code=code, actor=actor, payload=payload)
    return case.pk


def history_size(case_id: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*), sum(pg_column_size(e.*)),
                      sum(octet_length(data::text) + octet_length(deadlines::text)
                          + octet_length(warnings::text) + octet_length(attachments::text))
               FROM audit_auditevent e WHERE process = 'party' AND case_id = %s""",
            [case_id],
        )
        events, stored, json_bytes = cursor.fetchone()
    return {"events": events, "stored": stored, "json": json_bytes}


@benchmark("audit_history", order=20)
def audit_history() -> list[Figure]:
    """Audit trail bytes of one party case completed through the services (standard path, 27 events)."""
    setup_django()

    with throwaway_database():
        case_id = completed_case()
        size = history_size(case_id)
    events = size["events"]
    return [
        Figure(
            "history bytes per completed party case (as stored)",
            "bytes",
            [size["stored"]],
            goal=at_most(20_000),
            note=f"{events} events, {size['stored'] / events:.0f} bytes each (pg_column_size of the rows)",
        ),
        Figure(
            "history bytes per completed party case (JSON text)",
            "bytes",
            [size["json"]],
            note="data + deadlines + warnings + attachments columns",
        ),
    ]
