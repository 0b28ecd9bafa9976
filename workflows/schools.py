"""School communities (教育共同体) as the organisation tree holds them, shared by Process B (applications)
and Process C (evaluation): a COMMUNITY organisation with SCHOOL children, one of them its core school.

Who sees a community's cases: anyone who belongs to the community, to an organisation above it (the
bureau), or to one of its schools (a lead, a teacher). Seeing is not acting: each action checks its own
permission on the school or the bureau, so an insider without the right gets 403, an outsider 404.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.models import Organisation, OrganisationKind
from accounts.permissions import ancestor_paths, granted_roots
from accounts.selectors import organisation_children, organisation_parent
from core.exceptions import ApplicationError


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


def pair_core_school(user, community: Organisation, member: Organisation) -> Organisation:
    """The core school of the pair ``member`` (one of ``community``'s other schools) makes with it, for a case the
    user starts: 404 when the user does not see the community; refused when it has no core school, or the member
    school is its core school or not one of its schools."""
    if not communities_visible_to(user).filter(pk=community.pk).exists():
        raise Http404
    core = core_school_of(community)
    if core is None:
        raise ApplicationError("core_school_missing", _("This community has no core school."))
    if member.pk == core.pk:
        raise ApplicationError(
            "member_school_invalid",
            _("The member school cannot be the core school."),
            fields={"member_school": [str(_("Choose a member school."))]},
        )
    home = community_of(member)
    if home is None or home.pk != community.pk:
        # Another bureau's or community's school would get the pair's steps and then not see the case.
        raise ApplicationError(
            "member_school_ineligible",
            _("The member school must be a school of this community."),
            fields={"member_school": [str(_("Choose a member school of this community."))]},
        )
    return core


def pair_fields(user) -> dict:
    """A new case's community and member school (a form's fields), among those the person sees; the case's start
    checks the pair (``pair_core_school``)."""
    communities = list(communities_visible_to(user).order_by("path"))
    schools = [(s.pk, s.name) for s in member_school_choices(communities)]
    return {
        "community": forms.IntegerField(
            label=_("Community"),
            widget=forms.Select(choices=[(c.pk, f"{c.name} · {c.get_community_type_display()}") for c in communities]),
        ),
        "member_school": forms.IntegerField(
            label=_("Member school"),
            widget=forms.Select(choices=schools),
            help_text=_("The member school of the pair; the core school is the community's."),
        ),
    }
