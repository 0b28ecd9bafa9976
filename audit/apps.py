from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from audit import checks  # noqa: F401  (registers the deploy check of the database role)
        from audit.logins import on_locked_out, on_login, on_login_failed

        user_logged_in.connect(on_login, dispatch_uid="audit-login")
        user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
        user_locked_out.connect(on_locked_out, dispatch_uid="audit-login-locked")
