"""The names of the audit events this part writes (process "programme_records"), registered by
ProgrammeRecordsConfig.ready (workflows.kit.registry.register_audited)."""

from django.utils.translation import gettext_lazy as _

PROCESS_LABEL = _("Activity records")
ACTIONS = {
    "record_create": _("Activity recorded"),
    "record_correct": _("Returned activity record corrected"),
    "record_confirm": _("Activity record confirmed"),
    "record_return": _("Activity record returned"),
}
