"""The bureau dashboard's chart of applications (dashboards): each community's applications of the school year by
stage, every count linking to the list filtered the same way."""

from django.db.models import Count
from django.utils.translation import gettext as _

from dashboards.charts import Chart, Scope, Series, list_url
from workflows.community.models import Status
from workflows.community.selectors import applications_visible_to


def bureau_charts(user, scope: Scope) -> tuple[list[Chart], dict]:
    communities, year = scope.communities, scope.year
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
    for stage, label in Status.choices:
        values = [counts.get((c.pk, stage), 0) for c in communities]
        if not any(values):
            continue
        urls = [list_url("community-application-list", org=c.pk, stage=stage, year=year) for c in communities]
        series.append(Series(str(label), values, urls))
    chart = Chart(
        "applications",
        _("Applications and filing by community (%(year)s–%(next)s)") % {"year": year, "next": year + 1},
        "stacked",
        [c.name for c in communities],
        series,
    )
    return [chart], {}


def school_years(user) -> set[int]:
    return set(applications_visible_to(user).order_by().values_list("school_year", flat=True).distinct())
