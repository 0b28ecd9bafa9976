"""The inbox pages: four boxes with filters, saved filters, claim/unclaim, bulk claim and bulk approval."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from viewflow.workflow.models import Process

from accounts.models import Membership, Organisation, User
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.services import attachment_create
from workflows import services
from workflows.access import delegators_of
from workflows.inbox import BOXES, inbox_rows, open_tasks_for
from workflows.kit.registry import PROCESS_TYPES
from workflows.labels import step_title
from workflows.models import SavedFilter
from workflows.rows import task_row
from workflows.task_actions import case_actions_for

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
    shown = list(saved[: settings.SAVED_FILTERS_SHOWN + 1])  # one more tells whether "all of them" is needed
    rows = [row(item, today) for item in page.object_list]
    for item in rows:  # ticked for 认领 (a queue step nobody has taken) or for 批量同意
        item["selectable"] = box == "todo" and ((item["queue"] and not item["owner"]) or item["approve_in_bulk"])
    context = {
        "box": box,
        "boxes": [(b, BOX_LABELS[b]) for b in BOXES],
        "page": page,
        "rows": rows,
        "can_approve_in_bulk": any(item["selectable"] and item["approve_in_bulk"] for item in rows),
        "can_take_in_bulk": any(item["selectable"] and not item["approve_in_bulk"] for item in rows),
        "params": params,
        "query": urlencode(params),
        "steps": _steps(),
        "saved": shown[: settings.SAVED_FILTERS_SHOWN],
        "saved_more": len(shown) > settings.SAVED_FILTERS_SHOWN,
        "my_organisations": [m.organisation for m in memberships],
        "organisations": Organisation.objects.filter(pk__in=[m.organisation_id for m in memberships]),
    }
    return render(request, "workflows/tasks.html", context)


def _same_site(request, url: str | None) -> str | None:
    """A ``next`` to follow: only a path on this site (same host, https when the request is); else none."""
    if (
        url
        and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
        and urlsplit(url).path.startswith("/")
    ):
        return url
    return None


def _refused(request, error: ApplicationError):
    """A refusal that is not about the form: 403 (no part in the case) or 429 (too fast), with its code."""
    response = render(
        request, "workflows/refused.html", {"code": error.code, "message": error.message}, status=error.status_code
    )
    if getattr(error, "retry_after", None):
        response["Retry-After"] = str(error.retry_after)
    return response


def _bulk(request, action: str, done, payload: dict | None = None):
    """Run a bulk action on the ticked steps and tell, row by row, what happened to each (named by its step
    and what it is about, read before the action since a done step leaves the box)."""
    ids = [int(pk) for pk in request.POST.getlist("task") if pk.isdigit()]
    if not ids:
        messages.error(request, _("Tick at least one step first."))
        return redirect("my-tasks")
    today = business_today()
    mine = open_tasks_for(request.user, delegators=delegators_of(request.user)).filter(pk__in=ids)
    names = {task.pk: "{title} · {person}".format(**task_row(task, today)) for task in mine}
    facts = request_facts(request)
    for result in services.tasks_bulk(user=request.user, action=action, task_ids=ids, payload=payload, **facts):
        name = names.get(result["id"]) or _("Step %(id)d") % {"id": result["id"]}
        if result["ok"]:
            messages.success(request, done % {"step": name})
        else:
            messages.error(request, _("Not done: %(step)s — %(detail)s") % {"step": name, "detail": result["detail"]})
    return redirect("my-tasks")


@login_required
@require_POST
def bulk_claim(request):
    return _bulk(request, "claim", _("Taken: %(step)s."))


@login_required
@require_POST
def bulk_approve(request):
    """批量同意: approve each ticked step that needs no form of its own; every step is checked on its own."""
    return _bulk(request, "approve", _("Approved: %(step)s."), {"comment": request.POST.get("comment", "")})


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
def saved_filter_list(request):
    """All the saved filters offered to the user (their own and those shared with their organisations), 30 a
    page, each with 删除 where the user may delete it; ``scope=audit`` for the auditor console's."""
    scope = request.GET.get("scope") if request.GET.get("scope") in SavedFilter.Scope.values else "inbox"
    page = Paginator(services.saved_filters_for(request.user, scope=scope), 30).get_page(request.GET.get("page"))
    for saved in page.object_list:
        saved.deletable = services.saved_filter_may_delete(request.user, saved)
        saved.query = urlencode(saved.params)
    back = reverse("audit-console") if scope == SavedFilter.Scope.AUDIT else reverse("my-tasks")
    return render(request, "workflows/saved_filters.html", {"page": page, "scope": scope, "back": back})


@login_required
@require_POST
def delete_filter(request, pk: int):
    saved = services.saved_filter_for_user(request.user, pk, delete=True)
    services.saved_filter_delete(user=request.user, saved=saved)
    messages.success(request, _("Filter deleted."))
    return redirect(f"{reverse('tasks-saved-filters')}?{urlencode({'scope': saved.scope})}")


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
            services.comment_allowed(process=case, author=request.user)  # before any file is stored
            uploads = [attachment_create(uploaded_by=request.user, upload=f) for f in request.FILES.getlist("file")]
            services.comment_add(
                process=case, author=request.user, body=request.POST.get("body", ""), attachments=uploads
            )
            done = _("Your comment has been added.")
        elif action == "cc":
            ids = [int(pk) for pk in request.POST.getlist("user") if pk.isdigit()]
            people = list(User.objects.filter(pk__in=ids).order_by("real_name", "pk"))
            services.case_cc(process=case, actor=request.user, users=people)
            done = _("Copied to %(people)s.") % {"people": "、".join(person.real_name for person in people)}
        elif action == "remind":
            reminders = services.case_remind(process=case, actor=request.user)
            steps = "、".join(step_title(reminder.task) for reminder in reminders)
            done = _("Reminded those who hold: %(steps)s.") % {"steps": steps}
        else:
            raise Http404
        messages.success(request, done)
    except ApplicationError as error:
        if error.status_code in (403, 429):
            return _refused(request, error)
        return _case_retry(request, process_type, case, error)
    return redirect(process_type.case_url(process_type.case_of(case)))


# The field of the case page's forms each refusal is about (the cc refusal lists ids, not words, in its fields).
CASE_FIELDS = {"comment_empty": "body", "cc_empty": "user_ids", "cc_target_ineligible": "user_ids"}


def _case_retry(request, process_type, process, error: ApplicationError):
    """Bad input on a case page's form (an empty comment, nobody to copy): the forms again, with the error next to
    its field and what was typed (422); nothing was changed."""
    row = process_type.case_of(process)
    subject, organisation, stage = process_type.describe(row)
    found = case_actions_for(request.user, process)
    context = {
        "subject": subject,
        "organisation": organisation,
        "process_label": process_type.label,
        "case_url": process_type.case_url(row),
        "process_code": process_type.code,
        "case_pk": process.pk,
        "case_actions": found,
        "error": error,
        "case_errors": {CASE_FIELDS.get(error.code, "body"): [str(error.message)]},
        "case_posted": request.POST,
    }
    return render(request, "workflows/case_retry.html", context, status=422)
