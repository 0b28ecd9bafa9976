from django.apps import AppConfig
from django.contrib.staticfiles.apps import StaticFilesConfig as StaticFilesAppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True  # "core" in INSTALLED_APPS means this one (StaticFilesConfig below is named on its own)
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from core.sessions import mark_pushed_at_sign_in
        from core.throttling import sign_in_failed

        user_logged_in.connect(mark_pushed_at_sign_in, dispatch_uid="core.sessions.mark_pushed_at_sign_in")
        user_login_failed.connect(sign_in_failed, dispatch_uid="core.throttling.sign_in_failed")


class StaticFilesConfig(StaticFilesAppConfig):
    """collectstatic without viewflow's leftover npm folders (their CSS names font files the package does
    not ship, which the manifest storage of production refuses)."""

    ignore_patterns = [*StaticFilesAppConfig.ignore_patterns, "node_modules"]
