"""The names of the audit events this part writes (process "ballots"), for the audit console to show instead of
their codes; registered by BallotsConfig.ready (workflows.kit.registry.register_audited)."""

from django.utils.translation import gettext_lazy as _

PROCESS_LABEL = _("Reviews and votes")
ACTIONS = {
    "poll_create": _("Review or selection vote created"),
    "nominees_set": _("Nominees named"),
    "poll_open": _("Voting opened"),
    "ballot_cast": _("Voted (secret ballot)"),
    "poll_close": _("Voting closed and counted"),
    "poll_publish": _("Results published"),
}
