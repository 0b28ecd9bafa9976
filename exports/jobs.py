"""A large export's file, written in the background (exports.tasks): one worker writes it, counting its progress as
it goes, and the person is told when it is ready."""

import tempfile

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import business_today
from exports import xlsx
from exports.models import ExportJob, Status
from exports.specs import SPECS
from notifications.models import Kind
from notifications.services import notify

PROGRESS_EVERY = 200  # rows between two progress updates


def export_run(job_id: int) -> None:
    """Write one job's file. Several workers may receive the same id: only the one that moves it from QUEUED
    to RUNNING writes. Progress is saved as it goes, outside any long transaction."""
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
