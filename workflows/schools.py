"""School communities (教育共同体) as the organisation tree holds them, shared by Process B (applications)
and Process C (evaluation): a COMMUNITY organisation with SCHOOL children, one of them its core school.

Who sees a community's cases: anyone who belongs to the community, to an organisation above it (the
bureau), or to one of its schools (a lead, a teacher). Seeing is not acting: each action checks its own
permission on the school or the bureau, so an insider without the right gets 403, an outsider 404.
"""

from django.db.models import Q, QuerySet

from accounts import roles
from accounts.models import Organisation, OrganisationKind
from accounts.permissions import ancestor_paths, granted_roots
from accounts.selectors import organisation_children, organisation_parent


def core_school_of(community: Organisation) -> Organisation | None:
    return organisation_children(community).filter(kind=OrganisationKind.SCHOOL, is_core_school=True).first()


def member_schools_of(community: Organisation) -> QuerySet[Organisation]:
    return organisation_children(community).filter(kind=OrganisationKind.SCHOOL, is_core_school=False)


def community_of(school: Organisation) -> Organisation | None:
    parent = organisation_parent(school)
    return parent if parent is not None and parent.kind == OrganisationKind.COMMUNITY else None


def community_visible_q(user, path_field: str = "community__path") -> Q:
    """Rows whose community the user belongs to, is above, or has a school in."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return Q()
    roots = granted_roots(user, roles.VIEW) if user.is_authenticated and user.is_active else []
    if not roots:
        return Q(pk__in=[])
    condition = Q(**{f"{path_field}__in": sorted({p for root in roots for p in ancestor_paths(root)})})
    for root in roots:
        condition |= Q(**{f"{path_field}__startswith": root})
    return condition


def communities_visible_to(user) -> QuerySet[Organisation]:
    return Organisation.objects.filter(community_visible_q(user, "path"), kind=OrganisationKind.COMMUNITY)


def member_school_choices(communities) -> list[Organisation]:
    """The non-core schools of these communities, by community then name (one query)."""
    condition = Q(pk__in=[])
    for community in communities:
        condition |= Q(path__startswith=community.path, depth=community.depth + 1)
    schools = Organisation.objects.filter(condition, kind=OrganisationKind.SCHOOL, is_core_school=False)
    return list(schools.order_by("path"))
