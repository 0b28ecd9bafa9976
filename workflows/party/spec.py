"""Party development (DOMAIN §2) as the kit runs it: where each right is held, how a case is locked, what its
events record, what follows an event and whom a decision is told. The actions and their rules are in
workflows.party.actions and workflows.party.steps."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.permissions import has_org_perm, organisations_granted
from audit.models import AuditEvent
from core.dates import business_today
from core.exceptions import ApplicationError
from forms.selectors import files_linked
from workflows.announce import announce_decision, holders_of
from workflows.kit.actions import Result
from workflows.kit.registry import Api, Collection, Pages, ProcessType
from workflows.party import (
    filters,
    selectors,
    steps,  # noqa: F401  (registers the actions)
)
from workflows.party.actions import ACTIONS, PartyContext
from workflows.party.apis import PoliticalReviewApi
from workflows.party.audit_card import audit_card
from workflows.party.bundle import views as bundle_views
from workflows.party.bundle.access import may_export_bundle
from workflows.party.bundle.apis import BundleApi
from workflows.party.case_lock import lock
from workflows.party.dashboard import charts as dashboard_charts
from workflows.party.demo import seed_party_demo
from workflows.party.exports import EXPORTS
from workflows.party.file_access import file_access
from workflows.party.flows import PartyFlow
from workflows.party.form_help import guide, people, step_fields
from workflows.party.guides import timeline
from workflows.party.inputs import FIELD_LABELS, ActionInput, SubmitApplicationInput
from workflows.party.members import approval_committee
from workflows.party.models import CaseStatus, Identity, PartyCase
from workflows.party.progress import action_for_node, refresh_next
from workflows.party.rulesets import rule_book
from workflows.party.selectors import branches_for, cases_visible_to, cc_candidates
from workflows.party.serializers import CaseDetailSerializer, CaseListSerializer, HistorySerializer
from workflows.party.start import start_points
from workflows.party.steps.application import case_submit
from workflows.party.templatetags.party import OTHER_ACTIONS
from workflows.party.views import political_review

# The rights the party process works with (on the branch, or the committees above it, where they are held).
PARTY_WORK = (
    roles.HANDLE_PARTY_WORK,
    roles.DECIDE_BRANCH,
    roles.APPROVE_PARTY,
    roles.INTERVIEW_PARTY,
    roles.FILE_PARTY_RECORDS,
)


def _committee(case: PartyCase, target) -> list:
    committee = approval_committee(case.branch)
    if committee is None:
        raise ApplicationError("no_approval_authority", _("No committee above this branch has approval authority."))
    return [committee]


# Where an action's right is held: the case's branch, or the committee with approval authority above it.
PLACES = {"branch": lambda case, target: [case.branch], "committee": _committee}


def refused(action, case: PartyCase, actor) -> None:
    """A committee's member who holds the right on the branch, but not at the committee with approval authority:
    their committee has none for this branch."""
    if action.where == "committee" and has_org_perm(actor, action.perm, case.branch):
        raise ApplicationError("no_approval_authority", _("Your committee has no approval authority for this branch."))


def state(case: PartyCase) -> str:
    return f"{case.identity}/{case.case_status}"


def prepare(ctx: PartyContext) -> None:
    ctx.book = rule_book(ctx.case.rule_set)


def audit_facts(ctx: PartyContext) -> dict:
    """The case's rule set; the reasons of the exceptions granted in advance that the step used, and who
    granted the exception (the committee in advance, or the actor who ran the step with it)."""
    granted = ctx.granted_overrides
    return {
        "rule_set": ctx.case.rule_set.code,
        "reason": "\n".join([ctx.reason, *(g.reason for g in granted)]).strip(),
        "override_approver": (granted[0].approved_by if granted else ctx.actor) if ctx.overrides else None,
    }


def after_event(ctx: PartyContext, event) -> None:
    # after the event: deadlines run from the latest business date; the engine saves the case after this
    # (save_after_event) and announces the open steps read here
    ctx.open_tasks = refresh_next(ctx.case, ctx.book, save=False)
    for granted in ctx.granted_overrides:
        granted.used_by_event = event
        granted.save(update_fields=["used_by_event"])


def announce(ctx: PartyContext, before: str) -> None:
    """Tell the person when someone else's step changed where their case stands."""
    case = ctx.case
    if state(case) != before and ctx.actor.pk != case.person_id:
        announce_decision(case, [case.person], returned=False, what=str(ctx.action.label))


