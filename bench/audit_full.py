"""The audit trail at the full volume (stepwise_benchfull): bytes per completed party case, the whole chain's
verification speed, and the verifier's memory.

Run: .venv/bin/python -m bench audit_full   (after the "dataset" benchmark; about a minute)

verify   audit.verification.verify_all() over every event, as manage.py verify_audit runs it: a server-side cursor
         read in (process, case, id) order, 5,000 rows at a time, each event re-hashed. Peak RSS is this process's
         VmHWM, reset just before (so it is the verifier's, not Django's start-up).
hash     the same check on 20,000 events already in memory (audit.chain.verify_rows): the share that is not the
         database.
history  the archived (completed) party cases' events: pg_column_size of the rows, per case; and the table's total
         size (heap, TOAST, indexes) per event times the events of a completed case.
"""

import itertools
import os
import time

from bench import datasets
from bench.generate import database_name
from bench.harness import Figure, at_least, at_most, benchmark, peak_rss_mb, reset_peak_rss, setup_django

VERIFY_GOAL = 50_000  # events/s (issue 8)


@benchmark("audit_full", order=50)
def audit_full() -> list[Figure]:
    """Audit history bytes per completed case, verify_all speed and memory over the full volume's trail."""
    datasets.ensure("full")
    os.environ["DATABASE_URL"] = datasets.url_for(database_name("full"))
    setup_django()
    from django.db import connection

    from audit.chain import HASHED, verify_rows
    from audit.models import AuditEvent
    from audit.verification import verify_all

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(DISTINCT e.case_id), count(*), sum(pg_column_size(e.*))
               FROM audit_auditevent e JOIN party_partycase c ON c.process_ptr_id = e.case_id
               WHERE e.process = 'party' AND c.case_status = 'ARCHIVED'"""
        )
        cases, events, stored = cursor.fetchone()
        cursor.execute("SELECT pg_total_relation_size('audit_auditevent')::float / count(*) FROM audit_auditevent")
        (disk_per_event,) = cursor.fetchone()

    reset = reset_peak_rss()
    before = peak_rss_mb()
    clock = time.perf_counter()
    checked, broken = verify_all()
    seconds = time.perf_counter() - clock
    verifier_rss = peak_rss_mb()
    if broken is not None:
        raise RuntimeError(f"the generated trail is broken at event {broken.pk}")

    # The same check over the first 100,000 events, read by the ORM's iterator (as verify_all did before, and
    # still does off PostgreSQL) and by verify_all's own reader: the baseline of the reading's figure.
    from audit.verification import _rows

    orm = AuditEvent.objects.order_by("process", "case_id", "id").values_list("id", *HASHED, "key_id", "event_hash")
    speeds = {}
    for label, rows, as_text in (("orm", orm.iterator(chunk_size=5000), False), ("raw", _rows(5000), True)):
        clock = time.perf_counter()
        part, _broken = verify_rows(itertools.islice(rows, 100_000), json_as_text=as_text)
        speeds[label] = part / (time.perf_counter() - clock)

    held = list(itertools.islice(orm.iterator(), 20_000))
    clock = time.perf_counter()
    held_checked, held_broken = verify_rows(held)
    hash_only = time.perf_counter() - clock
    per_case = stored / cases
    return [
        Figure(
            "history bytes per completed party case (as stored)",
            "bytes",
            [per_case],
            goal=at_most(20_000, on="median"),
            note=f"{cases:,} archived cases, {events / cases:.0f} events each, {stored / events:.0f} bytes per event",
        ),
        Figure(
            "history on disk per completed party case (with indexes)",
            "bytes",
            [disk_per_event * events / cases],
            note=f"{disk_per_event:.0f} bytes per event: the table's heap, TOAST and indexes over all its events",
        ),
        Figure(
            f"verify_all over {checked:,} events",
            "events/s",
            [checked / seconds],
            goal=at_least(VERIFY_GOAL),
            note=f"{seconds:.1f} s, chain intact; server-side cursor, 5,000 rows per fetch",
        ),
        Figure(
            "verifier peak RSS",
            "MB",
            [verifier_rss],
            goal=at_most(1024, on="median"),
            note=f"VmHWM after verify_all ({before:.0f} MB before it{'' if reset else '; could not reset VmHWM'})",
        ),
        Figure(
            "verify 100,000 events: server-side cursor ÷ ORM iterator",
            "events/s",
            [speeds["raw"]],
            baseline=[speeds["orm"]],
            note="the same check; the baseline reads through values_list().iterator(), as verify_all did before",
        ),
        Figure(
            f"hash only, {held_checked:,} events in memory",
            "events/s",
            [held_checked / hash_only],
            note=f"verify_rows without the database ({'intact' if held_broken is None else 'BROKEN'})",
        ),
    ]
