from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    """民主评议党员 and 评选表彰 with anonymous ballots, and the 三星 page (programmes.ballots.services explains how
    no ballot can be traced to its voter)."""

    name = "programmes.ballots"
    label = "ballots"
    verbose_name = _("Reviews and votes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from programmes.ballots.demo import seed_ballots_demo
        from programmes.ballots.labels import ACTIONS, PROCESS_LABEL
        from workflows.kit.registry import register_audited, register_demo

        register_demo(self.verbose_name, seed_ballots_demo)
        register_audited(self.label, PROCESS_LABEL, ACTIONS)  # the audit console's names of this part's events
