"""The inbox pages: four boxes with filters, saved filters, claim/unclaim and bulk claim."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Process

from accounts.models import Membership, Organisation, User
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.services import attachment_create
from workflows import services
from workflows.access import task_for_user
from workflows.inbox import BOXES, inbox_rows
from workflows.registry import PROCESS_TYPES

FILTER_KEYS = ("step", "organisation", "q", "overdue", "ordering")
BOX_LABELS = {
    "todo": gettext_lazy("To do"),
    "done": gettext_lazy("Done"),
    "initiated": gettext_lazy("Started by me"),
    "cc": gettext_lazy("Copied to me"),
}


def _steps():
    return [
        (node.name, node.task_title)
        for process_type in PROCESS_TYPES.values()
        for node in process_type.flow_class.instance.nodes()
        if node.task_type == "HUMAN"
    ]


@login_required
def my_tasks(request):
    box = request.GET.get("box") if request.GET.get("box") in BOXES else "todo"
    params = {key: request.GET[key] for key in FILTER_KEYS if request.GET.get(key)}
    today = business_today()
    queryset, row = inbox_rows(request.user, {**params, "box": box})
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    memberships = Membership.objects.active_on(today).filter(user=request.user).select_related("organisation")
    saved = services.saved_filters_for(request.user)
    context = {
        "box": box,
        "boxes": [(b, BOX_LABELS[b]) for b in BOXES],
        "page": page,
        "rows": [row(item, today) for item in page.object_list],
        "params": params,
        "query": urlencode(params),
        "steps": _steps(),
        "saved": saved,
        "my_organisations": [m.organisation for m in memberships],
        "organisations": Organisation.objects.filter(pk__in=[m.organisation_id for m in memberships]),
    }
    return render(request, "workflows/tasks.html", context)


@login_required
@require_POST
def task_action(request, pk: int, action: str):
    task = task_for_user(request.user, pk)
    try:
        if action == "claim":
            services.task_claim(task=task, user=request.user)
        elif action == "unclaim":
            services.task_unclaim(task=task, user=request.user)
        else:
            raise PermissionDenied
        messages.success(request, _("Done."))
    except ApplicationError as error:
        messages.error(request, f"{error.message} ({error.code})")
    return redirect(request.POST.get("next") or "my-tasks")


@login_required
@require_POST
def bulk_claim(request):
    ids = [int(pk) for pk in request.POST.getlist("task") if pk.isdigit()]
    for result in services.tasks_bulk(user=request.user, action="claim", task_ids=ids):
        if result["ok"]:
            messages.success(request, _("Step %(id)d taken.") % {"id": result["id"]})
        else:
            messages.error(request, _("Step %(id)d: %(detail)s") % {"id": result["id"], "detail": result["detail"]})
    return redirect("my-tasks")


@login_required
@require_POST
def save_filter(request):
    shared = request.POST.get("shared_with")
    organisation = request.user.memberships.filter(organisation_id=shared).first() if shared else None
    params = {key: request.POST[key] for key in FILTER_KEYS if request.POST.get(key)}
    try:
        services.saved_filter_create(
            owner=request.user,
            name=request.POST.get("name", ""),
            params=params,
            shared_with=organisation.organisation if organisation else None,
        )
        messages.success(request, _("Filter saved."))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect(f"{request.build_absolute_uri('/tasks/')}?{urlencode(params)}")


@login_required
@require_POST
def case_action(request, process: str, pk: int, action: str):
    """Comment, copy (抄送) or remind from a case page; every process's page posts here."""
    process_type = PROCESS_TYPES.get(process)
    if process_type is None or not process_type.visible_cases(request.user).filter(pk=pk).exists():
        raise Http404
    case = Process.objects.get(pk=pk)
    try:
        if action == "comment":
            uploads = [attachment_create(uploaded_by=request.user, upload=f) for f in request.FILES.getlist("file")]
            services.comment_add(
                process=case, author=request.user, body=request.POST.get("body", ""), attachments=uploads
            )
        elif action == "cc":
            ids = [int(pk) for pk in request.POST.getlist("user") if pk.isdigit()]
            services.case_cc(process=case, actor=request.user, users=list(User.objects.filter(pk__in=ids)))
        elif action == "remind":
            services.case_remind(process=case, actor=request.user)
        else:
            raise Http404
        messages.success(request, _("Done."))
    except ApplicationError as error:
        messages.error(request, f"{error.message} ({error.code})")
    return redirect(process_type.case_url(process_type.case_of(case)))
