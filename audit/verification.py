"""Reading the whole trail in chain order, in batches, to verify it (audit.chain.verify_rows)."""

import json
import time

from django.db import connection, transaction
from django.utils import timezone

from audit.chain import HASHED, verify_rows
from audit.models import AuditEvent, VerificationRun

COLUMNS = ("id", *HASHED, "event_hash")
_JSON = [1 + HASHED.index(f.attname) for f in AuditEvent._meta.concrete_fields if f.get_internal_type() == "JSONField"]


def _rows(batch: int):
    """The columns a check needs, as tuples in chain order, ``batch`` at a time. On PostgreSQL straight from a
    server-side cursor (the ORM's per-value conversions took three quarters of the time at a million events; the
    JSON columns arrive as text and are decoded here); elsewhere through the ORM."""
    events = AuditEvent.objects.order_by("process", "case_id", "id").values_list(*COLUMNS)
    if connection.vendor != "postgresql":
        yield from events.iterator(chunk_size=batch)
        return
    sql, params = events.query.sql_with_params()  # the ORM's own SQL, read without its conversions
    with transaction.atomic():  # a named (server-side) cursor lives in a transaction
        connection.ensure_connection()
        with connection.connection.cursor(name="audit_verify") as cursor:
            cursor.itersize = batch
            cursor.execute(sql, params)
            for row in cursor:
                row = list(row)
                for index in _JSON:
                    if isinstance(row[index], str):
                        row[index] = json.loads(row[index])
                yield row


def verify_all(*, batch: int = 5000):
    """(events checked, first broken event or None), streaming the table in (process, case, id) order: the
    hashed columns as tuples (no model instance per row), ``batch`` rows at a time from a server-side cursor."""
    checked, broken = verify_rows(_rows(batch))
    return checked, (AuditEvent.objects.get(pk=broken) if broken is not None else None)


def verification_run(*, run_by=None) -> VerificationRun:
    """Verify everything and keep the outcome for the auditor console."""
    started, clock = timezone.now(), time.perf_counter()
    checked, broken = verify_all()
    return VerificationRun.objects.create(
        started_at=started,
        seconds=time.perf_counter() - clock,
        checked=checked,
        broken_event=broken.pk if broken is not None else None,
        run_by=run_by,
    )
