from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "workflows.party"
    label = "party"
    verbose_name = _("Party member development")

    def ready(self):
        from workflows.party import steps  # noqa: F401  (registers the actions)
