"""Sign-in attempts per client address (LOGIN_RATE, default 10 a minute), counted in the default cache.

One counter for every way to sign in: DRF applies the throttle to POST /api/v1/auth/token/, and
``throttle_sign_in`` applies the same one to the login page and the admin's. It complements the lockout
(django-axes), which counts failures per login name and address: this one stops an address trying many names.
"""

import math
from functools import wraps

from django.shortcuts import render
from rest_framework.throttling import SimpleRateThrottle

from core.client_ip import client_ip

THROTTLED = "throttled"


class LoginRateThrottle(SimpleRateThrottle):
    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "unknown"}


def throttle_sign_in(view):
    """Answer a POST over the rate with 429 and the translated page; showing the form is never counted."""

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
