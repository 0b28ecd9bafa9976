"""Databases of the HTTP benchmarks: a migrated, seeded template, and per run fresh copies full of open steps.

The template (``stepwise_benchhttp_template``) holds the schema of bench.settings (every Stepwise app and the
baseline), one organisation tree with BRANCHES branches under a committee with approval authority, a secretary
and an organisation member per branch, tokens for the secretaries and for BRANCHES baseline approvers, and per
branch one party case submitted through the services (``case_submit``) and one baseline process started through
viewflow. It is rebuilt when a migration or this file changes (the fingerprint is the database's comment) or on
``--regenerate``. Each run copies it (``CREATE DATABASE … TEMPLATE``, about a second) and then clones each seed
case/process in SQL as many times as the load needs, so every client completes steps nobody else touches and
every run starts from the same table sizes.
"""

import datetime
import hashlib
import os
import secrets
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import psycopg

from bench.servers import ROOT

BRANCHES = 16  # one client per branch, each signed in as that branch's secretary
TEMPLATE = "stepwise_benchhttp_template"
PASSWORD = "bench-Stepwise-2026"  # the bench people's password (for sign-in through the API)


@dataclass
class Seeds:
    """What a run's clients need, read from a copy of the template."""

    party: list[tuple[int, str]]  # per branch: (seed case id, the secretary's token)
    baseline: list[tuple[int, str]]  # per approver: (seed process id, the approver's token)


def prepare(databases: list[str], redis_url: str) -> tuple[dict, str, bool]:
    """Set this process up as the HTTP benchmarks' client: bench.settings on the first of ``databases`` with what
    production needs (the SECRET_KEY shared with the servers it starts, so sessions and tokens made here hold
    there; REDIS_URL read at settings import: Redis channel layer and broker here too), ``redis_url`` emptied, the
    template built if stale and each database a fresh copy of it. Returns the connection settings, the admin
    DSN and whether the template was rebuilt."""
    from bench.harness import OPTIONS, setup_django

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/stepwise").rsplit("/", 1)[0]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",  # the template's settings; the servers run production's
        DATABASE_URL=f"{base}/{databases[0]}",
        REDIS_URL=redis_url,
        SECRET_KEY=secrets.token_urlsafe(50),
        # production refuses the development audit key; a fixed one keeps the template's chain sealed by it
        AUDIT_HMAC_KEYS=os.environ.get("AUDIT_HMAC_KEYS", "bench:stepwise-benchmark-audit-key-0123456789"),
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",  # eager Celery would log every task in this process
    )
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    setup_django()
    from django.db import connection

    settings_dict = dict(connection.settings_dict)
    dsn = admin_dsn(settings_dict)
    rebuilt = ensure_template(dsn, dict(os.environ), regenerate=OPTIONS.regenerate)
    for name in databases:
        fresh_copy(dsn, name)
    return settings_dict, dsn, rebuilt


def admin_dsn(settings_dict: dict) -> str:
    host = settings_dict["HOST"] or "127.0.0.1"
    password = f" password={settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    return f"host={host} port={settings_dict['PORT'] or 5432} user={settings_dict['USER']}{password} dbname=postgres"


def fingerprint() -> str:
    """Every migration of the project and this file: a change to either means the template is stale."""
    from bench.datasets import migrations_fingerprint

    return hashlib.sha256(Path(__file__).read_bytes() + migrations_fingerprint().encode()).hexdigest()[:32]


def _comment(conn, name: str) -> str | None:
    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name]
    ).fetchone()
    return None if row is None else (row[0] or "")


def ensure_template(dsn: str, migrate_env: dict, *, regenerate: bool) -> bool:
    """Build the template if it is missing or stale; True when it was (re)built. Django must be set up, with
    its default connection closed: the seeding switches it to the template and back."""
    from django.db import connection

    wanted = fingerprint()
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not regenerate and _comment(conn, TEMPLATE) == wanted:
            return False
        conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TEMPLATE}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env={**migrate_env, "DATABASE_URL": migrate_env["DATABASE_URL"].rsplit("/", 1)[0] + f"/{TEMPLATE}"},
        check=True,
    )
    run_name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = TEMPLATE
    try:
        _seed()
    finally:
        connection.close()
        connection.settings_dict["NAME"] = run_name
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{TEMPLATE}\" IS '{wanted}'")
    return True


