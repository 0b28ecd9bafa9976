"""Server time and SQL statements of the pages people wait on, on the generated data (bench/generate.py).

Run: .venv/bin/python -m bench dataset pages   (generates stepwise_benchfull / stepwise_benchsmall the first time)

Each page is requested in this process with Django's test client, signed in as a generated person whose work is
realistic: the secretary of a branch (50 cases), a member of a party committee (4 branches, 200 cases) and the
organisation department of a county bureau (400 branches, 20,000 cases). 5 warm-up requests, then 50 timed
ones; the SQL statements of one request are counted. The inbox is timed at the full volume and at 1/100 of it
(its own database), where the statement count must be the same.
"""

import os
import time
from contextlib import contextmanager
from dataclasses import dataclass

from bench import datasets
from bench.generate import database_name
from bench.harness import OPTIONS, Figure, at_most, benchmark, peak_rss_mb, setup_django, timed

REPEAT, WARMUP = 50, 5
PAGE_GOAL = 30.0  # ms, p95: the inbox's goal (issue 8); the other pages are held to it too


@benchmark("dataset", order=30)
def dataset() -> list[Figure]:
    """The generated databases: made now if missing or from an older generator (--regenerate to force)."""
    figures = []
    for volume in ("full", "small"):
        info = datasets.ensure(volume, regenerate=OPTIONS.regenerate)
        rows = info.get("rows", {})
        how = "reused, generated earlier" if info["reused"] else "generated now"
        figures.append(
            Figure(
                f"generate {volume} volume",
                "s",
                [info["seconds"]],
                note=f"{how}: {rows.get('party_partycase', 0):,} cases, {rows.get('viewflow_task', 0):,} tasks, "
                f"{rows.get('audit_auditevent', 0):,} audit events, {sum(rows.values()):,} rows "
                f"(seed {info.get('seed_seconds', 0)} s, load {info.get('load_seconds')} s)",
                extra=info,
            )
        )
        figures.append(
            Figure(
                f"generator peak RSS, {volume} volume",
                "MB",
                [info["peak_rss_mb"]],
                goal=at_most(1024, on="median"),
                note=f"{how}; VmHWM summed over its {info.get('workers', 1)} worker processes and the parent, "
                "streaming COPY in batches",
            )
        )
    return figures


@contextmanager
def on_database(volume: str):
    """Django pointed at a generated database for the duration."""
    from django.db import connection

    connection.close()
    previous = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = database_name(volume)
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous


@dataclass
class People:
    secretary: object
    committee: object
    orgdept: object
    auditor: object
    bureau: object
    case_id: int
    person_name: str


def people(bureau_code: str = "BJ1", community: str = "BJ1-C001") -> People:
    """Generated people of the first community of the first county, and the case with the longest history in the
    secretary's branch."""
    from django.db.models import Count, OuterRef, Subquery

    from accounts.models import Membership
    from audit.models import AuditEvent
    from workflows.party.models import PartyCase

    def holder(code: str, role: str):
        return Membership.objects.select_related("user").filter(organisation__code=code, role=role).first().user

    branch = f"{community}-B1"
    events = (
        AuditEvent.objects.filter(process="party", case_id=OuterRef("pk"))
        .values("case_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    case = (
        PartyCase.objects.filter(branch__code=branch)
        .annotate(events=Subquery(events))
        .select_related("person")
        .order_by("-events", "pk")
        .first()
    )
    return People(
        secretary=holder(branch, "BRANCH_SECRETARY"),
        committee=holder(f"{community}-PC", "PARENT_COMMITTEE"),
        orgdept=holder(bureau_code, "GRAND_PARENT_ORG_DEPT"),
        auditor=holder(bureau_code, "AUDITOR"),
        bureau=holder(bureau_code, "BUREAU_BASIC_EDU"),
        case_id=case.pk,
        person_name=case.person.real_name,
    )


def page(name: str, user, url: str, *, goal: bool = True, note: str = "") -> Figure:
    """Time GET url as user: REPEAT samples after WARMUP; the statements of one request in the figure's extra."""
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(user)
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{name}: GET {url} answered {response.status_code}")
    queries = []

    def count(execute, sql, params, many, context):  # survives the connection closed at the end of each request
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(url)
    samples = timed(lambda: client.get(url), repeat=REPEAT, warmup=WARMUP)
    return Figure(
        name,
        "ms",
        samples,
        goal=at_most(PAGE_GOAL) if goal else None,
        note=f"{len(queries)} SQL statements{'; ' + note if note else ''}",
        extra={"url": url, "queries": len(queries), "bytes": len(response.content)},
    )


def open_tasks(user) -> int:
    from workflows.access import delegators_of
    from workflows.inbox import open_tasks_for

    return open_tasks_for(user, delegators=delegators_of(user)).count()


def inboxes(volume: str) -> list[Figure]:
    with on_database(volume):
        who = people()
        figures = []
        for label, user in (
            ("branch secretary", who.secretary),
            ("committee member", who.committee),
            ("county organisation dept", who.orgdept),
        ):
            figures.append(
                page(
                    f"inbox 待办, {label}, {volume}",
                    user,
                    "/tasks/",
                    note=f"{open_tasks(user):,} open tasks in the box",
                )
            )
        return figures


@benchmark("pages", order=40)
def pages() -> list[Figure]:
    """Server time of the inbox (full and 1/100 volume), case page, auditor search and dashboards."""
    for volume in ("full", "small"):
        datasets.ensure(volume)  # generated by the "dataset" benchmark; made here if it was skipped
    os.environ["DATABASE_URL"] = datasets.url_for(database_name("full"))
    setup_django()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host name
    started = time.perf_counter()
    small = inboxes("small")
    full = inboxes("full")
    figures = []
    for at_full, at_small in zip(full, small, strict=True):
        figures += [at_full, at_small]
        same = at_full.extra["queries"] == at_small.extra["queries"]
        figures.append(
            Figure(
                at_full.name.replace(", full", ": SQL statements, full ÷ 1/100"),
                "statements",
                [at_full.extra["queries"]],
                baseline=[at_small.extra["queries"]],
                goal=at_most(1.0, on="ratio"),
                note="constant" if same else f"{at_full.extra['queries']} at full, {at_small.extra['queries']} small",
            )
        )
    with on_database("full"):
        who = people()
        figures += [
            page("case page (full history)", who.secretary, f"/party/{who.case_id}/", note="as the branch secretary"),
            page(
                "auditor search by person",
                who.auditor,
                f"/audit/?person={who.person_name}",
                note="a county auditor, the person of the case above",
            ),
            page("auditor console, no filter", who.auditor, "/audit/", note="a county auditor: the latest events"),
            page("dashboard party, committee", who.committee, "/dashboards/party/", note="4 branches, 200 cases"),
            page("dashboard party, county", who.orgdept, "/dashboards/party/", note="400 branches, 20,000 cases"),
            page("dashboard bureau", who.bureau, "/dashboards/bureau/", note="applications, evaluation"),
        ]
    figures.append(
        Figure(
            "pages benchmark process peak RSS",
            "MB",
            [peak_rss_mb()],
            note=f"{time.perf_counter() - started:.0f} s of requests",
        )
    )
    return figures
