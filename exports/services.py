"""Exports: a small list is written while the person waits; a large one becomes an ExportJob that a worker
writes in the background (progress counted as it goes) and the person downloads when the bell says so.
Every export is an audit event: who took which list out, with which filter, how many rows."""

import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record, export_organisation
from core.dates import business_today
from core.exceptions import ApplicationError
from exports import xlsx
from exports.models import ExportJob, Status
from exports.specs import ExportSpec

PROGRESS_EVERY = 200  # rows between two progress updates


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
    from exports.tasks import run_export_task

    run_export_task.delay(job_id)


def export_run(job_id: int) -> None:
    """Write one job's file. Several workers may receive the same id: only the one that moves it from QUEUED
    to RUNNING writes. Progress is saved as it goes, outside any long transaction."""
    from exports.specs import SPECS
    from notifications.models import Kind
    from notifications.services import notify

    if not ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(status=Status.RUNNING):
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    spec = SPECS[job.kind]
    try:
        total, rows = spec.rows(job.user, job.params, business_today())
        ExportJob.objects.filter(pk=job_id).update(total=total)

        def progress(count: int) -> None:
            if count % PROGRESS_EVERY == 0:
                ExportJob.objects.filter(pk=job_id).update(done=count)

        with tempfile.TemporaryFile() as handle:
            written = xlsx.write(
                handle, title=str(spec.title), headers=[str(h) for h in spec.headers], rows=rows, on_row=progress
            )
            handle.seek(0)
            job.file.save(f"{spec.key}-{job.pk}.xlsx", File(handle), save=False)
    except Exception as error:  # a failed export is reported on its page; nothing else depends on it
        ExportJob.objects.filter(pk=job_id).update(
            status=Status.FAILED, error=str(error)[:200], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        ExportJob.objects.filter(pk=job_id).update(
            status=Status.DONE, done=written, total=written, file=job.file.name, finished_at=timezone.now()
        )
        notify(
            recipients=[job.user],
            kind=Kind.EXPORT_READY,
            title=_("Your export is ready: %(list)s (%(rows)d rows)") % {"list": spec.title, "rows": written},
            url=reverse("export-job", args=[job.pk]),
            dedupe=f"export:{job.pk}",
        )
