from django.utils.translation import gettext_lazy as _

from workflows.kit import apps


class DesignerConfig(apps.ProcessConfig):
    """Approval processes administrators design themselves (流程设计器): their definitions as versioned data, and
    the one process the kit runs for every designed definition (designer.spec)."""

    name = "designer"
    label = "designer"
    verbose_name = _("Designed processes")
