"""The evaluations and the published grades as .xlsx lists (exports.specs): the rows of the evaluation list page
and of the bureau dashboard's totals by school."""

from django.utils.translation import gettext_lazy as _

from accounts.permissions import codenames_held, organisation_filter
from core.school_year import school_year_of
from dashboards.selectors import communities_for, may_see_bureau
from exports.specs import ExportSpec
from workflows.evaluation import selectors
from workflows.evaluation.dashboard import published_results, school_totals


def _evaluations(user, params, today):
    cases = selectors.filter_cases(
        selectors.case_list(user), params, organisation=organisation_filter(user, params.get("org"))
    )

    def cells(case):
        return [
            case.community.name,
            case.community.get_community_type_display(),
            f"{case.school_year}–{case.school_year + 1}",
            case.get_status_display(),
            case.routine_scored + case.project_scored,
            case.routine_total + case.project_total,
        ]

    return cases, cells


def _grades(user, params, today):
    year_text = str(params.get("year") or "")
    year = int(year_text) if year_text.isdigit() else school_year_of(today)
    communities = communities_for(user, organisation_filter(user, params.get("org")))
    latest, results = published_results(user, communities, year=year)
    rows = school_totals(results)

    def cells(row):
        return [
            row["school"],
            _("Core school") if row["core"] else _("Member school"),
            row["case"].community.name,
            f"{latest}–{latest + 1}",
            row["total"],
        ]

    return sorted(rows, key=lambda r: -r["total"]), cells


EXPORTS = (
    ExportSpec(
        "evaluations",
        _("Community evaluations"),
        (_("Community"), _("Community type"), _("School year"), _("Status"), _("Scored"), _("Tracks")),
        _evaluations,
        page="evaluation-list",
    ),
    ExportSpec(
        "grades",
        _("Published grades"),
        (_("School"), _("Role in the community"), _("Community"), _("School year"), _("Total")),
        _grades,
        allowed=lambda user: may_see_bureau(codenames_held(user)),
        page="dashboard-bureau",
    ),
)
