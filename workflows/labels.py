"""Names of the audit actions every process shares (the task and approval services write them)."""

from django.utils.translation import gettext_lazy as _

SHARED_ACTIONS = {
    "comment": _("Comment"),
    "cc": _("Copied"),
    "remind": _("Reminded"),
    "claim": _("Took the step"),
    "unclaim": _("Released the step"),
    "transfer": _("Transferred the step"),
    "add_approver": _("Added an approver"),
}
