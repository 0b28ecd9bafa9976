"""Exports: a small list is written while the person waits; a large one becomes an ExportJob that a worker
writes in the background (progress counted as it goes) and the person downloads when the bell says so.
Every export is an audit event: who took which list out, with which filter, how many rows."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record, export_organisation
from core.dates import business_today
from core.exceptions import ApplicationError
from exports import xlsx
from exports.models import ExportJob, Status
from exports.specs import ExportSpec
from exports.tasks import run_export_task


def _record(user, spec: ExportSpec, params: dict, total: int, *, background: bool) -> None:
    audit_record(
        process="admin",
        action=spec.audit_action,
        actor=user,
        organisation=export_organisation(user, params),  # the filter's organisation, else the person's own
        business_date=business_today(),
        data={"list": spec.key, "filter": params, "rows": total, "format": "xlsx", "background": background},
    )


def export_start(*, user, spec: ExportSpec, params: dict) -> tuple[ExportJob | None, bytes | None]:
    """(None, file bytes) for a small list, (job, None) for one written in the background."""
    today = business_today()
    total, rows = spec.rows(user, params, today)
    if total <= settings.EXPORT_INLINE_MAX_ROWS:
        body = xlsx.to_bytes(title=str(spec.title), headers=[str(h) for h in spec.headers], rows=rows)
        with transaction.atomic():
            _record(user, spec, params, total, background=False)
        return None, body
    running = ExportJob.objects.filter(user=user, status__in=[Status.QUEUED, Status.RUNNING]).count()
    if running >= settings.EXPORT_MAX_RUNNING_PER_USER:
        raise ApplicationError("too_many_exports", _("Wait until your other exports are ready."))
    with transaction.atomic():
        job = ExportJob.objects.create(user=user, kind=spec.key, params=params, total=total)
        _record(user, spec, params, total, background=True)
        transaction.on_commit(lambda: _enqueue(job.pk), robust=True)
    return job, None


def _enqueue(job_id: int) -> None:
    run_export_task.delay(job_id)
