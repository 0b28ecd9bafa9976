"""Pages for party cases: list, new application, case page with its timeline, and step forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Membership, Organisation, OrganisationKind
from accounts.permissions import organisation_filter, organisations_granted
from core.client_ip import request_facts
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.drafts import DraftKey, draft_intent, draft_respond, initial_from
from forms.services import attachment_create
from workflows.access import has_part_in_case
from workflows.party import filters, selectors
from workflows.party.access import party_case_for_user
from workflows.party.actions import ACTIONS
from workflows.party.bundle.access import may_export_bundle
from workflows.party.engine import may_attempt, run_action
from workflows.party.form_help import step_help
from workflows.party.guides import timeline
from workflows.party.models import CaseStatus, Identity
from workflows.party.rulesets import RuleBook
from workflows.party.serializers import HistorySerializer
from workflows.party.services import political_review_read
from workflows.party.steps.application import case_submit
from workflows.party.web_forms import action_form, flat_errors, keeps_drafts, payload_from, place_errors


@login_required
def case_list(request):
    today = business_today()
    organisation = organisation_filter(request.user, request.GET.get("org"))
    cases = filters.apply(selectors.case_list(request.user), request.GET, today=today, organisation=organisation)
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "today": today,
        "identities": Identity.choices,
        "statuses": CaseStatus.choices,
        "filters": request.GET.dict(),
        "organisation": organisation,
    }
    return render(request, "party/case_list.html", context)


def _branches_for(user):
    """Branches where the user may apply (their own APPLICANT role) or enter applications (staff)."""
    staff = organisations_granted(user, roles.HANDLE_PARTY_WORK).filter(kind=OrganisationKind.BRANCH)
    own = Membership.objects.active_on(business_today()).filter(user=user, organisation__kind=OrganisationKind.BRANCH)
    return Organisation.objects.filter(pk__in=staff.values("pk")) | Organisation.objects.filter(
        pk__in=own.values("organisation_id")
    )


@login_required
def case_new(request):
    branches = _branches_for(request.user).order_by("path")
    if not branches.exists():  # belongs to no branch and enters applications for none
        raise PermissionDenied
    is_staff = organisations_granted(request.user, roles.HANDLE_PARTY_WORK).exists()
    values = request.POST.dict() if request.method == "POST" else {"date": business_today().isoformat()}
    if request.method == "POST":
        payload = {k: v for k, v in values.items() if k in ("branch_id", "date", "channel", "person_id")}
        payload["unit_has_party_organisation"] = values.get("unit_has_party_organisation") == "on"
        payload["backfill"] = payload["paper"] = is_staff and values.get("backfill") == "on"
        if not payload.get("person_id"):
            payload.pop("person_id", None)
        try:
            case = case_submit(actor=request.user, payload=payload, **request_facts(request))
        except ApplicationError as error:
            context = {
                "branches": branches,
                "is_staff": is_staff,
                "values": values,
                "error": error,
                "field_errors": flat_errors(error.fields),
            }
            return render(request, "party/case_new.html", context, status=422)
        if case.person_id == request.user.pk:  # what happens next, for the person who applied
            messages.success(
                request,
                _(
                    "Your application has been sent to %(branch)s. The branch will talk with you within a month; "
                    "the steps below show where it stands."
                )
                % {"branch": case.branch.name},
            )
        else:
            messages.success(request, _("The application has been recorded."))
        return redirect("party-case", pk=case.pk)
    return render(request, "party/case_new.html", {"branches": branches, "is_staff": is_staff, "values": values})


@login_required
def case_detail(request, pk: int):
    case = party_case_for_user(request.user, pk)
    steps = selectors.open_steps(case)
    events = list(selectors.case_history(case))
    review_visible = selectors.can_read_political_review(request.user, case)
    for event in events:
        if event.action in HistorySerializer.RESTRICTED and not review_visible:
            event.attachments, event.comment, event.reason = [], "", ""  # shown, never saved
    done = {}
    for event in events:
        if event.step and event.action not in ("submit_report", "read_political_review", "grant_override"):
            done.setdefault(event.step, event.business_date)
    current = {ACTIONS[s["action"]].step for s in steps if s["action"] in ACTIONS}
    available = selectors.available_actions(case, request.user, steps)
    context = {
        "case": case,
        "steps": steps,
        "events": events,
        "timeline": timeline(done, current),
        "actions": [(code, ACTIONS[code].label) for code in available],
        # The phone's action bar: the open steps first, then whatever else may be done
        "quick_actions": sorted(
            ((code, ACTIONS[code].label) for code in available), key=lambda a: ACTIONS[a[0]].node is None
        )[:2],
        "today": business_today().isoformat(),
        "political_review_visible": review_visible,
        "is_applicant": request.user.pk == case.person_id,
        "can_remind": request.user.pk in (case.person_id, case.initiator_id) and bool(steps),
        "cc_candidates": selectors.cc_candidates(case) if steps else [],
        "copied": [entry.user for entry in case.cc_entries.select_related("user")],
        "can_comment": has_part_in_case(request.user, case),
        "may_take_bundle": may_export_bundle(request.user, case),
    }
    return render(request, "party/case_detail.html", context)


@login_required
def political_review(request, pk: int):
    case = party_case_for_user(request.user, pk)
    reviews = political_review_read(user=request.user, case=case, **request_facts(request))
    return render(request, "party/political_review.html", {"case": case, "reviews": reviews})


@login_required
def case_action(request, pk: int, action: str):
    case = party_case_for_user(request.user, pk)
    spec = ACTIONS.get(action)
    if spec is None or not may_attempt(spec, case, request.user):  # nor a form, nor a draft, for others
        raise PermissionDenied
    archive_items = RuleBook(case.rule_set)["archive_mandatory_items"]
    day = business_today()
    key = DraftKey("party", case.pk, action)
    blank = action_form(spec, case, day, archive_items)
    if draft_intent(request):
        return draft_respond(request, key, blank.fields, request.path)
    context = {"case": case, "spec": spec, "help": step_help(case, spec, day), "drafts": keeps_drafts(blank)}
    if request.method != "POST":
        draft = key.of(request.user) if context["drafts"] else None
        if draft is not None:
            blank = action_form(spec, case, day, archive_items, draft=initial_from(blank.fields, draft.data))
        return render(request, "party/case_action.html", context | {"form": blank, "draft": draft})
    form = action_form(spec, case, day, archive_items, request.POST, request.FILES)
    if form.is_valid():

        def store(upload):
            return attachment_create(uploaded_by=request.user, upload=upload).pk

        try:
            result = run_action(
                case_id=case.pk,
                code=action,
                actor=request.user,
                payload=payload_from(form.cleaned_data, store),
                **request_facts(request),
            )
        except ApplicationError as error:
            place_errors(form, error)
        else:
            key.discard(request.user)
            messages.success(request, _("Saved: %(step)s.") % {"step": spec.label})
            for warning in result.warnings:
                messages.warning(request, _("Recorded with warning: %(code)s") % {"code": warning})
            return redirect("party-case", pk=case.pk)
    return render(request, "party/case_action.html", context | {"form": form}, status=422)
