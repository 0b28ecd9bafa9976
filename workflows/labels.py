"""Names of the audit actions every process shares (the task and approval services write them)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SHARED_ACTIONS = {
    "comment": _("Comment"),
    "cc": _("Copied"),
    "remind": _("Reminded"),
    "claim": _("Took the step"),
    "unclaim": _("Released the step"),
    "transfer": _("Transferred the step"),
    "add_approver": _("Added an approver"),
    "attachment_download": _("Opened a restricted file"),  # forms.services.attachment_opening_record
}

# viewflow's own states of a case and of a step (its STATUS choices), translated here: viewflow ships no
# Simplified Chinese, and these labels reach the pages wherever a case or step shows its state.
VIEWFLOW_STATES = [
    pgettext_lazy("STATUS", "New"),
    pgettext_lazy("STATUS", "Assigned"),
    pgettext_lazy("STATUS", "Started"),
    pgettext_lazy("STATUS", "Scheduled"),
    pgettext_lazy("STATUS", "Done"),
    pgettext_lazy("STATUS", "Canceled"),
    pgettext_lazy("STATUS", "Error"),
    pgettext_lazy("STATUS", "Revived"),
]


def step_title(task) -> str:
    """What a step is called: the name its task was given when it opened (a designed process's node), else its flow
    node's title."""
    return str((task.data or {}).get("title") or task.flow_task.task_title)
