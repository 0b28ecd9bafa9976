from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(_close_session_sockets, dispatch_uid="accounts-sign-out-sockets")


def _close_session_sockets(sender, request, user, **kwargs):
    """Signing out (the page or the admin) closes the websockets of that session (issue #15 item 16); it is sent
    before the session is flushed, so the key is still there. API tokens stay: they are separate credentials."""
    from notifications.consumers import sockets_close_for_session

    sockets_close_for_session(getattr(getattr(request, "session", None), "session_key", None))
