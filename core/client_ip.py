"""The address a request came from, for lockout, rate limits and the audit trail.

Behind nginx every request reaches Django from 127.0.0.1; the client is the address nginx saw, which it appends
to X-Forwarded-For. Only the last ``TRUSTED_PROXIES`` entries were written by proxies we run; anything further
left is whatever the client sent, so it is never read (a forged header must not buy a fresh rate-limit bucket).
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXIES
    forwarded = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not proxies or not forwarded:
        return remote
    candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def request_facts(request) -> dict:
    """What an audit event records about the request it came from: the client's address (through the trusted
    proxies, as above) and the kind of client, decided by the server — "api" for a request that reached a DRF
    view, "web" for a page. Never read from a header: a client could otherwise label its events as it likes."""
    from rest_framework.request import Request  # imported here: core.client_ip is read by settings (axes)

    return {"client_type": "api" if isinstance(request, Request) else "web", "ip": client_ip(request)}
