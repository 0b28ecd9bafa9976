"""The name of an audit event's action in the reader's language, whatever process wrote it."""

from django import template
from django.utils.translation import gettext_lazy as _

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
    "audit_export": _("Audit trail exported"),
    "school_year_deadline_set": _("Application deadline set"),
    "create": _("Started"),
}


@register.filter
def action_name(event) -> str:
    from workflows.community.engine import ACTIONS as COMMUNITY
    from workflows.evaluation.actions import ACTIONS as EVALUATION
    from workflows.party.templatetags.party import action_label

    if event.process == "party":
        return action_label(event.action)
    catalogue = {"community": COMMUNITY, "evaluation": EVALUATION}.get(event.process, {})
    spec = catalogue.get(event.action)
    if spec is not None:
        return spec.label
    return SHARED_ACTIONS.get(event.action) or ADMIN_ACTIONS.get(event.action) or event.action
