"""Every list that can be taken out as .xlsx: its title, its Chinese column headers, and its rows — read with
the same visibility and the same filters as the page the person was looking at."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.permissions import codenames_held, organisation_filter
from audit.exports import COLUMNS as AUDIT_COLUMNS
from audit.exports import row_cells as audit_row


@dataclass(frozen=True)
class ExportSpec:
    key: str
    title: object  # lazy translation
    headers: tuple
    # (user, params, today) -> (rows as a queryset or list, item -> list of cell values)
    source: Callable
    allowed: Callable = lambda user: True
    # The page the export was taken from (a "back" link on the progress page).
    page: str = ""
    # The audit event an export of this list writes.
    audit_action: str = "list_export"

    def rows(self, user, params: dict, today: datetime.date) -> tuple[int, Iterable[list]]:
        items, cells = self.source(user, params, today)
        if isinstance(items, QuerySet):
            total = items.count()
            items = items.iterator(chunk_size=1000)
        else:
            total = len(items)
        return total, (cells(item) for item in items)


def _party(user, params, today):
    from workflows.party import filters, selectors
    from workflows.party.templatetags.party import action_label

    cases = filters.apply(
        selectors.case_list(user), params, today=today, organisation=organisation_filter(user, params.get("org"))
    )

    def cells(case):
        return [
            case.person.real_name,
            case.branch.name,
            case.get_identity_display(),
            case.get_case_status_display(),
            action_label(case.next_action) if case.next_action else "",
            case.next_due,
            case.application_date,
            case.activist_date,
            case.dev_object_date,
            case.probation_start,
            case.extension_end or case.probation_end,
            case.full_membership_date,
        ]

    return cases, cells


def _applications(user, params, today):
    from workflows.community import selectors

    applications = selectors.filter_applications(
        selectors.application_list(user), params, organisation=organisation_filter(user, params.get("org"))
    )

    def cells(a):
        return [
            a.title,
            a.get_kind_display(),
            a.community.name,
            a.core_school.name,
            a.member_school.name,
            a.school_year,
            a.get_stage_display(),
            _("Yes") if a.late else "",
            a.submitted_on,
            a.filing_number or "",
            a.filing_date,
        ]

    return applications, cells


def _evaluations(user, params, today):
    from workflows.evaluation import selectors

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


def _tasks(user, params, today):
    from workflows.inbox import BOXES, inbox_rows

    box = params.get("box") if params.get("box") in BOXES else "todo"
    items, row = inbox_rows(user, {**params, "box": box})

    def cells(item):
        r = row(item, today)
        return [
            r["process_label"],
            r["title"],
            r["person"],
            r["organisation"],
            r["owner"] or "",
            r["since"],
            r["due"] or "",
            _("Overdue") if r["overdue"] else "",
        ]

    return items, cells


def _grades(user, params, today):
    from core.school_year import school_year_of
    from dashboards import selectors

    year_text = str(params.get("year") or "")
    year = int(year_text) if year_text.isdigit() else school_year_of(today)
    communities = selectors.communities_for(user, organisation_filter(user, params.get("org")))
    latest, results = selectors.published_results(user, communities, year=year)
    rows = selectors.school_totals(results)

    def cells(row):
        return [
            row["school"],
            _("Core school") if row["core"] else _("Member school"),
            row["case"].community.name,
            f"{latest}–{latest + 1}",
            row["total"],
        ]

    return sorted(rows, key=lambda r: -r["total"]), cells


def _audit(user, params, today):
    from audit.selectors import search_events

    return search_events(user, params).order_by("pk"), audit_row


def _is_auditor(user) -> bool:
    from audit.selectors import is_auditor

    return is_auditor(user)


def _sees_bureau(user) -> bool:
    from dashboards.selectors import may_see_bureau

    return may_see_bureau(codenames_held(user))


SPECS = {
    spec.key: spec
    for spec in (
        ExportSpec(
            "party-cases",
            _("Party development cases"),
            (
                _("Name"),
                _("Branch"),
                _("Identity"),
                _("Status"),
                _("Next step"),
                _("Due"),
                _("application received"),
                _("designated activist"),
                _("designated development target"),
                _("probation start"),
                _("probation end"),
                _("full member since"),
            ),
            _party,
            page="party-case-list",
        ),
        ExportSpec(
            "community-applications",
            _("Community applications"),
            (
                _("Title"),
                _("Kind"),
                _("Community"),
                _("Core school"),
                _("Member school"),
                _("School year"),
                _("Stage"),
                _("Late"),
                _("submission date"),
                _("filing number"),
                _("filing date"),
            ),
            _applications,
            page="community-application-list",
        ),
        ExportSpec(
            "evaluations",
            _("Community evaluations"),
            (_("Community"), _("Community type"), _("School year"), _("Status"), _("Scored"), _("Tracks")),
            _evaluations,
            page="evaluation-list",
        ),
        ExportSpec(
            "tasks",
            _("My tasks"),
            (
                _("Process"),
                _("Step"),
                _("Person or subject"),
                _("Organisation"),
                _("Handled by"),
                _("Since"),
                _("Due"),
                _("Overdue"),
            ),
            _tasks,
            page="my-tasks",
        ),
        ExportSpec(
            "grades",
            _("Published grades"),
            (_("School"), _("Role in the community"), _("Community"), _("School year"), _("Total")),
            _grades,
            allowed=_sees_bureau,
            page="dashboard-bureau",
        ),
        # The headers are the hashed column names: an offline checker reads them (audit.exports).
        ExportSpec(
            "audit-events",
            _("Audit events"),
            AUDIT_COLUMNS,
            _audit,
            allowed=_is_auditor,
            page="audit-console",
            audit_action="audit_export",
        ),
    )
}
