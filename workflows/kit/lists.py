"""A process's list of cases as the site's shared parts take it out: an .xlsx of its list page (exports.specs) and a
dashboard chart of its cases by community and state (dashboards), each read with the visibility and the filters of
that list page (Api.case_list, Pages.list_filter and Pages.filters)."""

from collections.abc import Callable

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.permissions import organisation_filter
from dashboards.charts import Chart, Scope, Series, list_url
from exports.specs import ExportSpec
from workflows.kit.defaults import case_model
from workflows.kit.registry import PROCESS_TYPES, Pages, api_of, pages_of


def list_export(pages: Pages, model, key: str, title, columns: tuple[str, ...]) -> ExportSpec:
    """The list page (``pages``) of the process of ``model``'s cases as an .xlsx: a column per field of its cases,
    headed by the field's name and showing what a page shows (a choice's label, an organisation's name, 是 for a
    flag)."""
    fields = [model._meta.get_field(name) for name in columns]

    def cell(case, field):
        value = getattr(case, field.name)
        if field.choices:
            return getattr(case, f"get_{field.name}_display")()
        if field.is_relation:
            return str(value) if value is not None else ""
        if field.get_internal_type() == "BooleanField":
            return _("Yes") if value else ""
        return value

    def rows(user, params, today):
        kind = next(kind for kind in PROCESS_TYPES.values() if case_model(kind) is model)
        organisation = organisation_filter(user, params.get("org"))
        cases = pages_of(kind).list_filter(api_of(kind).case_list(user), params, organisation)
        return cases, lambda case: [cell(case, field) for field in fields]

    headers = tuple(capfirst(field.verbose_name) for field in fields)
    return ExportSpec(key, title, headers, rows, page=pages.list_name)


def community_chart(code: str, key: str, title) -> Callable:
    """A dashboard's chart (ProcessType.dashboards) of process ``code``: the cases of the scope's school year (its
    ``year_field``) in each of its communities (Pages.organisation_field), stacked by state (its ``state_field``, in
    the order of its choices); each count links to the list page filtered the same way. ``title`` names the year and
    the next (``%(year)s``, ``%(next)s``)."""

    def charts(user, scope: Scope) -> tuple[list[Chart], dict]:
        if scope.year is None:  # a chart of one school year
            return [], {}
        kind = PROCESS_TYPES[code]
        pages, state, year = pages_of(kind), kind.state_field, kind.year_field
        param = {name: parameter for parameter, name in pages.filters.items()}
        communities, by = scope.communities, pages.organisation_field
        cases = kind.visible_cases(user).filter(**{year: scope.year, f"{by}__in": communities}).order_by()
        counts = {
            (community, value): n
            for community, value, n in cases.values_list(f"{by}_id", state).annotate(n=Count("pk"))
        }
        series = []
        for value, label in cases.model._meta.get_field(state).choices:
            values = [counts.get((community.pk, value), 0) for community in communities]
            if any(values):
                filters = [{"org": c.pk, param[state]: value, param[year]: scope.year} for c in communities]
                series.append(Series(str(label), values, [list_url(pages.list_name, **f) for f in filters]))
        heading = title % {"year": scope.year, "next": scope.year + 1}
        return [Chart(key, heading, "stacked", [c.name for c in communities], series)], {}

    return charts
