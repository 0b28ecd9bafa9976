from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesAppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")


class StaticFilesConfig(StaticFilesAppConfig):
    """collectstatic without viewflow's leftover npm folders (their CSS names font files the package does
    not ship, which the manifest storage of production refuses)."""

    ignore_patterns = [*StaticFilesAppConfig.ignore_patterns, "node_modules"]
