"""Reading the whole trail in chain order, in batches, to verify it (audit.chain.check_rows) against the latest
signed checkpoint (audit.checkpoints), and writing the next checkpoint when it is intact."""

import contextlib
import datetime
import logging
import queue
import threading
import time

from django.db import connection, transaction
from django.utils import timezone

from audit import checkpoints
from audit.chain import HASHED, ChainCheck, check_rows, lock_chain
from audit.models import AuditEvent, VerificationRun

COLUMNS = ("id", *HASHED, "key_id", "event_hash")
logger = logging.getLogger(__name__)


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


def verify_trail(*, batch: int = 5000) -> tuple[ChainCheck, checkpoints.Store]:
    """Every chain checked, streaming the table in (process, case, id) order (the hashed columns as tuples, no
    model instance per row, ``batch`` rows at a time from a server-side cursor), and compared with the latest
    checkpoint. The findings include what is wrong with the checkpoint store itself."""
    store = checkpoints.load()
    result = check_rows(_rows(batch), json_as_text=connection.vendor == "postgresql", expected=store.state)
    result.findings[:0] = store.findings
    return result, store


def verify_all(*, batch: int = 5000):
    """(events checked, first broken event or None); see verify_trail for everything that was found."""
    result, _store = verify_trail(batch=batch)
    broken = result.first_broken_event
    return result.checked, (AuditEvent.objects.get(pk=broken) if broken is not None else None)


def checkpoint_after(result: ChainCheck, store: checkpoints.Store):
    """The next checkpoint, from an intact verification (None when it was not intact or nothing changed)."""
    if result.findings:
        logger.error("audit trail not intact, no checkpoint written: %s", result.findings[:5])
        return None
    total = sum(count for count, _head in result.chains.values())
    max_id = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        return checkpoints.write(result.chains, store, total=total, max_id=max_id)
    except OSError:  # the store unreachable: the verification's result stands, the next run tries again
        logger.exception("audit checkpoint not written to %s", checkpoints.directory())
        return None


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
    result, store = verify_trail()
    run.seconds, run.checked = time.perf_counter() - clock, result.checked
    run.broken_event, run.finished_at = result.first_broken_event, timezone.now()
    run.findings, run.checkpoint = result.findings, store.label
    run.save(update_fields=["seconds", "checked", "broken_event", "finished_at", "findings", "checkpoint"])
    run.written_checkpoint = checkpoint_after(result, store)  # an intact trail anchors what was just verified
    return run


def verification_run(*, run_by=None) -> VerificationRun:
    """A run of its own, started and finished here (manage.py verify_audit)."""
    return verification_finish(VerificationRun.objects.create(run_by=run_by))
