"""The name of an audit event's action in the reader's language, whatever process wrote it."""

from django import template
from django.utils.translation import gettext_lazy as _

from workflows.kit.registry import PROCESS_TYPES
from workflows.labels import SHARED_ACTIONS

register = template.Library()

ADMIN_ACTIONS = {
    "login": _("Signed in"),
    "login_failed": _("Failed sign-in"),
    "login_locked": _("Sign-in locked after repeated failures"),
    "token_issue": _("API token issued"),
    "token_revoke": _("API token revoked"),
    "password_change": _("Password changed"),
    "password_set": _("Password set by an administrator"),
    "membership_grant": _("Role granted"),
    "membership_end": _("Role ended"),
    "permissions_sync": _("Permissions brought up to date"),
    "ruleset_copy": _("Rule set copied"),
    "rule_update": _("Rule changed"),
    "ruleset_default": _("Default rule set changed"),
    "read_identity": _("Unmasked ID numbers shown"),
    "person_create": _("Person added"),
    "person_update": _("Person's record changed"),
    "person_deactivate": _("Person deactivated"),
    "person_reactivate": _("Person reactivated"),
    "activation_issue": _("Activation link issued"),
    "activation_use": _("Password set with an activation link"),
    "access_reset": _("Access reset"),
    "audit_export": _("Audit trail exported"),
    "school_year_deadline_set": _("Application deadline set"),
    "create": _("Started"),
}


@register.filter
def action_name(event) -> str:
    """The action's name as its process gives it (its catalogue of actions, then the other events it writes), else
    the shared and administrative names, else the code."""
    kind = PROCESS_TYPES.get(event.process)
    if kind is not None:
        spec = kind.actions.get(event.action)
        label = spec.label if spec is not None else kind.action_label(event.action)
        if label:
            return label
    return SHARED_ACTIONS.get(event.action) or ADMIN_ACTIONS.get(event.action) or event.action
