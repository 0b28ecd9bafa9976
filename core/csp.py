"""Django's Content-Security-Policy middleware, with the page's own websocket origin allowed to connect.

``connect-src 'self'`` covers ws:/wss: of the same host only in browsers that follow CSP Level 3 on this point,
so the websocket origin of the host the request was made to (already checked against ALLOWED_HOSTS) is added
explicitly. A view's own policy (``django.views.decorators.csp.csp_override``) is left as it is.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware import csp
from django.utils.csp import CSP


def with_websocket_origin(config: dict, request) -> dict:
    try:
        host = request.get_host()
    except DisallowedHost:
        return config
    origin = f"{'wss' if request.is_secure() else 'ws'}://{host}"
    return {**config, "connect-src": [*config.get("connect-src", [CSP.SELF]), origin]}


class ContentSecurityPolicyMiddleware(csp.ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if settings.SECURE_CSP and not hasattr(response, "_csp_config"):
            response._csp_config = with_websocket_origin(settings.SECURE_CSP, request)
        return super().process_response(request, response)