def _seed() -> None:
    from accounts.models import OrganisationKind as K
    from accounts.roles import Role
    from accounts.services import membership_grant, organisation_create, user_create
    from bench.baseline.flows import ApprovalFlow
    from core.dates import business_today
    from workflows.party.steps.application import case_submit

    today = business_today()
    since = today - datetime.timedelta(days=365)
    bureau = organisation_create(code="BENCH-B", name="基准教育局", kind=K.BUREAU)
    community = organisation_create(
        code="BENCH-C", name="基准共同体", kind=K.COMMUNITY, parent=bureau, community_type="FUSION"
    )
    school = organisation_create(code="BENCH-S", name="基准学校", kind=K.SCHOOL, parent=community)
    committee = organisation_create(
        code="BENCH-P", name="基准党委", kind=K.PARTY_COMMITTEE, parent=school, has_approval_authority=True
    )
    for index in range(BRANCHES):
        branch = organisation_create(
            code=f"BENCH-{index:02d}", name=f"基准第{index + 1}支部", kind=K.BRANCH, parent=committee
        )
        secretary = user_create(username=f"bench-secretary-{index}", real_name=f"书记{index}", password=PASSWORD)
        orgmember = user_create(username=f"bench-orgmember-{index}", real_name=f"组织委员{index}")
        applicant = user_create(
            username=f"bench-seed-{index}", real_name=f"申请人{index}", birth_date=datetime.date(2000, 1, 1)
        )
        membership_grant(user=secretary, organisation=branch, role=Role.BRANCH_SECRETARY, valid_from=since)
        membership_grant(user=orgmember, organisation=branch, role=Role.BRANCH_ORG_MEMBER, valid_from=since)
        membership_grant(user=applicant, organisation=branch, role=Role.APPLICANT, valid_from=since)
        case_submit(actor=secretary, payload={"branch_id": branch.pk, "person_id": applicant.pk, "date": str(today)})
        approver = user_create(username=f"bench-approver-{index}", real_name=f"审批人{index}", password=PASSWORD)
        ApprovalFlow.start.run(owner=approver)


def fresh_copy(dsn: str, name: str) -> None:
    """Replace ``name`` with a copy of the template."""
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')


def seeds() -> Seeds:
    """The seed cases and processes of the database Django is connected to, with a token of their people
    (issued now: tokens expire and only their digest is stored, so the template cannot keep them)."""
    from viewflow.workflow.models import Process

    from accounts.models import User
    from accounts.tokens import token_issue
    from bench.baseline.flows import ApprovalFlow
    from workflows.party.models import PartyCase

    keys: dict[int, str] = {}

    def token_of(user_id: int) -> str:
        if user_id not in keys:
            keys[user_id] = token_issue(user=User.objects.get(pk=user_id))[1]
        return keys[user_id]

    party = [
        (case.pk, token_of(case.initiator_id))
        for case in PartyCase.objects.filter(person__username__startswith="bench-seed-").order_by("pk")
    ]
    baseline = [
        (process.pk, token_of(process.data["owner"]))
        for process in Process.objects.filter(flow_class=ApprovalFlow).order_by("pk")
    ]
    return Seeds(party=party, baseline=baseline)


def _columns(model, *, skip=()) -> list[str]:
    return [f.column for f in model._meta.local_concrete_fields if not f.primary_key and f.column not in skip]