def supervisors(case: PartyCase) -> list:
    committee = approval_committee(case.branch)
    return holders_of(roles.APPROVE_PARTY, committee) if committee else []


def create(*, actor, payload, **facts) -> Result:
    """Step 1 (the application) through the generic API: its event is the case's first."""
    case = case_submit(actor=actor, payload=payload, **facts)
    event = AuditEvent.objects.filter(process="party", case_id=case.pk).latest("id")
    return Result(case=case, event=event, warnings=[])


def detail_context(case, request) -> dict:
    open_steps = selectors.open_steps(case)
    return {
        "today": business_today(),
        "open_steps": open_steps,
        "available_actions": selectors.available_actions(case, request.user, open_steps),  # rights read once
    }


API = Api(
    collections=(Collection("party/cases", "party-case"),),
    case_list=selectors.case_list,
    list_serializer=CaseListSerializer,
    detail_serializer=CaseDetailSerializer,
    detail_context=detail_context,
    create_input=SubmitApplicationInput,
    create=create,
    history_serializer=HistorySerializer,
    list_context=lambda request: {"today": business_today()},
    history=selectors.case_history,
    history_context=lambda request, case: {
        "political_review_visible": selectors.can_read_political_review(request.user, case)
    },
    filterset_fields=("identity", "case_status", "branch", "next_action"),
    search_fields=("person__real_name", "person__username"),
    ordering_fields=("next_due", "application_date", "id"),
    action_input_doc=ActionInput,
    extra=(
        ("political-review/", PoliticalReviewApi, "api-party-political-review"),
        ("bundle/", BundleApi, "api-party-bundle"),
    ),
)


# Warnings an accepted step may carry, with what to tell the person (the rules' own words).
WARNINGS = {
    "talk_overdue": _("The talk was held more than a month after the application was received."),
    "activist_too_early": _("Designated as an activist earlier than the local rule allows."),
    "league_recommendation_required": _("Without the Youth League's recommendation (推优) required at this age."),
    "assessment_missing": _("Fewer half-year assessments are recorded than expected."),
    "approval_overdue": _("Approved later than the usual period after the branch's report."),
    "oath_overdue": _("The oath was taken later than usual."),
    "full_membership_date_corrected": _("The full membership date was set to the end of probation."),
    "written_opinion_late": _("A written opinion arrived after the meeting: recorded, not counted."),
}
# Where a refusal belongs on a step's form, for refusals that name no field themselves.
ERROR_FIELDS = {
    "date_order": "date",
    "cultivation_under_one_year": "date",
    "activist_too_early": "date",
    "approval_window_exceeded": "date",
    "probation_not_ended": "date",
    "league_recommendation_required": "recommendation",
    "collective_decision_required": "meeting__minutes_ref",
    "no_branch_committee": "meeting__kind",
    "trainer_count": "person_ids",
    "trainer_not_full_member": "person_ids",
    "introducer_count": "person_ids",
    "introducer_not_eligible": "person_ids",
    "training_insufficient": "days",
    "leaving_within_three_months": "expected_departure_date",
    "extension_length": "months",
    "group_not_in_branch": "group_id",
    "eligible_list_mismatch": "meeting__eligible_ids",
    "probationary_cannot_vote": "meeting__eligible_ids",
    "voter_not_in_branch": "meeting__eligible_ids",
    "attendee_not_eligible": "meeting__present_ids",
    "quorum_not_met": "meeting__present_ids",
    "vote_totals_invalid": "meeting__ballot__yes",
    "majority_not_reached": "meeting__ballot__yes",
    "result_mismatch": "meeting__result",
}


def _history(request, case: PartyCase) -> list:
    """The case's events; the political review's files, comment and reason only for its readers (shown, never
    changed)."""
    events = files_linked(selectors.case_history(case))
    if not selectors.can_read_political_review(request.user, case):
        for event in events:
            if event.action in HistorySerializer.RESTRICTED:
                event.attachments, event.comment, event.reason = [], "", ""
    return events


def _page(request, case: PartyCase, events) -> dict:
    """The case page's open steps with their dates, and the 25 steps with the date each was done."""
    open_steps = selectors.open_steps(case)
    done = {}
    for event in events:
        if event.step and event.action not in ("submit_report", "read_political_review", "grant_override"):
            done.setdefault(event.step, event.business_date)
        if event.action == "confirm_receipt":  # received: the date the rules count from, not the day handed in
            done[event.step] = event.business_date
    current = {ACTIONS[s["action"]].step for s in open_steps if s["action"] in ACTIONS}
    return {
        "steps": open_steps,
        "timeline": timeline(done, current),
        "political_review_visible": selectors.can_read_political_review(request.user, case),
        "is_applicant": request.user.pk == case.person_id,
        "may_take_bundle": may_export_bundle(request.user, case),
    }


