"""Reading the whole trail in chain order, in batches, to verify it (audit.chain.verify_rows)."""

import contextlib
import datetime
import queue
import threading
import time

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import HASHED, lock_chain, verify_rows
from audit.models import AuditEvent, VerificationRun

COLUMNS = ("id", *HASHED, "event_hash")


def _rows(batch: int):
    """The columns a check needs, as tuples in chain order, ``batch`` at a time. On PostgreSQL straight from a
    server-side cursor (the ORM's per-value conversions took three quarters of the time at a million events), the
    JSON columns as text; elsewhere through the ORM, decoded."""
    events = AuditEvent.objects.order_by("process", "case_id", "id").values_list(*COLUMNS)
    if connection.vendor != "postgresql":
        yield from events.iterator(chunk_size=batch)
        return
    sql, params = events.query.sql_with_params()  # the ORM's own SQL, read without its conversions
    with transaction.atomic():  # a named (server-side) cursor lives in a transaction
        connection.ensure_connection()
        with connection.connection.cursor(name="audit_verify") as cursor:
            cursor.execute(sql, params)
            yield from _fetched_ahead(cursor, batch)


def _fetched_ahead(cursor, batch: int):
    """The cursor's rows, the next batch fetched by a thread while this one's rows are checked: PostgreSQL reads
    and sends (on its own core) while this process hashes. At most two batches wait, so memory stays bounded."""
    batches: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def fetch():
        try:
            while not stop.is_set():
                rows = cursor.fetchmany(batch)
                batches.put(rows)
                if not rows:
                    return
        except BaseException as error:  # noqa: BLE001  (raised again in the reading thread)
            batches.put(error)

    reader = threading.Thread(target=fetch, name="audit-verify-fetch", daemon=True)
    reader.start()
    try:
        while (rows := batches.get()) != []:
            if isinstance(rows, BaseException):
                raise rows
            yield from rows
    finally:  # stopped early (a broken link) or done: let the reader end before the cursor closes
        stop.set()
        while reader.is_alive():
            with contextlib.suppress(queue.Empty):
                batches.get(timeout=0.1)


def verify_all(*, batch: int = 5000):
    """(events checked, first broken event or None), streaming the table in (process, case, id) order: the
    hashed columns as tuples (no model instance per row), ``batch`` rows at a time from a server-side cursor."""
    checked, broken = verify_rows(_rows(batch), json_as_text=connection.vendor == "postgresql")
    return checked, (AuditEvent.objects.get(pk=broken) if broken is not None else None)


RUNNING_FOR_AT_MOST = datetime.timedelta(hours=1)  # a run started longer ago and never finished has died


def verification_start(*, run_by=None) -> tuple[VerificationRun, bool]:
    """A new run, under way from now, unless one is already under way: (that run, False). Verifying twice at
    once would only read the whole trail twice."""
    with transaction.atomic():
        lock_chain("audit-verification", None)  # two auditors pressing at once start one run
        running = (
            VerificationRun.objects.filter(
                finished_at__isnull=True, started_at__gt=timezone.now() - RUNNING_FOR_AT_MOST
            )
            .order_by("-pk")
            .first()
        )
        if running is not None:
            return running, False
        return VerificationRun.objects.create(run_by=run_by), True


def verification_finish(run: VerificationRun) -> VerificationRun:
    """Verify everything and record the outcome on the run, for the auditor console."""
    clock = time.perf_counter()
    checked, broken = verify_all()
    run.seconds, run.checked = time.perf_counter() - clock, checked
    run.broken_event, run.finished_at = (broken.pk if broken is not None else None), timezone.now()
    run.save(update_fields=["seconds", "checked", "broken_event", "finished_at"])
    return run


def verification_run(*, run_by=None) -> VerificationRun:
    """A run of its own, started and finished here (manage.py verify_audit)."""
    return verification_finish(VerificationRun.objects.create(run_by=run_by))
