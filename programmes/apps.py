from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Programmes of a school year (活动方案): stages, terms, quotas and participants (cultivation lists)."""

    name = "programmes"
    label = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from viewflow.workflow.signals import flow_started

        from designer import endings
        from designer.flows import DesignedFlow
        from programmes import demo, nominations
        from programmes.audit_labels import ACTIONS, PROCESS, PROCESS_LABEL
        from workflows.kit.registry import register_audited, register_demo

        # Nominations through the designed process double-cultivation (programmes.nominations explains how).
        flow_started.connect(nominations.on_started, sender=DesignedFlow, dispatch_uid="programmes-nominated")
        endings.listen(nominations.on_ended)
        register_demo(self.verbose_name, demo.seed)
        register_audited(PROCESS, PROCESS_LABEL, ACTIONS)
