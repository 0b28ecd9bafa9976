from django import template
from django.utils.translation import gettext_lazy as _

from workflows.labels import SHARED_ACTIONS
from workflows.party.actions import ACTIONS

register = template.Library()
# Audit actions that are not step actions.
OTHER_ACTIONS = {
    "submit_application": _("Submit the application"),
    "read_political_review": _("Read the political review"),
    "archive_bundle_export": _("Take out the archive bundle"),
    **SHARED_ACTIONS,
}


@register.filter
def action_label(code: str) -> str:
    spec = ACTIONS.get(code)
    return spec.label if spec else OTHER_ACTIONS.get(code, code)
