"""The auditor console: search with filters, export, a case's timeline, a person's whole record, and the
chain's verification. Read-only; only holders of view_audit (over their subtree) get in, others 403."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Membership, User
from audit import selectors
from audit.exports import events_csv
from audit.labels import action_choices
from audit.services import export_record
from audit.tasks import verify_audit_task
from audit.verification import verification_start
from core.client_ip import client_ip
from core.dates import business_today
from core.exceptions import ApplicationError
from core.replica import reads_from_replica
from exports.views import start as export_list
from workflows.kit.registry import PROCESS_TYPES
from workflows.services import saved_filter_create, saved_filters_for

FILTERS = ("person", "actor", "organisation", "process", "action", "from", "to")
EXPORT_LIMIT = 50_000


def _auditor(request):
    if not selectors.is_auditor(request.user):
        raise PermissionDenied


def _params(request) -> dict:
    return {key: request.GET[key] for key in FILTERS if request.GET.get(key)}


@login_required
@reads_from_replica
def console(request):
    _auditor(request)
    params = _params(request)
    page = Paginator(selectors.search_events(request.user, params), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "params": params,
        "people": selectors.people_found(request.user, params["person"]) if params.get("person") else [],
        "processes": selectors.processes(),
        "organisation_choices": selectors.organisation_choices(request.user),
        "action_choices": action_choices(),
        "filters_query": urlencode(params),
        "verification": selectors.latest_verification(),
        "verifying": selectors.verification_under_way(),
        "query": request.GET.urlencode(),
        "saved": saved_filters_for(request.user, scope="audit")[: settings.SAVED_FILTERS_SHOWN],  # all: paginated page
        "organisations": Membership.objects.active_on(business_today())
        .filter(user=request.user)
        .select_related("organisation"),
    }
    return render(request, "audit/console.html", context)


@login_required
@require_POST  # it writes an audit_export event: never on a GET someone was navigated to
def export(request, fmt: str):
    _auditor(request)
    if fmt == "xlsx":  # the shared list exporter: written in the background when the search is large
        return export_list(request, "audit-events")
    params = _params(request)
    events = list(selectors.search_events(request.user, params)[:EXPORT_LIMIT])
    export_record(reader=request.user, params=params, count=len(events), fmt=fmt, ip=client_ip(request))
    response = HttpResponse(events_csv(events), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-events.{fmt}"'
    return response


@login_required
@reads_from_replica
def case_timeline(request, process: str, case_id: int):
    _auditor(request)
    events = list(selectors.case_timeline(request.user, process, case_id))
    if not events:
        raise Http404
    kind = PROCESS_TYPES.get(process)
    # The process's card of the case (its person's whole record, its page, the files the auditor may take), if any.
    card = kind.audit_card(request.user, case_id) if kind is not None else None
    context = {
        "events": events,
        "process": dict(selectors.processes()).get(process, process),
        "case_id": case_id,
        "card": render_to_string(card[0], card[1], request) if card else "",
    }
    return render(request, "audit/timeline.html", context)


@login_required
@reads_from_replica
def person_record(request, pk: int):
    _auditor(request)
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    cases, events = selectors.person_record(request.user, person)
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
    run, started = verification_start(run_by=request.user)
    if started:
        # In the background: the whole trail takes seconds to minutes (bench audit_full: 52,000 events a second).
        transaction.on_commit(lambda: verify_audit_task.delay(run.pk))
        messages.info(request, _("Verification started; its result shows here when it is done."))
    else:
        messages.info(request, _("A verification is already under way; its result shows here when it is done."))
    back = request.POST.get("next", "")
    console = reverse("audit-console")
    # Back to the console with the auditor's search as it was (only ever a console address).
    return redirect(back if back.startswith(console) and url_has_allowed_host_and_scheme(back, None) else console)
