"""The idle timeout of a signed-in session without a database write on every request.

Sessions end after SESSION_COOKIE_AGE idle seconds (30 minutes). Saving the session on every request (Django's
SESSION_SAVE_EVERY_REQUEST) would push the expiry on exactly, at the cost of an UPDATE of the session row on every
page and API call (issue 8). Instead the session is saved, and its expiry pushed on, when the last push is
SESSION_REFRESH_SECONDS old or more: a session still ends between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and
SESSION_COOKIE_AGE seconds after the last request, never later. Signing in saves the session (a new key), so it
counts as a push.
"""

import time

from django.conf import settings

KEY = "_refreshed"  # when the expiry was last pushed on (Unix seconds)


def mark_pushed_at_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (core.apps): the sign-in's own save has just set the expiry."""
    if hasattr(request, "session"):
        request.session[KEY] = int(time.time())


class SessionIdleRefreshMiddleware:
    """After SessionMiddleware: marks a session that is in use and due a refresh as modified, so SessionMiddleware
    saves it (with a new expiry) on the way out. Empty sessions (anonymous visitors) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.modified and not session.is_empty():
            now = int(time.time())
            if now - session.get(KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[KEY] = now
        return response
