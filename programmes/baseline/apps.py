from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaselineConfig(AppConfig):
    """Teachers' titles, backbone levels and honours (摸清底子) and the figures computed from them."""

    name = "programmes.baseline"
    label = "baseline"
    verbose_name = _("Teachers' baseline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programmes.baseline import demo
        from programmes.baseline.services import ACTION_LABELS, PROCESS
        from workflows.kit.registry import register_audited, register_demo

        register_demo(_("Teachers' baseline"), demo.seed)
        register_audited(PROCESS, _("Teachers' baseline"), ACTION_LABELS)
