"""The bureau dashboard's evaluation charts (dashboards): routine evaluations by term, help projects and feature
plans by step, and the published grades in bands with the totals by school (also taken out as a list:
workflows.evaluation.exports)."""

from decimal import Decimal

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from dashboards.charts import Chart, Scope, Series, list_url
from workflows.evaluation.models import (
    GradingResult,
    ProjectEvaluation,
    ProjectStatus,
    ResultStatus,
    RoutineEvaluation,
    RoutineStatus,
)
from workflows.evaluation.selectors import cases_visible_to

# Grade bands of a published total (lower bound inclusive).
BANDS = (Decimal(0), Decimal(60), Decimal(70), Decimal(80), Decimal(90))


def evaluation_charts(user, communities, *, year: int, org) -> list[Chart]:
    cases = cases_visible_to(user).filter(school_year=year, community__in=communities)
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
        case__in=cases_visible_to(user).filter(community__in=communities, school_year__lte=year),
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


def bureau_charts(user, scope: Scope) -> tuple[list[Chart], dict]:
    """The evaluation's charts, then the grades; the page lists the published totals by school beside them."""
    communities, year, org = scope.communities, scope.year, scope.org
    grading, totals = grading_chart(user, communities, year=year, org=org)
    return [*evaluation_charts(user, communities, year=year, org=org), grading], {"totals": totals}


def school_years(user) -> set[int]:
    return set(cases_visible_to(user).order_by().values_list("school_year", flat=True).distinct())
