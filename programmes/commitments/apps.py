from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "programmes.commitments"
    label = "commitments"
    verbose_name = _("Pairs and pledges")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from exports.specs import SPECS
        from programmes.commitments.audit_labels import ACTIONS, PROCESS_LABEL
        from programmes.commitments.demo import seed
        from programmes.commitments.export import SPEC
        from workflows.kit.registry import register_audited, register_demo

        register_demo(self.verbose_name, seed)
        register_audited(self.label, PROCESS_LABEL, ACTIONS)
        SPECS[SPEC.key] = SPEC  # the pledges' export, started from the 公开承诺 page (exports.views.start)
