"""Export pages: start an export of the list being viewed (same filters), watch a background one's progress,
download it; "my exports" lists the recent ones."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from exports.access import job_for_user, spec_for_user
from exports.models import ExportJob, Status
from exports.services import export_start
from exports.specs import SPECS
from exports.xlsx import XLSX


def _filename(key: str) -> str:
    return f"{key}.xlsx"


@login_required
@require_POST
def start(request, key: str):
    """POST only (a form with its CSRF token): an export is recorded in the audit trail as the user's act, so a
    link someone was lured to must not make one. The list's filters ride in the query string, as on the list."""
    spec = spec_for_user(request.user, key)
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    try:
        job, body = export_start(user=request.user, spec=spec, params=params)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("export-list")
    if job is None:
        response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{_filename(key)}"'
        return response
    messages.info(request, _("The list is long: it is being prepared in the background."))
    return redirect("export-job", job.pk)


@login_required
def job_list(request):
    jobs = list(ExportJob.objects.filter(user=request.user)[:50])
    for job in jobs:
        job.title = SPECS[job.kind].title
    return render(request, "exports/list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk: int):
    job = job_for_user(request.user, pk)
    spec = SPECS[job.kind]
    back = reverse(spec.page) if spec.page else ""
    return render(request, "exports/job.html", {"job": job, "title": spec.title, "back": back})


@login_required
def job_status(request, pk: int):
    job = job_for_user(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "download": reverse("export-download", args=[job.pk]) if job.status == Status.DONE else None,
        }
    )


@login_required
def download(request, pk: int):
    job = job_for_user(request.user, pk)
    if job.status != Status.DONE or not job.file:
        return redirect("export-job", job.pk)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=_filename(job.kind), content_type=XLSX)
