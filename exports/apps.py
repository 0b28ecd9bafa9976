from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Excel exports")

    def ready(self):
        from exports.specs import SPECS
        from workflows.kit.registry import PROCESS_TYPES

        # Each process's lists (its registration's ``exports``): the processes are installed, and so registered,
        # before this app (config/settings/base.py).
        for process_type in PROCESS_TYPES.values():
            SPECS.update({spec.key: spec for spec in process_type.exports})
