"""Reading the whole trail in chain order, in batches, to verify it (audit.chain.verify_events)."""

import time

from django.utils import timezone

from audit.chain import HASHED, verify_events
from audit.models import AuditEvent, VerificationRun


class _Row:
    """The columns a check needs, read as a tuple (no model instance per row: most of the cost otherwise)."""

    __slots__ = ("pk", *HASHED, "event_hash")

    def __init__(self, values):
        for name, value in zip(self.__slots__, values, strict=True):
            setattr(self, name, value)


def verify_all(*, batch: int = 5000):
    """(events checked, first broken event or None), streaming the table in (process, case, id) order."""
    rows = (
        AuditEvent.objects.order_by("process", "case_id", "id")
        .values_list("id", *HASHED, "event_hash")
        .iterator(chunk_size=batch)
    )
    checked, broken = verify_events(_Row(values) for values in rows)
    return checked, (AuditEvent.objects.get(pk=broken.pk) if broken is not None else None)


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