def clone_processes(seed_id: int, count: int, *, child=None, child_values: dict | None = None) -> list[int]:
    """``count`` copies of a process with its tasks and their links, in a few statements; returns the new
    process ids. ``child`` is the process's own model when it extends viewflow's Process by a table of its own
    (PartyCase); ``child_values`` gives per column either one value for every copy or a list of one per copy."""
    from django.db import connection, transaction
    from viewflow.workflow.models import Process, Task

    process_columns = _columns(Process)
    task_columns = _columns(Task, skip=("process_id",))
    with transaction.atomic(), connection.cursor() as cursor:
        cols = ", ".join(f'"{c}"' for c in process_columns)
        cursor.execute(
            f"INSERT INTO viewflow_process ({cols}) SELECT {cols} FROM viewflow_process, generate_series(1, %s) "
            "WHERE id = %s ORDER BY generate_series RETURNING id",
            [count, seed_id],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if child is not None:
            given = child_values or {}
            pointer = child._meta.pk.column
            kept = [c for c in _columns(child) if c not in given]
            per_copy = {c: v for c, v in given.items() if isinstance(v, list)}
            same = {c: v for c, v in given.items() if not isinstance(v, list)}
            names = ", ".join(f'"{c}"' for c in [pointer, *per_copy, *same, *kept])
            arrays = ", ".join(["%s"] * (1 + len(per_copy)))
            aliases = ", ".join(["new_id", *(f"v{i}" for i in range(len(per_copy)))])
            select = ["n.new_id", *(f"n.v{i}" for i in range(len(per_copy))), *["%s"] * len(same)]
            select += [f't."{c}"' for c in kept]
            table = child._meta.db_table
            cursor.execute(
                f'INSERT INTO "{table}" ({names}) SELECT {", ".join(select)} '
                f'FROM "{table}" t, unnest({arrays}) AS n({aliases}) WHERE t."{pointer}" = %s',
                [*same.values(), ids, *per_copy.values(), seed_id],
            )
        tcols = ", ".join(f'"{c}"' for c in task_columns)
        cursor.execute(
            f"INSERT INTO viewflow_task ({tcols}, process_id) SELECT {', '.join(f't.{c}' for c in task_columns)}, "
            "n.new_id FROM viewflow_task t, unnest(%s) AS n(new_id) WHERE t.process_id = %s",
            [ids, seed_id],
        )
        cursor.execute(
            "INSERT INTO viewflow_task_previous (from_task_id, to_task_id) "
            "SELECT nf.id, nt.id FROM viewflow_task_previous p "
            "JOIN viewflow_task f ON f.id = p.from_task_id JOIN viewflow_task t ON t.id = p.to_task_id "
            "JOIN viewflow_task nf ON nf.flow_task = f.flow_task AND nf.process_id = ANY(%s) "
            "JOIN viewflow_task nt ON nt.flow_task = t.flow_task AND nt.process_id = nf.process_id "
            "WHERE f.process_id = %s",
            [ids, seed_id],
        )
    return ids


def open_steps(process_ids: list[int], flow_task) -> list[int]:
    """The open task of ``flow_task`` in each process, in the processes' order."""
    from viewflow.workflow.models import Task

    by_process = dict(
        Task.objects.filter(
            process_id__in=process_ids, flow_task=flow_task, status__in=["NEW", "ASSIGNED"]
        ).values_list("process_id", "pk")
    )
    return [by_process[pk] for pk in process_ids]


def party_talks(seed_case_id: int, count: int, *, prefix: str) -> list[int]:
    """``count`` new applicants of the seed case's branch, each with a case waiting for the talk (step 2),
    received today; returns the talk steps' task ids."""
    from accounts.models import User
    from core.dates import business_today
    from workflows.party.flows import PartyFlow
    from workflows.party.models import PartyCase

    people = User.objects.bulk_create(
        User(username=f"{prefix}-{i}", real_name=f"申请人{prefix[-4:]}{i}", password="!", birth_date="2000-01-01")
        for i in range(count)
    )
    today = business_today()
    ids = clone_processes(
        seed_case_id,
        count,
        child=PartyCase,
        child_values={
            "person_id": [p.pk for p in people],
            "initiator_id": [p.pk for p in people],
            "application_date": today,
        },
    )
    return open_steps(ids, PartyFlow.record_talk)


def baseline_approvals(seed_process_id: int, count: int) -> list[int]:
    """``count`` copies of a baseline process waiting for its approver; returns the approval task ids."""
    from bench.baseline.flows import ApprovalFlow

    return open_steps(clone_processes(seed_process_id, count), ApprovalFlow.approve)
