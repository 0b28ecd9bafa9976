"""The audit trail's size per completed party case, and how fast the whole chain verifies at 100,000 events.

Run: .venv/bin/python -m bench audit_chain   (needs PostgreSQL; uses a throwaway database; about a minute)

history  One person runs the party tests' standard path (application, then steps 2–25: 27 events, with the meetings,
         opinions, votes and archive files a real case records) through the services. Its audit rows are measured
         as stored (pg_column_size of each row, after PostgreSQL's compression of large values) and as the JSON text of
         their JSON columns (data, deadlines, warnings, attachments).
verify   100,000 more events are bulk-inserted as 4,000 chains of 25 (a case's worth each), copying the content of the
         real case's events so that each hash costs what it costs in production; the chain is computed here with
         audit.chain.hash_of from GENESIS. Then audit.verification.verify_all() reads and checks the whole table, three
         times. "hash only" re-checks the first 5,000 inserted events, held in memory: the share that is not the
         database. "on disk" divides the table's total size (heap, TOAST and indexes) by its rows.
"""

import datetime
import itertools
import json
import statistics
import time
from types import SimpleNamespace

from bench.harness import RESULTS, setup_django, throwaway_database

CHAINS, CHAIN_LENGTH, BATCH = 4000, 25, 5000
FIRST_CASE_ID = 10_000_000  # beyond any real case id, so the synthetic chains stand alone
COPIED = (
    "action", "step", "from_state", "to_state", "actor_id", "actor_name", "actor_role", "organisation_id",
    "on_behalf_of", "business_date", "rule_set", "deadlines", "warnings", "reason", "override_approver_id", "data",
    "data_hash", "attachments", "comment", "client_type", "ip",
)  # fmt: skip


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
    from workflows.party.engine import run_action
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


def chained_events(case_id: int):
    """Yield CHAINS × CHAIN_LENGTH new events, chain by chain, each chain hashed from GENESIS."""
    from django.utils import timezone

    from audit.chain import GENESIS, hash_of
    from audit.models import AuditEvent

    template = list(AuditEvent.objects.filter(process="party", case_id=case_id).order_by("pk"))
    start = timezone.now()
    for chain in range(CHAINS):
        previous = GENESIS
        for position in range(CHAIN_LENGTH):
            source = template[position % len(template)]
            event = AuditEvent(
                process="party",
                case_id=FIRST_CASE_ID + chain,
                created_at=start + datetime.timedelta(seconds=chain * CHAIN_LENGTH + position),
                prev_hash=previous,
                **{name: getattr(source, name) for name in COPIED},
            )
            event.event_hash = previous = hash_of(event)
            yield event


def insert_chains(case_id: int) -> tuple[float, list]:
    """Insert the chains in batches, one transaction each; return the seconds taken and the first batch."""
    from django.db import transaction

    from audit.models import AuditEvent

    clock, first = time.perf_counter(), None
    for batch in itertools.batched(chained_events(case_id), BATCH, strict=False):
        with transaction.atomic():
            inserted = AuditEvent.objects.bulk_create(batch)
        first = first or inserted
    return time.perf_counter() - clock, first


def main() -> None:
    setup_django()
    from django.db import connection

    from audit.chain import verify_events
    from audit.verification import verify_all

    with throwaway_database():
        case_id = completed_case()
        size = history_size(case_id)
        inserted_s, held = insert_chains(case_id)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audit_auditevent")
            cursor.execute("SELECT pg_total_relation_size('audit_auditevent') / count(*) FROM audit_auditevent")
            (disk_per_event,) = cursor.fetchone()
        runs = []
        for _ in range(3):
            clock = time.perf_counter()
            checked, broken = verify_all()
            runs.append(time.perf_counter() - clock)
            if broken is not None:
                raise SystemExit(f"chain broken at event {broken.pk}")
        clock = time.perf_counter()
        held_checked, held_broken = verify_events(held)
        hash_only = time.perf_counter() - clock
        assert held_broken is None and held_checked == len(held)

    total = CHAINS * CHAIN_LENGTH
    median = statistics.median(runs)
    rows = [
        {
            "figure": "history bytes per completed party case (as stored)",
            "value": size["stored"],
            "unit": "bytes",
            "note": f"{size['events']} events, {size['stored'] / size['events']:.0f} bytes each "
            f"(pg_column_size of the rows)",
        },
        {
            "figure": "history bytes per completed party case (JSON text)",
            "value": size["json"],
            "unit": "bytes",
            "note": "data + deadlines + warnings + attachments columns",
        },
        {
            "figure": "history on disk per completed party case",
            "value": disk_per_event * size["events"],
            "unit": "bytes",
            "note": f"{disk_per_event} bytes per event with TOAST and indexes, measured over the 100k table",
        },
        {
            "figure": f"bulk insert of {total:,} chained events",
            "value": round(total / inserted_s),
            "unit": "events/s",
            "note": f"{inserted_s:.1f} s, hashes computed in Python, {BATCH} per transaction",
        },
        {
            "figure": f"verify_all over {checked:,} events",
            "value": round(checked / median),
            "unit": "events/s",
            "note": f"median {median:.2f} s of 3 (min {min(runs):.2f}, max {max(runs):.2f}); chain intact",
        },
        {
            "figure": f"hash only, {held_checked:,} events in memory",
            "value": round(held_checked / hash_only),
            "unit": "events/s",
            "note": f"{hash_only:.2f} s: verify_events without the database",
        },
    ]
    width = max(len(row["figure"]) for row in rows)
    print("\n== audit_chain ==")
    for row in rows:
        print(f"{row['figure']:<{width}}  {row['value']:>10,} {row['unit']:<9} {row['note']}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "audit_chain.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2), encoding="utf-8")
