"""The address a request came from, for lockout, rate limits and the audit trail.

Behind nginx every request reaches Django from 127.0.0.1; the client is the address nginx saw, which it appends
to X-Forwarded-For. Only the last ``TRUSTED_PROXIES`` entries were written by proxies we run; anything further
left is whatever the client sent, so it is never read (a forged header must not buy a fresh rate-limit bucket).
"""

import ipaddress
from contextvars import ContextVar

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


_serving: ContextVar[dict | None] = ContextVar("stepwise_request_facts", default=None)


def serving_facts() -> dict:
    """The facts of the request being served ({} outside one: a job, a command): audit.services.audit_record takes
    them when its caller passed none, so a service that is not handed them (claim, transfer, comment, 抄送 …)
    still records where the action came from."""
    return _serving.get() or {}


class RequestFactsMiddleware:
    """Remembers, for as long as a request is served, its client's address and kind (see request_facts; the API is
    told by its path here, before DRF has wrapped the request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kind = "api" if request.path.startswith("/api/") else "web"
        token = _serving.set({"client_type": kind, "ip": client_ip(request)})
        try:
            return self.get_response(request)
        finally:
            _serving.reset(token)
