"""Sign-ins, failed sign-ins and lockouts are audit events too (issue 7: administration and access)."""

from django.db import transaction

from audit.services import audit_record
from core.client_ip import client_ip
from core.dates import business_today


def _ip(request) -> str | None:
    return client_ip(request) if request is not None else None


def on_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit_record(process="admin", action="login", actor=user, business_date=business_today(), ip=_ip(request))


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]  # never the password
    with transaction.atomic():
        audit_record(
            process="admin",
            action="login_failed",
            actor=None,
            business_date=business_today(),
            data={"username": username},
            ip=_ip(request),
        )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes' user_locked_out. It is sent again for every attempt refused during the lockout (those are
    recorded as failed sign-ins); only the attempt that started the lockout carries its failure count."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    with transaction.atomic():
        audit_record(
            process="admin",
            action="login_locked",
            actor=None,
            business_date=business_today(),
            data={"username": str(username or "")[:150], "failures": request.axes_failures_since_start},
            ip=ip_address,
        )
