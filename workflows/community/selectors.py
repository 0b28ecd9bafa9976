"""Reads for Process B: visibility, lists, what a viewer may do next, versions, history."""

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.permissions import ancestor_paths
from audit.models import AuditEvent
from workflows.community.models import Application, Kind, Status
from workflows.models import CaseCc
from workflows.schools import community_visible_q


def applications_visible_to(user) -> QuerySet[Application]:
    """Applications of the communities the user belongs to, oversees or has a school in; and those they
    started or were copied on."""
    if not (user.is_authenticated and user.is_active):
        return Application.objects.none()
    copied = CaseCc.objects.filter(user=user).values("process_id")
    return Application.objects.filter(community_visible_q(user) | Q(initiator=user) | Q(pk__in=copied))


def application_list(user) -> QuerySet[Application]:
    return (
        applications_visible_to(user)
        .select_related("community", "core_school", "member_school")
        .order_by("-school_year", "community__path", "member_school__name", "kind")
    )


def filter_applications(applications: QuerySet[Application], params, *, organisation=None) -> QuerySet[Application]:
    """The list page's filters (kind, stage, school year, organisation subtree); bad values are ignored."""
    kind, stage, year = params.get("kind"), params.get("stage"), str(params.get("year") or "")
    if kind in Kind.values:
        applications = applications.filter(kind=kind)
    if stage in Status.values:
        applications = applications.filter(stage=stage)
    if year.isdigit():
        applications = applications.filter(school_year=int(year))
    if organisation is not None:
        applications = applications.filter(community__path__startswith=organisation.path)
    return applications


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


def application_history(application: Application) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(process="community", case_id=application.pk).select_related("actor").order_by("id")


def application_versions(application: Application):
    return application.versions.select_related("submission__definition", "plan", "created_by").order_by("-number")


def cc_candidates(application: Application) -> QuerySet[User]:
    """People who may be copied (抄送): those with a role in the community, its schools or above it."""
    community = application.community
    around = Q(memberships__organisation__path__startswith=community.path) | Q(
        memberships__organisation__path__in=ancestor_paths(community.path)
    )
    return User.objects.filter(around, is_active=True).distinct().order_by("real_name")
