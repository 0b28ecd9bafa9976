"""Sign-ins, failed sign-ins and lockouts are audit events too (issue 7: administration and access). Each belongs to
the organisation of the person it names (audit.services.actor_organisation), so that the auditors above that person
see it (issue 17 item 10); a failed sign-in with a login name nobody has belongs to none (superusers see it)."""

from django.contrib.auth import get_user_model
from django.db import transaction

from audit.services import actor_organisation, audit_record
from core.client_ip import client_ip
from core.dates import business_today


def _ip(request) -> str | None:
    return client_ip(request) if request is not None else None


def _organisation_of(username: str):
    """The organisation of the person with this login name, if there is one (never says whether there is to anyone
    but the auditors who read the event)."""
    person = get_user_model().objects.filter(username=username).first() if username else None
    return actor_organisation(person) if person is not None else None


def on_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit_record(
            process="admin",
            action="login",
            actor=user,
            organisation=actor_organisation(user),
            business_date=business_today(),
            ip=_ip(request),
        )


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]  # never the password
    with transaction.atomic():
        audit_record(
            process="admin",
            action="login_failed",
            actor=None,
            organisation=_organisation_of(username),
            business_date=business_today(),
            data={"username": username},
            ip=_ip(request),
        )


def on_locked_out(sender, request, username, ip_address, **kwargs):
    """django-axes' user_locked_out. It is sent again for every attempt refused during the lockout (those are
    recorded as failed sign-ins); only the attempt that started the lockout carries its failure count."""
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    username = str(username or "")[:150]
    with transaction.atomic():
        audit_record(
            process="admin",
            action="login_locked",
            actor=None,
            organisation=_organisation_of(username),
            business_date=business_today(),
            data={"username": username, "failures": request.axes_failures_since_start},
            ip=ip_address,
        )
