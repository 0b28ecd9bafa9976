"""Process B as the kit runs it (DOMAIN §3): where each right is held, how a case is locked and read, what its
events record and whom a decision is told. The actions and their rules are in workflows.community.actions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.permissions import organisations_granted
from workflows.announce import announce_decision
from workflows.community import dashboard, demo, exports, start
from workflows.community.actions import ACTIONS
from workflows.community.flows import CommunityFlow
from workflows.community.form_help import application_form, application_guide
from workflows.community.inputs import CreateInput
from workflows.community.members import bureau_reviewers, school_leads
from workflows.community.models import Application, Kind, Status
from workflows.community.progress import action_for_node
from workflows.community.selectors import (
    application_list,
    application_versions,
    applications_visible_to,
    cc_candidates,
    filter_applications,
)
from workflows.community.serializers import (
    ApplicationDetailSerializer,
    ApplicationListSerializer,
    CommunityHistorySerializer,
)
from workflows.community.services import application_create
from workflows.kit.registry import Api, Collection, Pages, ProcessType
from workflows.models import Approval

DECISIONS = ("file", "return", "decline")  # outcomes the application's school is told about

# Warnings an accepted action may carry (DOMAIN §3.6 B4, B5, B7), with what to tell the user.
WARNINGS = {
    "late_submission": _("Submitted after the start-of-year deadline: it is flagged as late."),
    "not_scored": _("Feature plans of collaboration (协作型) communities are filed but not scored."),
    "member_in_two_communities": _("This school is also a member of another community this school year."),
}

# Where an action's right is held: the owning school, the core school, either school of the pair (the
# agreement), or the community (so the bureau above it). Holding the right above counts.
PLACES = {
    "owner": lambda application, target: [application.owner_school],
    "core": lambda application, target: [application.core_school],
    "pair": lambda application, target: [application.core_school, application.member_school],
    "bureau": lambda application, target: [application.community],
}


def lock(case_id: int) -> Application:
    return (
        Application.objects.select_for_update(of=("self", "process_ptr"))
        .select_related("community", "core_school", "member_school")
        .get(pk=case_id)
    )


def deadline_facts(ctx) -> None:
    application = ctx.case
    if application.deadline:
        ctx.deadlines.append(
            {"name": "application", "due": application.deadline.isoformat(), "met": not application.late}
        )


def announce(ctx, before) -> None:
    if ctx.action.code not in DECISIONS:
        return
    application = ctx.case
    people = [application.initiator, application.submitted_by, *school_leads(application.owner_school)]
    announce_decision(
        application,
        [p for p in people if p and p.pk != ctx.actor.pk],
        returned=ctx.action.code != "file",
        what=f"{application.get_kind_display()} · {application.title}",
        reason=ctx.reason,
    )


API = Api(
    collections=(
        Collection("community/projects", "community-project", {"kind": "HELP_PROJECT"}),
        Collection("community/features", "community-feature", {"kind": "FEATURE"}),
    ),
    case_list=application_list,
    list_serializer=ApplicationListSerializer,
    detail_serializer=ApplicationDetailSerializer,
    detail_context=lambda application, request: {"versions": application_versions(application)},
    create_input=CreateInput,
    create=application_create,
    history_serializer=CommunityHistorySerializer,
    filterset_fields=("stage", "community", "member_school", "school_year", "late"),
    search_fields=("title", "member_school__name"),
    ordering_fields=("school_year", "id"),
)


def deciders(application: Application, node: str) -> list | None:
    """Who may decide a step decided by approvers (a transfer's or 加签's target): the bureau's reviewers for the
    filing (never its submitter), a lead of either school for the help project's confirmation."""
    if node == "review":
        return [p for p in bureau_reviewers(application.community) if p.pk != application.submitted_by_id]
    if node == "agreement":
        return [*school_leads(application.core_school), *school_leads(application.member_school)]
    return None


def _page(request, application: Application, events) -> dict:
    """What the application page shows besides the kit's: versions (each change by its field's label), the core
    school's opinions, the approvers of the latest agreement or review."""
    versions = list(application_versions(application))
    for version in versions:
        labels = {field["name"]: field.get("label", "") for field in version.submission.definition.fields}
        labels["plan"] = _("Implementation plan (工作实施方案)")
        version.change_rows = [(labels.get(name, ""), *change) for name, change in (version.changes or {}).items()]
    approval = Approval.objects.filter(task__process_id=application.pk).order_by("-pk").first()
    return {
        "versions": versions,
        "consultations": list(application.consultations.select_related("given_by", "attachment")),
        "slots": list(approval.slots.select_related("user", "added_by")) if approval else [],
    }


PAGES = Pages(
    prefix="community",
    case_name="community-application",
    step_name="community-application-action",
    list_name="community-application-list",
    start_name="community-application-new",
    start_label=_("New community application"),
    may_start=lambda user: organisations_granted(user, roles.SUBMIT_SCHOOL_APPLICATIONS).exists(),
    start_keys=lambda params: {"kind": params.get("kind") if params.get("kind") in Kind.values else Kind.HELP_PROJECT},
    list_filter=lambda cases, params, organisation: filter_applications(cases, params, organisation=organisation),
    list_context=lambda request: {"kinds": Kind.choices, "stages": Status.choices},
    title=lambda application: application.title,
    state_label=lambda stage: Status(stage).label if stage in Status.values else "",
    warnings=WARNINGS,
    error_fields={
        "member_school_invalid": "member_school",
        "application_exists": "member_school",
        "attachment_missing": "plan_id",
        "filing_date_invalid": "filing_date",
    },
    widgets=application_form,
    guide=application_guide,
    case_context=_page,
    done=lambda action, result, user: _("The application has been saved as a draft.") if action.code == "new" else None,
)


def process_type() -> ProcessType:
    return ProcessType(
        code="community",
        label=_("School community application"),
        flow_class=CommunityFlow,
        visible_cases=applications_visible_to,
        case_of=lambda process: process.application,
        case_url=lambda case: reverse("community-application", args=[case.pk]),
        action_url=lambda case, code: reverse("community-application-action", args=[case.pk, code]),
        action_code=action_for_node,
        describe=lambda case: (case.title, case.member_school.name, case.get_stage_display()),
        task_related=("process__application__member_school",),
        organisation_path_lookup="process__application__member_school__path",
        subject_name_lookup="process__application__title",
        supervisors=lambda case: bureau_reviewers(case.community),
        organisation_of=lambda case: case.community,
        case_lookup="application",
        due_lookup="process__application__deadline",
        case_facts=lambda case: {"due": case.deadline, "action": "", "status": case.stage},
        # The pair's leads (on their schools) and the bureau's reviewers (above the community).
        working_rights=lambda case: [
            (roles.SUBMIT_SCHOOL_APPLICATIONS, case.core_school),
            (roles.SUBMIT_SCHOOL_APPLICATIONS, case.member_school),
            (roles.REVIEW_COMMUNITY, case.community),
        ],
        cc_candidates=cc_candidates,
        deciders=deciders,
        case_related=("community", "core_school", "member_school"),
        actions=ACTIONS,
        lock=lock,
        places=PLACES,
        state=lambda application: application.stage,
        after_handler=deadline_facts,
        announce=announce,
        api=API,
        pages=PAGES,
        # What the process adds to the site's shared parts (navigation, home page, lists, dashboard, demo).
        navigation=(_("Community applications"), "community-application-list"),
        start_points=start.start_points,
        exports=exports.EXPORTS,
        dashboards={"bureau": dashboard.bureau_charts},
        school_years=dashboard.school_years,
        demo=demo.seed_community_demo,
    )
