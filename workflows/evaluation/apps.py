from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "workflows.evaluation"
    label = "evaluation"
    verbose_name = _("School community evaluation")

    def ready(self):
        from workflows.evaluation import steps  # noqa: F401  (registers the actions)
        from workflows.evaluation.spec import process_type
        from workflows.kit import registry

        registry.register(process_type())
