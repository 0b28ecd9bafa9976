"""The party development dashboard's charts (dashboards): the pipeline by identity and the deadlines, each count
taken with the visibility and filters of the case list it links to (workflows.party.filters)."""

from django.db.models import Count
from django.utils.translation import gettext as _

from dashboards.charts import Chart, Scope, Series, list_url
from workflows.party import filters
from workflows.party.models import Identity
from workflows.party.selectors import cases_visible_to


def charts(user, scope: Scope) -> tuple[list[Chart], dict]:
    cases = filters.in_subtree(cases_visible_to(user), scope.organisation)
    org, today = scope.org, scope.today
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
    ], {}
