from django.utils.translation import gettext_lazy as _

from workflows.kit import apps


class CommunityConfig(apps.ProcessConfig):
    name = "workflows.community"
    label = "community"
    verbose_name = _("School community applications")
