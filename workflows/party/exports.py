"""The party cases as an .xlsx list (exports.specs): the rows and filters of the case list page."""

from django.utils.translation import gettext_lazy as _

from accounts.permissions import organisation_filter
from exports.specs import ExportSpec
from workflows.party import filters, selectors
from workflows.party.templatetags.party import action_label


def _cases(user, params, today):
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


EXPORTS = (
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
        _cases,
        page="party-case-list",
    ),
)
