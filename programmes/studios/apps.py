from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    name = "programmes.studios"
    label = "studios"
    verbose_name = _("Famous-teacher studios")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programmes.studios.demo import seed
        from programmes.studios.labels import ACTION_LABELS, PROCESS_LABEL
        from workflows.kit.registry import register_audited, register_demo

        register_demo(self.verbose_name, seed)
        register_audited(self.label, PROCESS_LABEL, ACTION_LABELS)
