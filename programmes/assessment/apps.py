from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeAssessmentConfig(AppConfig):
    name = "programmes.assessment"
    label = "programme_assessment"
    verbose_name = _("Year-end assessment")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programmes.assessment.demo import seed
        from programmes.assessment.labels import ACTIONS, PROCESS_LABEL
        from workflows.kit.registry import register_audited, register_demo

        register_demo(self.verbose_name, seed)
        register_audited(self.label, PROCESS_LABEL, ACTIONS)
