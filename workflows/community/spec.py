"""Process B as the kit runs it (DOMAIN §3): who sees an application, where each right is held, how a case is locked
and read, what its events record and whom a decision is told; its API, pages and what it adds to the site's shared
parts. The actions and their rules are in workflows.community.actions."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import roles
from workflows.announce import announce_decision
from workflows.community.actions import ACTIONS, APPROVERS, START, bureau_reviewers, school_leads
from workflows.community.demo import seed_community_demo
from workflows.community.flows import CommunityFlow
from workflows.community.form_help import application_form, application_guide
from workflows.community.inputs import PLAN
from workflows.community.models import Application, Kind, Status
from workflows.community.serializers import ApplicationDetailSerializer, ApplicationListSerializer
from workflows.kit import versions
from workflows.kit.lists import community_chart, list_export, school_years
from workflows.kit.registry import Api, Collection, Pages, ProcessType
from workflows.models import Approval, CaseCc
from workflows.schools import community_visible_q

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


def applications_visible_to(user) -> QuerySet[Application]:
    """Applications of the communities the user belongs to, oversees or has a school in; and those they
    started or were copied on."""
    if not (user.is_authenticated and user.is_active):
        return Application.objects.none()
    copied = CaseCc.objects.filter(user=user).values("process_id")
    return Application.objects.filter(community_visible_q(user) | Q(initiator=user) | Q(pk__in=copied))


def filed_application(*, community, core_school, member_school, school_year: int, kind: str) -> Application | None:
    """The pair's filed application of this kind and year, where Process C's project/feature track starts."""
    return Application.objects.filter(
        community=community,
        core_school=core_school,
        member_school=member_school,
        school_year=school_year,
        kind=kind,
        stage=Status.FILED,
    ).first()


def application_versions(application: Application):
    return versions.of(application, "plan")


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


def _page(request, application: Application, events) -> dict:
    """What the application page shows besides the kit's: versions (each change by its field's label), the core
    school's opinions, the approvers of the latest agreement or review."""
    approval = Approval.objects.filter(task__process_id=application.pk).order_by("-pk").first()
    return {
        "versions": versions.with_change_rows(application_versions(application), plan=PLAN),
        "consultations": list(application.consultations.select_related("given_by", "attachment")),
        "slots": list(approval.slots.select_related("user", "added_by")) if approval else [],
    }


API = Api(
    collections=(
        Collection("community/projects", "community-project", {"kind": "HELP_PROJECT"}),
        Collection("community/features", "community-feature", {"kind": "FEATURE"}),
    ),
    ordering=("-school_year", "community__path", "member_school__name", "kind"),
    list_serializer=ApplicationListSerializer,
    detail_serializer=ApplicationDetailSerializer,
    detail_context=lambda application, request: {"versions": application_versions(application)},
    filterset_fields=("stage", "community", "member_school", "school_year", "late"),
    search_fields=("title", "member_school__name"),
    ordering_fields=("school_year", "id"),
)

PAGES = Pages(
    prefix="community",
    case_name="community-application",
    step_name="community-application-action",
    list_name="community-application-list",
    start_name="community-application-new",
    start_keys=lambda params: {"kind": params.get("kind") if params.get("kind") in Kind.values else Kind.HELP_PROJECT},
    filters={"kind": "kind", "stage": "stage", "year": "school_year"},
    organisation_field="community",
    list_context=lambda request: {"kinds": Kind.choices, "stages": Status.choices},
    links=(
        (
            roles.SUBMIT_SCHOOL_APPLICATIONS,
            _("My school's community applications"),
            "",
            _("Help projects (帮扶项目) and feature plans (特色发展): draft, confirm, submit."),
        ),
        (
            roles.REVIEW_COMMUNITY,
            _("Applications waiting for the bureau"),
            "?stage=SUBMITTED",
            _("File them (审核备案) or return them with reasons."),
        ),
    ),
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

EXPORT_COLUMNS = ("title", "kind", "community", "core_school", "member_school", "school_year", "stage", "late")
EXPORT_COLUMNS += ("submitted_on", "filing_number", "filing_date")


def process_type() -> ProcessType:
    return ProcessType(
        code="community",
        label=_("School community application"),
        flow_class=CommunityFlow,
        visible_cases=applications_visible_to,
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
        approvers=APPROVERS,
        case_related=("community", "core_school", "member_school"),
        actions=ACTIONS,
        start=START,
        places=PLACES,
        state=lambda application: application.stage,
        after_handler=deadline_facts,
        announce=announce,
        api=API,
        pages=PAGES,
        # What the process adds to the site's shared parts (navigation, lists, dashboard, demo).
        navigation=(_("Community applications"), "community-application-list"),
        exports=(
            list_export(
                "community",
                Application,
                "community-applications",
                _("Community applications"),
                EXPORT_COLUMNS,
                page="community-application-list",
            ),
        ),
        dashboards={
            "bureau": community_chart(
                "community",
                "applications",
                _("Applications and filing by community (%(year)s–%(next)s)"),
                state="stage",
                year="school_year",
            )
        },
        school_years=school_years("community", "school_year"),
        demo=seed_community_demo,
    )
