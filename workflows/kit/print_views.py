"""The 审批单 pages (workflows.kit.print_sheet): a case's, and one step's, as a page to print and as a PDF. Whoever
sees the case sees its sheet; others get 404 (workflows.kit.access), and a step's sheet is its case's, limited to the
records of that step: the actions on the step's node from the time the step opened to the next time it opened."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task

from audit.models import AuditEvent
from workflows.kit.access import case_for_user
from workflows.kit.print_pdf import facts, render_sheet
from workflows.kit.print_sheet import Sheet, sheet_of
from workflows.kit.registry import PROCESS_TYPES, ProcessType, pages_of, process_type_of
from workflows.labels import step_title


def _kind(process: str) -> ProcessType:
    kind = PROCESS_TYPES.get(process)
    if kind is None or kind.pages is None:
        raise Http404
    return kind


def _events(request, kind: ProcessType, case) -> list:
    """The case's trail as its page shows it to the viewer (the process's own reading, which hides what the viewer
    may not read), in order."""
    history = pages_of(kind).history
    if history is not None:
        return list(history(request, case))
    return list(AuditEvent.objects.filter(process=kind.code, case_id=case.pk).order_by("id"))


def _step_events(kind: ProcessType, task, events: list) -> list:
    node = task.flow_task.name
    codes = {code for code, action in kind.actions.items() if action.node == node}
    later = Task.objects.filter(process_id=task.process_id, flow_task=task.flow_task, created__gt=task.created)
    part = kind.task_payload(task)  # a step on one part of the case (evaluation: its track), or the step itself
    named = part.get("task") == task.pk  # its events name it: no later step of the same node cuts them off
    reopened = (
        later.order_by("created").values_list("created", flat=True).first() if task.finished and not named else None
    )
    return [
        event
        for event in events
        if event.action in codes
        and event.created_at >= task.created
        and (reopened is None or event.created_at < reopened)
        and all((event.data or {}).get(key) == value for key, value in part.items())
    ]


def _respond(request, kind: ProcessType, case, sheet: Sheet, pdf: bool, pdf_url: str) -> HttpResponse:
    if pdf:
        name = f"{_('Approval sheet')}-{sheet.subject}{('-' + sheet.step) if sheet.step else ''}.pdf"
        response = HttpResponse(render_sheet(sheet), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, name.replace("/", "_"))
        return response
    context = {"sheet": sheet, "facts": facts(sheet), "case_url": kind.case_url(case), "pdf_url": pdf_url}
    return render(request, "kit/print.html", context)


@login_required
def case_sheet(request, process: str, pk: int, pdf: bool = False):
    kind = _kind(process)
    case = case_for_user(kind, request.user, pk)
    sheet = sheet_of(kind, case, _events(request, kind, case), user=request.user)
    return _respond(request, kind, case, sheet, pdf, f"{request.path}pdf/")


@login_required
def step_sheet(request, task: int, pdf: bool = False):
    row = Task.objects.select_related("process").filter(pk=task, flow_task_type="HUMAN").first()
    if row is None:
        raise Http404
    kind = process_type_of(row.process)
    key = getattr(kind.case_of(row.process), kind.audit_key)
    case = case_for_user(kind, request.user, key)
    events = _step_events(kind, row, _events(request, kind, case))
    sheet = sheet_of(kind, case, events, user=request.user, step=step_title(row))
    return _respond(request, kind, case, sheet, pdf, f"{request.path}pdf/")


# workflows.kit.urls mounts these beside the processes' pages.
urlpatterns = [
    path("print/step/<int:task>/", step_sheet, name="step-print"),  # before the cases', whose process it is not
    path("print/step/<int:task>/pdf/", step_sheet, {"pdf": True}, name="step-print-pdf"),
    path("print/<str:process>/<int:pk>/", case_sheet, name="case-print"),
    path("print/<str:process>/<int:pk>/pdf/", case_sheet, {"pdf": True}, name="case-print-pdf"),
]
