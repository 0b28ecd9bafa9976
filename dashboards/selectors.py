"""Dashboard figures. Every count is taken with the same visibility and the same filters as the list its
chart links to (workflows.party.filters and the community/evaluation list filters), a fixed number of
queries whatever the volume."""

import datetime
from decimal import Decimal

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import Organisation, OrganisationKind
from accounts.permissions import organisations_visible_to
from dashboards.charts import Chart, Series, list_url
from workflows.community.models import Status as ApplicationStage
from workflows.community.selectors import applications_visible_to
from workflows.evaluation.models import (
    GradingResult,
    ProjectEvaluation,
    ProjectStatus,
    ResultStatus,
    RoutineEvaluation,
    RoutineStatus,
)
from workflows.evaluation.selectors import cases_visible_to as evaluations_visible_to
from workflows.party import filters
from workflows.party.models import Identity
from workflows.party.selectors import cases_visible_to as party_cases_visible_to
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
# Grade bands of a published total (lower bound inclusive).
BANDS = (Decimal(0), Decimal(60), Decimal(70), Decimal(80), Decimal(90))


def may_see_party(held: set[str]) -> bool:
    """``held``: accounts.permissions.codenames_held(user)."""
    return roles.SEE_CASES in held


def may_see_bureau(held: set[str]) -> bool:
    return bool(held & {roles.REVIEW_COMMUNITY, roles.ORGANISE_EVALUATION})


def organisation_choices(user, kinds) -> QuerySet[Organisation]:
    return organisations_visible_to(user).filter(kind__in=kinds).order_by("path")[:MAX_CHOICES]


# Party development ---------------------------------------------------------------------------------------


def party_charts(user, *, organisation: Organisation | None, today: datetime.date) -> list[Chart]:
    cases = filters.in_subtree(party_cases_visible_to(user), organisation)
    org = organisation.pk if organisation else None
    by_identity = dict(
        filters.in_pipeline(cases)
        .order_by()
        .values_list("identity")
        .annotate(n=Count("pk"))
        .values_list("identity", "n")
    )
    pipeline = Series(_("Cases"))
    for value, _label in Identity.choices:
        pipeline.values.append(by_identity.get(value, 0))
        pipeline.urls.append(list_url("party-case-list", pipeline=1, identity=value, org=org))
    deadlines = Series(
        _("Cases"),
        [
            filters.due_this_month(cases, today).count(),
            filters.overdue(cases, today).count(),
            filters.probation_ending(cases, today).count(),
        ],
        [
            list_url("party-case-list", due="month", org=org),
            list_url("party-case-list", due="overdue", org=org),
            list_url("party-case-list", probation="ending", org=org),
        ],
    )
    return [
        Chart(
            "pipeline",
            _("Development pipeline by stage"),
            "funnel",
            [str(label) for _value, label in Identity.choices],
            [pipeline],
            _("Cases in progress or completed; withdrawn, not admitted, cancelled and transferred cases are left out."),
        ),
        Chart(
            "deadlines",
            _("Deadlines"),
            "bar",
            [
                _("Next step due this month"),
                _("Next step overdue"),
                _("Probation ends within %(days)s days") % {"days": filters.PROBATION_WINDOW_DAYS},
            ],
            [deadlines],
        ),
    ]


# Bureau: applications, evaluation, grading ---------------------------------------------------------------


def communities_for(user, organisation) -> list[Organisation]:
    communities = communities_visible_to(user).order_by("path")
    if organisation is not None:
        communities = communities.filter(path__startswith=organisation.path)
    return list(communities)


def application_chart(user, communities, *, year: int, org) -> Chart:
    counts = {
        (community, stage): n
        for community, stage, n in applications_visible_to(user)
        .filter(school_year=year, community__in=communities)
        .order_by()
        .values_list("community_id", "stage")
        .annotate(n=Count("pk"))
        .values_list("community_id", "stage", "n")
    }
    series = []
    for stage, label in ApplicationStage.choices:
        values = [counts.get((c.pk, stage), 0) for c in communities]
        if not any(values):
            continue
        urls = [list_url("community-application-list", org=c.pk, stage=stage, year=year) for c in communities]
        series.append(Series(str(label), values, urls))
    return Chart(
        "applications",
        _("Applications and filing by community (%(year)s–%(next)s)") % {"year": year, "next": year + 1},
        "stacked",
        [c.name for c in communities],
        series,
    )


