"""Pages for Process B: the list, a new application, the application page (versions with their changes,
the agreement or consultation, the bureau's review, the timeline) and one POST per action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import roles
from accounts.permissions import organisations_granted
from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_of
from forms.builders import form_class_for
from forms.services import attachment_create
from workflows.community import selectors
from workflows.community.access import application_for_user
from workflows.community.engine import ACTIONS, WARNINGS, run_action
from workflows.community.models import Kind, Status
from workflows.community.services import application_create
from workflows.community.versions import current_definition, latest_version
from workflows.labels import SHARED_ACTIONS
from workflows.models import Approval
from workflows.party.web_forms import flat_errors
from workflows.schools import communities_visible_to, member_school_choices

_ACTION_FIELDS = {"comment", "reason", "opinion", "date", "filing_number", "filing_date", "title"}


def _facts(request) -> dict:
    return {"client_type": "web", "ip": request.META.get("REMOTE_ADDR")}


@login_required
def application_list(request):
    applications = selectors.application_list(request.user)
    kind, stage, year = request.GET.get("kind"), request.GET.get("stage"), request.GET.get("year", "")
    if kind in Kind.values:
        applications = applications.filter(kind=kind)
    if stage in Status.values:
        applications = applications.filter(stage=stage)
    if year.isdigit():
        applications = applications.filter(school_year=int(year))
    context = {
        "page": Paginator(applications, 30).get_page(request.GET.get("page")),
        "kinds": Kind.choices,
        "stages": Status.choices,
        "filters": {"kind": kind, "stage": stage, "year": year},
        "may_apply": organisations_granted(request.user, roles.SUBMIT_SCHOOL_APPLICATIONS).exists(),
    }
    return render(request, "community/application_list.html", context)


def _upload(request, name: str):
    upload = request.FILES.get(name)
    return attachment_create(uploaded_by=request.user, upload=upload).pk if upload else None


@login_required
def application_new(request):
    kind = request.POST.get("kind") or request.GET.get("kind") or Kind.HELP_PROJECT
    kind = kind if kind in Kind.values else Kind.HELP_PROJECT
    definition = current_definition(kind)
    form = form_class_for(definition)(request.POST or None)
    values = request.POST.dict() if request.method == "POST" else {"school_year": school_year_of(business_today())}
    communities = list(communities_visible_to(request.user).order_by("path"))
    context = {
        "kind": kind,
        "kinds": Kind.choices,
        "definition": definition,
        "form": form,
        "values": values,
        "communities": communities,
        "schools": member_school_choices(communities),
    }
    if request.method == "POST":
        try:
            payload = {key: values.get(key) for key in ("community", "member_school", "school_year", "title")}
            payload |= {"kind": kind, "form": {name: values.get(name, "") for name in form.fields}}
            plan = _upload(request, "plan")
            if plan:
                payload["plan_id"] = plan
            result = application_create(actor=request.user, payload=payload, **_facts(request))
        except ApplicationError as error:
            context |= {"error": error, "field_errors": flat_errors(error.fields)}
            return render(request, "community/application_new.html", context, status=422)
        for warning in result.warnings:
            messages.warning(request, WARNINGS.get(warning, warning))
        messages.success(request, _("The application has been saved as a draft."))
        return redirect("community-application", pk=result.application.pk)
    return render(request, "community/application_new.html", context)


def _labelled(event):
    """The event with its action and resulting stage in words (attributes for the template only)."""
    spec = ACTIONS.get(event.action)
    event.label = spec.label if spec else SHARED_ACTIONS.get(event.action, _("Application started"))
    event.stage_label = Status(event.to_state).label if event.to_state in Status.values else ""
    return event


def _detail_context(request, application) -> dict:
    version = latest_version(application)
    definition = current_definition(application.kind)
    edit_form = form_class_for(definition)(initial=version.submission.data if version else None)
    approval = Approval.objects.filter(task__process_id=application.pk).order_by("-pk").first()
    available = selectors.available_actions(application, request.user)
    return {
        "application": application,
        "versions": list(selectors.application_versions(application)),
        "consultations": list(application.consultations.select_related("given_by", "attachment")),
        "approval": approval,
        "slots": list(approval.slots.select_related("user")) if approval else [],
        "events": [_labelled(event) for event in selectors.application_history(application)],
        "actions": [(code, ACTIONS[code].label) for code in available if code != "edit"],
        "may_edit": "edit" in available,
        "edit_form": edit_form,
        "today": business_today().isoformat(),
        "can_remind": request.user.pk == application.initiator_id
        and approval is not None
        and approval.status == "open",
        "cc_candidates": selectors.cc_candidates(application),
        "copied": [entry.user for entry in application.cc_entries.select_related("user")],
    }


@login_required
def application_detail(request, pk: int):
    application = application_for_user(request.user, pk)
    return render(request, "community/application_detail.html", _detail_context(request, application))


@login_required
def application_action(request, pk: int, action: str):
    application = application_for_user(request.user, pk)
    if request.method != "POST" or action not in ACTIONS:
        return redirect("community-application", pk=application.pk)
    payload = {key: value for key, value in request.POST.items() if key in _ACTION_FIELDS and value != ""}
    try:
        if action == "edit":
            definition = current_definition(application.kind)
            payload["form"] = {name: request.POST.get(name, "") for name in form_class_for(definition).base_fields}
            plan = _upload(request, "plan")
            if plan:
                payload["plan_id"] = plan
        elif "attachment" in request.FILES:
            key = "attachment_id" if action == "record_consultation" else "attachment_ids"
            uploaded = _upload(request, "attachment")
            payload[key] = uploaded if key == "attachment_id" else [uploaded]
        result = run_action(case_id=application.pk, code=action, actor=request.user, payload=payload, **_facts(request))
    except ApplicationError as error:
        context = _detail_context(request, application_for_user(request.user, pk))
        context |= {"error": error, "error_action": action, "field_errors": flat_errors(error.fields)}
        return render(request, "community/application_detail.html", context, status=422)
    for warning in result.warnings:
        messages.warning(request, WARNINGS.get(warning, warning))
    messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action].label})
    return redirect("community-application", pk=application.pk)
