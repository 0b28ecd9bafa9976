"""Who decides the multi-person steps of Process B: one lead of each school confirms a help project (会签 of
the two schools, core school first), and any one of the bureau's reviewers decides the filing (或签)."""

from django.db.models import QuerySet

from accounts.models import Membership, Organisation, User
from accounts.permissions import ancestor_paths
from accounts.roles import REVIEW_COMMUNITY, ROLE_PERMISSIONS, SUBMIT_SCHOOL_APPLICATIONS
from core.dates import business_today
from workflows.approvals import ALL, ANY, approval_open_groups


def _holders(codename: str, organisations) -> QuerySet[User]:
    roles = [role for role, perms in ROLE_PERMISSIONS.items() if codename in perms]
    active = Membership.objects.active_on(business_today()).filter(organisation__in=organisations, role__in=roles)
    return User.objects.filter(pk__in=active.values("user_id"), is_active=True).order_by("pk")


def school_leads(school: Organisation) -> list[User]:
    return list(_holders(SUBMIT_SCHOOL_APPLICATIONS, [school]))


def bureau_reviewers(community: Organisation) -> list[User]:
    above = Organisation.objects.filter(path__in=ancestor_paths(community.path))
    return list(_holders(REVIEW_COMMUNITY, above))


def open_agreement(task) -> None:
    application = task.process.application
    approval_open_groups(
        task=task,
        groups=[(ANY, school_leads(application.core_school)), (ANY, school_leads(application.member_school))],
    )


def open_review(task) -> None:
    application = task.process.application
    reviewers = [user for user in bureau_reviewers(application.community) if user.pk != application.submitted_by_id]
    approval_open_groups(task=task, groups=[(ALL if len(reviewers) == 1 else ANY, reviewers)])