def _state_label(state: str) -> str:
    identity, _slash, status = state.partition("/")
    labels = [Identity(identity).label if identity in Identity.values else ""]
    labels.append(CaseStatus(status).label if status in CaseStatus.values and status != CaseStatus.ACTIVE else "")
    return " · ".join(str(label) for label in labels if label)


def _done(action, result, user):
    if action.code != "new":
        return None
    if result.case.person_id == user.pk:  # what happens next, for the person who applied
        return _(
            "Your application has been sent to %(branch)s. The branch will talk with you within a month; the steps "
            "below show where it stands."
        ) % {"branch": result.case.branch.name}
    return _("The application has been recorded.")


def _staff(user) -> bool:
    return organisations_granted(user, roles.HANDLE_PARTY_WORK).exists()


PAGES = Pages(
    prefix="party",
    case_name="party-case",
    step_name="party-case-action",
    list_name="party-case-list",
    start_name="party-case-new",
    start_label=lambda user: _("Record an application") if _staff(user) else _("Apply to join the Party"),
    may_start=lambda user: branches_for(user).exists(),
    list_filter=lambda cases, params, organisation: filters.apply(
        cases, params, today=business_today(), organisation=organisation
    ),
    list_context=lambda request: {
        "today": business_today(),
        "identities": Identity.choices,
        "statuses": CaseStatus.choices,
    },
    title=lambda case: case.person.real_name,
    state_label=_state_label,
    field_labels=FIELD_LABELS,
    error_fields=ERROR_FIELDS,
    warnings=WARNINGS,
    skipped=frozenset({"candidate_ids"}),  # API only
    people=people,
    widgets=step_fields,
    payload=lambda plan, cleaned, payload: payload | ({"paper": payload["backfill"]} if "backfill" in payload else {}),
    guide=guide,
    case_context=_page,
    available=lambda case, user: selectors.available_actions(case, user, selectors.open_steps(case)),
    done=_done,
    history=_history,
    more=(
        ("<int:pk>/political-review/", political_review, "party-political-review"),
        ("<int:pk>/bundle.zip", bundle_views.bundle_zip, "party-bundle-zip"),
        ("<int:pk>/bundle.pdf", bundle_views.bundle_pdf, "party-bundle-pdf"),
    ),
)


def process_type() -> ProcessType:
    return ProcessType(
        code="party",
        label=_("Party development"),
        flow_class=PartyFlow,
        visible_cases=cases_visible_to,
        action_code=action_for_node,
        describe=lambda case: (case.person.real_name, case.branch.name, case.get_identity_display()),
        task_related=("process__partycase__person", "process__partycase__branch"),
        organisation_path_lookup="process__partycase__branch__path",
        subject_name_lookup="process__partycase__person__real_name",
        supervisors=supervisors,
        organisation_of=lambda case: case.branch,
        case_lookup="partycase",
        due_lookup="process__partycase__next_due",
        case_facts=lambda case: {"due": case.next_due, "action": case.next_action, "status": case.case_status},
        working_rights=lambda case: [(codename, case.branch) for codename in PARTY_WORK],
        cc_candidates=cc_candidates,
        case_related=("person", "branch", "rule_set"),
        api=API,
        pages=PAGES,
        file_access=file_access,  # the political review's files: its readers only, each opening recorded
        actions=ACTIONS,
        lock=lock,
        places=PLACES,
        subject_of=lambda case: case.person_id,
        refused=refused,
        state=state,
        context_class=PartyContext,
        prepare=prepare,
        audit_facts=audit_facts,
        after_event=after_event,
        save_after_event=True,
        announce=announce,
        # What the party process adds to the site's shared parts (navigation, home page, lists, dashboard, demo,
        # audit console), none of which imports a process.
        navigation=(_("Party development"), "party-case-list"),
        start_points=start_points,
        exports=EXPORTS,
        dashboards={"party": dashboard_charts},
        demo=seed_party_demo,
        action_label=OTHER_ACTIONS.get,  # events outside the steps (the application, a review read, the bundle)
        role_labels={"BRANCH_STAFF": _("Branch staff (entered for the applicant)")},
        person_cases=lambda: PartyCase.objects.select_related("person", "branch"),
        audit_card=audit_card,
    )
