"""Failed sign-ins per client address (LOGIN_FAILURE_RATE, default 10 a minute), counted in the default cache.

Only failures count, never attempts: a whole school signing in correctly from behind one NAT address all get in,
however many they are, while someone trying passwords across many accounts from one address is refused (429 with
Retry-After) once that address has failed LOGIN_FAILURE_RATE times within the window — with a right password too,
until the oldest failure leaves the window. It complements the lockout (django-axes), which counts failures per
login name and address and locks that pair alone.

One count for every way to sign in: each failure Django reports (``user_login_failed``, sent by ``authenticate`` for
the login page, the admin's and POST /api/v1/auth/token/, and for an attempt refused during a lockout) is recorded
by ``sign_in_failed``; DRF checks the count on the token endpoint (``LoginRateThrottle``) and ``throttle_sign_in``
on the two pages. Showing a form is never counted.
"""

import math
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from core.client_ip import client_ip

THROTTLED = "throttled"


class LoginRateThrottle(SimpleRateThrottle):
    """Lets a sign-in through while its address has failures to spare; letting it through counts nothing."""

    scope = "login"

    def get_rate(self):
        return settings.LOGIN_FAILURE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}

    def throttle_success(self):
        return True  # the attempt is counted only once it has failed (record_failure)

    def record_failure(self, request) -> None:
        """Add a failure to the address's history (the moments of its failures within the window, newest first).
        Read, then written: two failures at the same instant may count as one, as with DRF's own throttles."""
        key = self.get_cache_key(request, None)
        now = self.timer()
        history = [moment for moment in self.cache.get(key, []) if moment > now - self.duration]
        self.cache.set(key, [now, *history], self.duration)


def sign_in_failed(sender, credentials=None, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver (core.apps): a failure from a request counts against its address."""
    if request is not None:
        LoginRateThrottle().record_failure(request)


def throttle_sign_in(view):
    """Answer a POST from an address out of failures with 429 and the translated page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            throttle = LoginRateThrottle()
            if not throttle.allow_request(request, None):
                response = render(request, "errors/429.html", {"code": THROTTLED}, status=429)
                response["Retry-After"] = str(math.ceil(throttle.wait() or 1))
                return response
        return view(request, *args, **kwargs)

    return wrapped
