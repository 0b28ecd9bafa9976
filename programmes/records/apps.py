from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeRecordsConfig(AppConfig):
    name = "programmes.records"
    label = "programme_records"
    verbose_name = _("Activity records")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programmes.records.demo import seed
        from programmes.records.labels import ACTIONS, PROCESS_LABEL
        from workflows.kit.registry import register_audited, register_demo

        register_demo(self.verbose_name, seed)
        register_audited(self.label, PROCESS_LABEL, ACTIONS)
