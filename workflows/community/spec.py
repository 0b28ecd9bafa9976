"""Process B as the kit runs it (DOMAIN §3): who sees an application, where each right is held, how a case is locked
and read, what its events record and whom a decision is told; its API, pages and what it adds to the site's shared
parts. The actions and their rules are in workflows.community.actions."""

from django.utils.translation import gettext_lazy as _

from accounts import roles
from workflows.community.actions import ACTIONS, APPROVERS, START, VERSIONS
from workflows.community.demo import seed_community_demo
from workflows.community.flows import CommunityFlow
from workflows.community.form_help import application_form, application_guide
from workflows.community.models import Application, Kind, Status
from workflows.community.serializers import ApplicationDetailSerializer, ApplicationListSerializer
from workflows.kit.lists import community_chart, list_export
from workflows.kit.people import holders
from workflows.kit.registry import Api, Collection, Pages, ProcessType
from workflows.schools import community_visible_q

# Warnings an accepted action may carry (DOMAIN §3.6 B4, B5, B7), with what to tell the user.
WARNINGS = {
    "late_submission": _("Submitted after the start-of-year deadline: it is flagged as late."),
    "not_scored": _("Feature plans of collaboration (协作型) communities are filed but not scored."),
    "member_in_two_communities": _("This school is also a member of another community this school year."),
}

# Where an action's right is held: the owning school, the core school, either school of the pair (the
# agreement), or the community (so the bureau above it). Holding the right above counts.
BOTH_SCHOOLS = ("core_school", "member_school")
PLACES = {"owner": "owner_school", "core": "core_school", "pair": BOTH_SCHOOLS, "bureau": "community"}


def filed_application(**pair) -> Application | None:
    """The pair's filed application of a kind and year (``community``, ``core_school``, ``member_school``,
    ``school_year``, ``kind``), where Process C's project/feature track starts."""
    return Application.objects.filter(**pair, stage=Status.FILED).first()


def _told(application: Application) -> list:
    """Who is told of a decision on an application: who started and who submitted it, the owner school's leads."""
    leads = holders(roles.SUBMIT_SCHOOL_APPLICATIONS, [application.owner_school])
    return [application.initiator, application.submitted_by, *leads]


API = Api(
    collections=(
        Collection("community/projects", "community-project", {"kind": "HELP_PROJECT"}),
        Collection("community/features", "community-feature", {"kind": "FEATURE"}),
    ),
    ordering=("-school_year", "community__path", "member_school__name", "kind"),
    list_serializer=ApplicationListSerializer,
    detail_serializer=ApplicationDetailSerializer,
)

PAGES = Pages(
    prefix="community",
    name="community-application",
    start_keys=lambda params: {"kind": params.get("kind") if params.get("kind") in Kind.values else Kind.HELP_PROJECT},
    filters={"kind": "kind", "stage": "stage", "year": "school_year"},
    organisation_field="community",
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
    warnings=WARNINGS,
    error_fields={
        "member_school_invalid": "member_school",
        "application_exists": "member_school",
        "filing_date_invalid": "filing_date",
    },
    widgets=application_form,
    guide=application_guide,
    case_context=lambda request, application, events: {
        "consultations": list(application.consultations.select_related("given_by", "attachment"))
    },
    done=lambda action, result, user: _("The application has been saved as a draft.") if action.code == "new" else None,
)

COLUMNS = ("title", "kind", "community", "core_school", "member_school", "school_year", "stage", "late")
COLUMNS += ("submitted_on", "filing_number", "filing_date")
CHART = _("Applications and filing by community (%(year)s–%(next)s)")


def process_type() -> ProcessType:
    return ProcessType(
        code="community",
        label=_("School community application"),
        flow_class=CommunityFlow,
        visible_q=community_visible_q,
        shown_as=("title", "member_school"),
        supervisors=lambda case: holders(roles.REVIEW_COMMUNITY, [case.community], above=True),
        state_field="stage",
        form_versions=VERSIONS,
        approvers=APPROVERS,
        case_related=("community", "core_school", "member_school"),
        actions=ACTIONS,
        start=START,
        places=PLACES,
        told_of_decisions=("file", "return", "decline"),
        told=_told,
        api=API,
        pages=PAGES,
        # What the process adds to the site's shared parts (navigation, lists, dashboard, demo).
        navigation=(_("Community applications"), "community-application-list"),
        exports=(list_export(PAGES, Application, "community-applications", _("Community applications"), COLUMNS),),
        dashboards={"bureau": community_chart("community", "applications", CHART)},
        year_field="school_year",
        demo=seed_community_demo,
    )