def evaluation_charts(user, communities, *, year: int, org) -> list[Chart]:
    cases = evaluations_visible_to(user).filter(school_year=year, community__in=communities)
    url = list_url("evaluation-list", year=year, org=org)
    routine = {
        (term, status): n
        for term, status, n in RoutineEvaluation.objects.filter(case__in=cases)
        .order_by()
        .values_list("term", "status")
        .annotate(n=Count("pk"))
        .values_list("term", "status", "n")
    }
    terms = (1, 2)
    routine_series = [
        Series(str(label), [routine.get((term, status), 0) for term in terms], [url for _term in terms])
        for status, label in RoutineStatus.choices
    ]
    projects = dict(
        ProjectEvaluation.objects.filter(case__in=cases)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    project_series = Series(
        _("Help projects and feature plans"),
        [projects.get(status, 0) for status, _label in ProjectStatus.choices],
        [url for _choice in ProjectStatus.choices],
    )
    return [
        Chart(
            "routine",
            _("Routine evaluation by term (%(year)s–%(next)s)") % {"year": year, "next": year + 1},
            "stacked",
            [str(_("Term 1")), str(_("Term 2"))],
            routine_series,
            _("One routine evaluation per school and term."),
        ),
        Chart(
            "projects",
            _("Help projects and feature plans by step (%(year)s–%(next)s)") % {"year": year, "next": year + 1},
            "bar",
            [str(label) for _status, label in ProjectStatus.choices],
            [project_series],
        ),
    ]


def _band_label(index: int) -> str:
    low = BANDS[index]
    if index == len(BANDS) - 1:
        return _("%(low)s and above") % {"low": low}
    if index == 0:
        return _("below %(high)s") % {"high": BANDS[1]}
    return f"{low}–{BANDS[index + 1] - Decimal('0.1')}"


def published_results(user, communities, *, year: int):
    """The published results (never the superseded versions) of the latest school year up to ``year`` that has
    any, as (that year, results with their case and community)."""
    published = GradingResult.objects.filter(
        status=ResultStatus.PUBLISHED,
        case__in=evaluations_visible_to(user).filter(community__in=communities, school_year__lte=year),
    )
    latest = published.aggregate(year=Max("case__school_year"))["year"]
    if latest is None:
        return None, []
    return latest, list(published.filter(case__school_year=latest).select_related("case__community").order_by("case"))


def school_totals(results) -> list[dict]:
    """One row per school and pair: a core school with several member schools has one total per pair."""
    rows = []
    for result in results:
        for pair in result.rows:
            for school, total in (("core_school", "total_core"), ("member_school", "total_member")):
                rows.append(
                    {
                        "case": result.case,
                        "school": pair[school],
                        "total": Decimal(pair[total]),
                        "core": school == "core_school",
                    }
                )
    return rows


def grading_chart(user, communities, *, year: int, org) -> tuple[Chart, list[dict]]:
    latest, results = published_results(user, communities, year=year)
    totals = school_totals(results)
    counts = [0] * len(BANDS)
    for row in totals:
        counts[max(i for i, low in enumerate(BANDS) if row["total"] >= low)] += 1
    url = list_url("evaluation-list", year=latest, org=org) if latest else None
    chart = Chart(
        "grading",
        (_("Published grades (%(year)s–%(next)s)") % {"year": latest, "next": latest + 1})
        if latest
        else _("Published grades"),
        "bar",
        [_band_label(i) for i in range(len(BANDS))],
        [Series(_("Schools"), counts, [url] * len(BANDS))],
        _("No results have been published yet.") if latest is None else "",
    )
    return chart, sorted(totals, key=lambda row: -row["total"])


def bureau_charts(user, *, organisation: Organisation | None, year: int) -> tuple[list[Chart], list[dict]]:
    communities = communities_for(user, organisation)
    org = organisation.pk if organisation else None
    grading, totals = grading_chart(user, communities, year=year, org=org)
    charts = [
        application_chart(user, communities, year=year, org=org),
        *evaluation_charts(user, communities, year=year, org=org),
        grading,
    ]
    return charts, totals


def years_with_data(user) -> list[int]:
    years = set(applications_visible_to(user).order_by().values_list("school_year", flat=True).distinct())
    years |= set(evaluations_visible_to(user).order_by().values_list("school_year", flat=True).distinct())
    return sorted(years, reverse=True)
