"""The names of the audit events the programmes core writes (process "programmes"), for the audit console. The
console names actions and processes from the process registry (audit/labels.py, audit/selectors.py), where the
programmes are not registered: the coordinator wires PROCESS_LABEL and ACTIONS in there (see the core's report)."""

from django.utils.translation import gettext_lazy as _

PROCESS = "programmes"
PROCESS_LABEL = _("Programmes (活动方案)")
ACTIONS = {
    "programme_create": _("Programme created"),
    "programme_update": _("Programme changed"),
    "programme_adopt": _("Bureau programme adopted"),
    "stage_add": _("Programme stage added"),
    "stage_update": _("Programme stage changed"),
    "stage_remove": _("Programme stage removed"),
    "term_update": _("Term dates changed"),
    "quota_set": _("Quota set"),
    "quota_remove": _("Quota removed"),
    "participant_add": _("Put on the cultivation list"),
    "participant_nominate": _("Nominated for the cultivation list"),
    "participant_decided": _("Nomination decided"),
    "participant_update": _("Responsible person or deadline changed"),
    "participant_remove": _("Removed from the cultivation list"),
    "invitation_create": _("Invited to a party meeting"),
    "invitation_record": _("Attendance at a party meeting recorded"),
}
