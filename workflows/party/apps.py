from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "workflows.party"
    label = "party"
    verbose_name = _("Party member development")

    def ready(self):
        from workflows.kit import registry
        from workflows.party.spec import process_type

        registry.register(process_type())
