"""The names of the studios' audit actions (process "studios"), registered for the audit console in
StudiosConfig.ready (workflows.kit.registry.register_audited)."""

from django.utils.translation import gettext_lazy as _

PROCESS_LABEL = _("Famous-teacher studios")
ACTION_LABELS = {
    "studio_create": _("Studio set up"),
    "studio_person_add": _("Person added to the studio"),
    "studio_person_leave": _("Person left the studio"),
    "pool_add": _("Person added to a pool"),
    "pool_remove": _("Person removed from a pool"),
    "agreement_create": _("Mentoring agreement drawn up"),
    "agreement_update": _("Mentoring agreement changed"),
    "agreement_acknowledge": _("Mentoring agreement acknowledged"),
    "plan_create": _("Term activity plan drawn up"),
    "plan_item_add": _("Activity added to the plan"),
    "plan_item_remove": _("Activity removed from the plan"),
    "plan_publish": _("Term activity plan published"),
    "plan_amend": _("Term activity plan amended"),
    "activity_record": _("Studio activity recorded"),
    "report_write": _("Studio report written"),
    "studio_file_add": _("File added to the studio archive"),
    "evaluation_record": _("Annual evaluation recorded"),
    "evaluation_confirm": _("Annual evaluation confirmed"),
    "archive_bundle_export": _("Studio archive downloaded"),
}
