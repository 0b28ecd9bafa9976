"""Reading the whole trail in chain order, in batches, to verify it (audit.chain.verify_events)."""

import time

from django.utils import timezone

from audit.chain import verify_events
from audit.models import AuditEvent, VerificationRun


def verify_all(*, batch: int = 5000):
    """(events checked, first broken event or None), streaming the table in (process, case, id) order."""
    events = AuditEvent.objects.order_by("process", "case_id", "id").iterator(chunk_size=batch)
    return verify_events(events)


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
