"""Pages for community evaluations: the list, opening a year, the case page with its tracks and
timeline, one form per action (the same action runner as the API), and the results with .xlsx export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import roles
from accounts.permissions import organisation_filter, organisations_granted
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from core.school_year import school_year_of
from forms.drafts import DraftKey, draft_intent, draft_respond, initial_from
from forms.selectors import files_linked
from forms.services import attachment_create
from workflows.evaluation import selectors
from workflows.evaluation.access import evaluation_case_for_user
from workflows.evaluation.actions import ACTIONS, CASE, PROJECT, ROUTINE, target_of
from workflows.evaluation.aggregation import INPUTS, INTERMEDIATES
from workflows.evaluation.apis import xlsx_response
from workflows.evaluation.export import result_labels
from workflows.evaluation.form_help import action_help
from workflows.evaluation.models import CaseStatus, ProjectEvaluation, SchemeVersion, Track
from workflows.evaluation.selectors import available_actions, visible_results
from workflows.evaluation.services import case_open
from workflows.evaluation.templatetags.evaluation import warning_label
from workflows.evaluation.web_forms import action_form, payload_from
from workflows.kit.engine import run_action
from workflows.schools import communities_visible_to, core_school_of


def _facts(request) -> dict:
    return request_facts(request)


def _may_open(user) -> bool:
    return any(
        organisations_granted(user, perm).exists() for perm in (roles.ORGANISE_EVALUATION, roles.REVIEW_COMMUNITY)
    )


@login_required
def case_list(request):
    cases = selectors.case_list(request.user)
    years = sorted(set(cases.values_list("school_year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    organisation = organisation_filter(request.user, request.GET.get("org"))
    cases = selectors.filter_cases(cases, request.GET, organisation=organisation)
    context = {
        "cases": cases,
        "organisation": organisation,
        "year": year,
        "years": years,
        "may_open": _may_open(request.user),
    }
    return render(request, "evaluation/case_list.html", context)


@login_required
def case_new(request):
    if not _may_open(request.user):
        raise PermissionDenied
    communities = communities_visible_to(request.user).order_by("path")
    schemes = SchemeVersion.objects.order_by("-is_default", "-pk")
    values = request.POST.dict() if request.method == "POST" else {"school_year": school_year_of(business_today())}
    context = {"communities": communities, "schemes": schemes, "values": values}
    if request.method == "POST":
        payload = {k: values.get(k) or None for k in ("community", "school_year", "scheme")}
        try:
            case = case_open(actor=request.user, payload=payload, **_facts(request))
        except ApplicationError as error:
            return render(request, "evaluation/case_new.html", {**context, "error": error}, status=422)
        messages.success(request, _("The evaluation has been opened."))
        return redirect("evaluation-case", pk=case.pk)
    return render(request, "evaluation/case_new.html", context)


@login_required
def case_detail(request, pk: int):
    case = evaluation_case_for_user(request.user, pk, loaded=True)
    actions = available_actions(case, request.user)
    by_track: dict = {}
    case_actions = []
    for item in actions:
        key = ("routine", item["routine_id"]) if "routine_id" in item else ("project", item.get("project_id"))
        if "routine_id" in item or "project_id" in item:
            by_track.setdefault(key, []).append(item)
        elif "member_school_id" in item:
            by_track.setdefault(("gap", item["member_school_id"], item["component"]), []).append(item)
        else:
            case_actions.append(item)
    routine = [(t, by_track.get(("routine", t.pk), [])) for t in case.routine.all()]
    projects = [(t, by_track.get(("project", t.pk), [])) for t in case.projects.all()]
    gaps = [
        (gap, by_track.get(("gap", gap["member_school"].pk, gap["component"]), []))
        for gap in selectors.missing_tracks(case)
    ]
    context = {
        "case": case,
        "routine": routine,
        "projects": projects,
        "gaps": gaps,
        "case_actions": case_actions,
        "results": visible_results(case, request.user),
        "events": files_linked(selectors.case_history(case)),  # each file with 预览 / 下载
        **selectors.discussion(case, request.user),
    }
    return render(request, "evaluation/case_detail.html", context)


def _target(case, spec, params):
    """The track a page action applies to, from routine_id, project_id, or member_school_id with component (a
    track not opened yet is sketched, unsaved, as the engine does)."""
    if target_of(spec) == CASE:
        return case, {}
    routine_id, project_id = params.get("routine_id", ""), params.get("project_id", "")
    if routine_id.isdigit() and target_of(spec) != PROJECT:
        track = next((t for t in case.routine.all() if t.pk == int(routine_id)), None)
        keys = {"routine_id": int(routine_id)}
    elif project_id.isdigit() and target_of(spec) != ROUTINE:
        track = next((t for t in case.projects.all() if t.pk == int(project_id)), None)
        keys = {"project_id": int(project_id)}
    elif params.get("member_school_id", "").isdigit() and params.get("component") in (Track.PROJECT, Track.FEATURE):
        member = next((t.school for t in case.routine.all() if t.school.pk == int(params["member_school_id"])), None)
        keys = {"member_school_id": int(params["member_school_id"]), "component": params["component"]}
        track = (
            ProjectEvaluation(
                case=case,
                core_school=core_school_of(case.community),
                member_school=member,
                component=params["component"],
            )
            if member is not None
            else None
        )
    else:
        track = None
    if track is None:
        raise PermissionDenied
    return track, keys


@login_required
def case_action(request, pk: int, action: str):
    case = evaluation_case_for_user(request.user, pk, loaded=True)
    spec = ACTIONS.get(action)
    if spec is None:
        raise PermissionDenied
    params = request.POST if request.method == "POST" else request.GET
    target, keys = _target(case, spec, params)
    offered = {"action": action, **{k: str(v) for k, v in keys.items()}}
    mine = [{k: str(v) for k, v in item.items() if k != "label"} for item in available_actions(case, request.user)]
    if offered not in mine:  # the page offers only what the viewer may do now; the API answers with the reason
        raise PermissionDenied
    today = business_today()
    key = DraftKey("evaluation", case.pk, ":".join([action, *(f"{k}={v}" for k, v in sorted(keys.items()))]))
    blank = action_form(action, case, target, today)
    if draft_intent(request):
        return draft_respond(request, key, blank.fields, f"{request.path}?{urlencode(keys)}")
    context = {
        "case": case,
        "spec": spec,
        "target": target,
        "keys": keys,
        "help": action_help(action, case, target),
        "drafts": bool(blank.groups),  # the long forms: one group of fields per indicator
    }
    if request.method != "POST":
        draft = key.of(request.user) if context["drafts"] else None
        if draft is not None:
            blank = action_form(action, case, target, today, initial=initial_from(blank.fields, draft.data))
        return render(request, "evaluation/case_action.html", context | {"form": blank, "draft": draft})
    form = action_form(action, case, target, today, request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        try:

            def store(upload):
                return attachment_create(uploaded_by=request.user, upload=upload).pk

            result = run_action(
                process="evaluation",
                case_id=case.pk,
                code=action,
                actor=request.user,
                payload=payload_from(action, form.cleaned_data, keys, store),
                **_facts(request),
            )
        except ApplicationError as error:
            for name, errors in error.fields.items():
                target_name = f"score_{name}" if f"score_{name}" in form.fields else name
                if target_name in form.fields and isinstance(errors, list):
                    form.add_error(target_name, [str(e) for e in errors])
            form.add_error(None, f"{error.message} ({error.code})")
            for missing in error.fields.get("missing", []):  # what aggregation still waits for (C6)
                form.add_error(None, missing)
        else:
            key.discard(request.user)
            messages.success(request, _("Saved: %(action)s.") % {"action": spec.label})
            for warning in result.warnings:
                messages.warning(request, _("Recorded with warning: %(code)s") % {"code": warning_label(warning)})
            return redirect("evaluation-case", pk=case.pk)
    return render(request, "evaluation/case_action.html", context, status=422)


@login_required
def results(request, pk: int):
    case = evaluation_case_for_user(request.user, pk, loaded=True)
    shown = visible_results(case, request.user)
    current = shown[-1] if shown else None
    context = {
        "case": case,
        "results": shown,
        "current": current,
        "rows": _explained(current.rows) if current else [],
        "published": case.status == CaseStatus.PUBLISHED,
        "events": [e for e in selectors.case_history(case) if e.action in RESULT_EVENTS],
    }
    return render(request, "evaluation/results.html", context)


def _explained(rows: list[dict]) -> list[dict]:
    """Each row's inputs (with where each came from) and intermediate values, labelled, in formula order."""
    labels = result_labels()
    return [
        {
            "core_school": row["core_school"],
            "member_school": row["member_school"],
            "inputs": [(k, labels[k], row["inputs"][k], row["sources"].get(k)) for k in INPUTS],
            "intermediates": [(k, labels[k], row["intermediates"][k]) for k in INTERMEDIATES],
        }
        for row in rows
    ]


RESULT_EVENTS = ("aggregate", "publish", "request_correction", "approve_correction", "reject_correction")


@login_required
def results_xlsx(request, pk: int):
    return xlsx_response(request, pk)
