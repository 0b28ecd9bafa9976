"""The community applications as an .xlsx list (exports.specs): the rows and filters of the list page."""

from django.utils.translation import gettext_lazy as _

from accounts.permissions import organisation_filter
from exports.specs import ExportSpec
from workflows.community import selectors


def _applications(user, params, today):
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


EXPORTS = (
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
)
