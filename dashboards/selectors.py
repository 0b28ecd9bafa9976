"""Dashboard figures. Each process draws its own charts (its registration's ``dashboards``), every count taken with
the same visibility and the same filters as the list its chart links to, a fixed number of queries whatever the
volume; this module chooses who sees which dashboard and over which organisations and communities."""

import datetime

from django.db.models import QuerySet

from accounts import roles
from accounts.models import Organisation, OrganisationKind
from accounts.permissions import organisations_visible_to
from dashboards.charts import Chart, Scope
from workflows.kit.registry import PROCESS_TYPES
from workflows.schools import communities_visible_to

PARTY_KINDS = (
    OrganisationKind.BUREAU,
    OrganisationKind.SCHOOL,
    OrganisationKind.PARTY_COMMITTEE,
    OrganisationKind.GENERAL_BRANCH,
    OrganisationKind.BRANCH,
)
BUREAU_KINDS = (OrganisationKind.BUREAU, OrganisationKind.COMMUNITY)
MAX_CHOICES = 300


def may_see_party(held: set[str]) -> bool:
    """``held``: accounts.permissions.codenames_held(user)."""
    return roles.SEE_CASES in held


def may_see_bureau(held: set[str]) -> bool:
    return bool(held & {roles.REVIEW_COMMUNITY, roles.ORGANISE_EVALUATION})


def organisation_choices(user, kinds) -> QuerySet[Organisation]:
    return organisations_visible_to(user).filter(kind__in=kinds).order_by("path")[:MAX_CHOICES]


def _charts(dashboard: str, user, scope: Scope) -> tuple[list[Chart], dict]:
    """The charts each process puts on the dashboard, in the order the processes are installed, and what else
    their page shows beside them."""
    charts, context = [], {}
    for process_type in PROCESS_TYPES.values():
        if dashboard in process_type.dashboards:
            more, facts = process_type.dashboards[dashboard](user, scope)
            charts += more
            context |= facts
    return charts, context


def party_charts(user, *, organisation: Organisation | None, today: datetime.date) -> list[Chart]:
    return _charts("party", user, Scope(organisation=organisation, today=today))[0]


# Bureau: the communities' applications, evaluations and grades -------------------------------------------


def communities_for(user, organisation) -> list[Organisation]:
    communities = communities_visible_to(user).order_by("path")
    if organisation is not None:
        communities = communities.filter(path__startswith=organisation.path)
    return list(communities)


def bureau_charts(
    user, *, organisation: Organisation | None, year: int, today: datetime.date
) -> tuple[list[Chart], dict]:
    """The bureau's charts and what its page shows beside them (the published totals by school)."""
    communities = tuple(communities_for(user, organisation))
    return _charts("bureau", user, Scope(organisation=organisation, today=today, year=year, communities=communities))


def years_with_data(user) -> list[int]:
    years: set[int] = set()
    for process_type in PROCESS_TYPES.values():
        years |= process_type.school_years(user)
    return sorted(years, reverse=True)
