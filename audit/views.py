"""The auditor console: search with filters, export, a case's timeline, a person's whole record, and the
chain's verification. Read-only; only holders of view_audit (over their subtree) get in, others 403."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership, User
from audit import selectors
from audit.exports import events_csv, events_xlsx
from audit.services import export_record
from audit.verification import verification_run
from core.dates import business_today
from core.exceptions import ApplicationError
from workflows.services import saved_filter_create, saved_filters_for

FILTERS = ("person", "actor", "organisation", "process", "action", "from", "to")
EXPORT_LIMIT = 50_000


def _auditor(request):
    if not selectors.is_auditor(request.user):
        raise PermissionDenied


def _params(request) -> dict:
    return {key: request.GET[key] for key in FILTERS if request.GET.get(key)}


@login_required
def console(request):
    _auditor(request)
    params = _params(request)
    page = Paginator(selectors.search_events(request.user, params), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": params,
        "processes": selectors.PROCESSES,
        "verification": selectors.latest_verification(),
        "query": request.GET.urlencode(),
        "saved": saved_filters_for(request.user, scope="audit"),
        "organisations": Membership.objects.active_on(business_today())
        .filter(user=request.user)
        .select_related("organisation"),
    }
    return render(request, "audit/console.html", context)


@login_required
def export(request, fmt: str):
    _auditor(request)
    params = _params(request)
    events = list(selectors.search_events(request.user, params)[:EXPORT_LIMIT])
    export_record(reader=request.user, params=params, count=len(events), fmt=fmt, ip=request.META.get("REMOTE_ADDR"))
    if fmt == "xlsx":
        body, kind = events_xlsx(events), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind = events_csv(events), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="audit-events.{fmt}"'
    return response


@login_required
def case_timeline(request, process: str, case_id: int):
    _auditor(request)
    events = list(selectors.case_timeline(request.user, process, case_id))
    if not events:
        raise Http404
    return render(request, "audit/timeline.html", {"events": events, "process": process, "case_id": case_id})


@login_required
def person_record(request, pk: int):
    _auditor(request)
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    cases, events = selectors.person_record(request.user, person)
    events = list(events)
    if not events:
        raise Http404  # nobody in the auditor's subtree
    return render(request, "audit/person.html", {"person": person, "cases": cases, "events": events})


@login_required
@require_POST
def save_filter(request):
    """Keep the console's current search on the server, for oneself or shared with an organisation."""
    _auditor(request)
    params = {key: request.POST[key] for key in FILTERS if request.POST.get(key)}
    shared = request.POST.get("shared_with")
    membership = request.user.memberships.filter(organisation_id=shared).first() if shared else None
    try:
        saved_filter_create(
            owner=request.user,
            name=request.POST.get("name", ""),
            params=params,
            shared_with=membership.organisation if membership else None,
            scope="audit",
        )
        messages.success(request, _("Filter saved."))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect(f"{reverse('audit-console')}?{urlencode(params)}")


@login_required
@require_POST
def verify(request):
    _auditor(request)
    verification_run(run_by=request.user)
    return redirect("audit-console")
