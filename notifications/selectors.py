"""Reads for the notification centre."""

from django.db.models import QuerySet

from notifications.models import Notification, Preference
from notifications.services import DEFAULT_EMAIL_KINDS


def notifications_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    mine = Notification.objects.filter(recipient=user)
    return mine.filter(read_at__isnull=True) if unread_only else mine


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def preference_of(user) -> dict:
    preference = Preference.objects.filter(user=user).first()
    if preference is None:
        return {"email_kinds": [str(k) for k in DEFAULT_EMAIL_KINDS], "daily_digest": False}
    return {"email_kinds": preference.email_kinds, "daily_digest": preference.daily_digest}
