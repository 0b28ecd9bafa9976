from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "workflows.community"
    label = "community"
    verbose_name = _("School community applications")

    def ready(self):
        from workflows.community.spec import process_type
        from workflows.kit import registry

        registry.register(process_type())
