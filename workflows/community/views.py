"""Pages for Process B: the list, a new application, the application page (versions with their changes,
the agreement or consultation, the bureau's review, the timeline) and one POST per action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import roles
from accounts.permissions import organisation_filter, organisations_granted
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_of
from forms.builders import form_class_for
from forms.drafts import DraftKey, draft_intent, draft_respond, initial_from
from forms.services import attachment_create
from workflows.access import has_part_in_case
from workflows.community import selectors
from workflows.community.access import application_for_user
from workflows.community.engine import ACTIONS, WARNINGS, run_action
from workflows.community.form_help import application_help
from workflows.community.models import Kind, Status
from workflows.community.services import application_create
from workflows.community.versions import current_definition, latest_version
from workflows.labels import SHARED_ACTIONS
from workflows.models import Approval
from workflows.party.web_forms import flat_errors
from workflows.schools import communities_visible_to, member_school_choices

_ACTION_FIELDS = {"comment", "reason", "opinion", "date", "filing_number", "filing_date", "title"}


def _facts(request) -> dict:
    return request_facts(request)


@login_required
def application_list(request):
    organisation = organisation_filter(request.user, request.GET.get("org"))
    applications = selectors.filter_applications(
        selectors.application_list(request.user), request.GET, organisation=organisation
    )
    kind, stage, year = request.GET.get("kind"), request.GET.get("stage"), request.GET.get("year", "")
    context = {
        "page": Paginator(applications, 30).get_page(request.GET.get("page")),
        "kinds": Kind.choices,
        "stages": Status.choices,
        "filters": {"kind": kind, "stage": stage, "year": year},
        "organisation": organisation,
        "may_apply": organisations_granted(request.user, roles.SUBMIT_SCHOOL_APPLICATIONS).exists(),
    }
    return render(request, "community/application_list.html", context)


def _upload(request, name: str):
    upload = request.FILES.get(name)
    return attachment_create(uploaded_by=request.user, upload=upload).pk if upload else None


_APPLICATION_FIELDS = ("community", "member_school", "school_year", "title")
# Where a refusal belongs on the page, for refusals that name no input of the page themselves.
_ERROR_FIELDS = {
    "member_school_invalid": "member_school",
    "application_exists": "member_school",
    "attachment_missing": "plan",
    "reason_required": "reason",
    "return_reason_required": "reason",
    "filing_date_invalid": "filing_date",
    "date_in_future": "date",
}
_INPUT_OF = {"plan_id": "plan", "attachment_id": "attachment", "attachment_ids": "attachment"}


def _errors_by_input(error, shown) -> tuple[dict, dict]:
    """The refusal's messages by the page input they concern (shown next to it), and the rest (above the form)."""
    inline, rest = {}, {}
    target = _ERROR_FIELDS.get(error.code)
    if target:
        inline[target] = [str(error.message)]
    for name, problems in flat_errors(error.fields).items():
        name = _INPUT_OF.get(name, name.removeprefix("form__"))
        if name == target:
            continue
        (inline if name in shown else rest)[name] = problems
    return inline, rest


def _school_year(values) -> int | None:
    year = str(values.get("school_year", ""))
    return int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None


@login_required
def application_new(request):
    if not organisations_granted(request.user, roles.SUBMIT_SCHOOL_APPLICATIONS).exists():
        raise PermissionDenied  # leads no school: nor a form, nor a draft
    kind = request.POST.get("kind") or request.GET.get("kind") or Kind.HELP_PROJECT
    kind = kind if kind in Kind.values else Kind.HELP_PROJECT
    definition = current_definition(kind)
    form_class = form_class_for(definition)
    key = DraftKey("community", 0, f"new:{kind}")
    if draft_intent(request):
        back = f"{request.path}?kind={kind}"
        return draft_respond(request, key, [*_APPLICATION_FIELDS, *form_class.base_fields], back)
    draft = key.of(request.user) if request.method != "POST" else None
    values = request.POST.dict() if request.method == "POST" else {"school_year": school_year_of(business_today())}
    if draft is not None:
        values |= {name: draft.data[name][-1] for name in _APPLICATION_FIELDS if draft.data.get(name)}
        form = form_class(initial=initial_from(form_class.base_fields, draft.data))
    else:
        form = form_class(request.POST or None)
    communities = list(communities_visible_to(request.user).order_by("path"))
    context = {
        "kind": kind,
        "kinds": Kind.choices,
        "definition": definition,
        "form": form,
        "values": values,
        "communities": communities,
        "schools": member_school_choices(communities),
        "help": application_help(kind, _school_year(values)),
        "draft": draft,
        "drafts": True,
        "kind_key": {"kind": kind},
    }
    if request.method == "POST":
        try:
            payload = {key: values.get(key) for key in _APPLICATION_FIELDS}
            payload |= {"kind": kind, "form": {name: values.get(name, "") for name in form.fields}}
            plan = _upload(request, "plan")
            if plan:
                payload["plan_id"] = plan
            result = application_create(actor=request.user, payload=payload, **_facts(request))
        except ApplicationError as error:
            inline, rest = _errors_by_input(error, {*_APPLICATION_FIELDS, "plan", *form.fields})
            context |= {"error": error, "field_errors": inline, "other_errors": rest}
            return render(request, "community/application_new.html", context, status=422)
        key.discard(request.user)
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
    event.warning_labels = [str(WARNINGS.get(code, code)) for code in event.warnings or []]
    return event


def _detail_context(request, application) -> dict:
    version = latest_version(application)
    definition = current_definition(application.kind)
    form_class = form_class_for(definition)
    draft = DraftKey("community", application.pk, "edit").of(request.user)
    initial = version.submission.data if version else {}
    if draft is not None:
        initial = initial | initial_from(form_class.base_fields, draft.data)
    edit_form = form_class(initial=initial)
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
        "edit_title": (draft.data.get("title") or [application.title])[-1] if draft else application.title,
        "draft": draft,
        "today": business_today().isoformat(),
        "can_remind": request.user.pk == application.initiator_id
        and approval is not None
        and approval.status == "open",
        "cc_candidates": selectors.cc_candidates(application),
        "copied": [entry.user for entry in application.cc_entries.select_related("user")],
        "can_comment": has_part_in_case(request.user, application),
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
    draft_key = DraftKey("community", application.pk, "edit")
    if action == "edit" and draft_intent(request):
        if "edit" not in selectors.available_actions(application, request.user):
            raise PermissionDenied  # a draft only for who may edit it now
        names = ["title", *form_class_for(current_definition(application.kind)).base_fields]
        back = reverse("community-application", args=[application.pk]) + "#edit"
        return draft_respond(request, draft_key, names, back)
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
        shown = {*_ACTION_FIELDS, "attachment", "plan", *context["edit_form"].fields}
        inline, rest = _errors_by_input(error, shown)
        context |= {"error": error, "error_action": action, "field_errors": inline, "other_errors": rest}
        if action == "edit":  # show what was typed, with the errors next to it
            context["edit_form"] = form_class_for(current_definition(application.kind))(request.POST)
            context["edit_title"] = request.POST.get("title", "")
        return render(request, "community/application_detail.html", context, status=422)
    if action == "edit":
        draft_key.discard(request.user)
    for warning in result.warnings:
        messages.warning(request, WARNINGS.get(warning, warning))
    messages.success(request, _("Done: %(action)s.") % {"action": ACTIONS[action].label})
    return redirect("community-application", pk=application.pk)
