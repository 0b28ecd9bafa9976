"""Sign-ins and failed sign-ins are audit events too (issue 7: administration and access)."""

from django.db import transaction

from audit.services import audit_record
from core.dates import business_today


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


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
