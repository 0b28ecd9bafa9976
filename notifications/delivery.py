"""Sending the outbox. Each pending delivery is claimed with SELECT … FOR UPDATE SKIP LOCKED inside its own
transaction and marked sent in that same transaction, so two workers never send one row; a failed send
(Redis or the mail server down) leaves it pending with a later attempt time, up to MAX_ATTEMPTS."""

import datetime
import os
import socket
import threading

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.consumers import user_group
from notifications.models import Channel, Delivery, Notification

MAX_ATTEMPTS = 12


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def live_counts(user) -> dict:
    """The numbers the page shell shows: unread notifications and steps waiting (待办)."""
    from workflows.access import delegators_of
    from workflows.inbox import open_tasks_for

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"unread": unread, "todo": open_tasks_for(user, delegators=delegators_of(user)).count()}


def websocket_payload(notification: Notification) -> dict:
    return {
        "type": "notification",
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
        **live_counts(notification.recipient),
    }


def _send_websocket(notification: Notification) -> None:
    message = {"type": "user.event", "payload": websocket_payload(notification)}
    async_to_sync(get_channel_layer().group_send)(user_group(notification.recipient_id), message)


def _send_email(notification: Notification) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"notification": notification, "site": settings.SITE_URL}
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        body = render_to_string("notifications/email_body.txt", context)
    send_mail(subject, body, None, [notification.recipient.email])


SENDERS = {Channel.WEBSOCKET: _send_websocket, Channel.EMAIL: _send_email}


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:80]


def deliver_one(*, worker: str, now: datetime.datetime) -> Delivery | None:
    """Claim, send and record one due delivery; None when none is left for this worker."""
    with transaction.atomic():
        row = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .first()
        )
        if row is None:
            return None
        try:
            SENDERS[row.channel](row.notification)
        except Exception as error:  # noqa: BLE001  (any transport failure is retried later)
            row.attempts += 1
            row.last_error = f"{type(error).__name__}: {error}"[:300]
            row.next_attempt_at = now + _backoff(row.attempts)
            row.status = Delivery.Status.FAILED if row.attempts >= MAX_ATTEMPTS else Delivery.Status.PENDING
        else:
            row.status, row.sent_at, row.sent_by = Delivery.Status.SENT, timezone.now(), worker
        row.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "sent_at", "sent_by"])
        return row


def deliver_pending(*, limit: int = 500, worker: str | None = None) -> int:
    """Send what is due now; returns how many were sent. Safe to run in several workers at once."""
    worker, now, sent = worker or _worker_name(), timezone.now(), 0
    for _ in range(limit):
        row = deliver_one(worker=worker, now=now)
        if row is None:
            break
        sent += row.status == Delivery.Status.SENT
    return sent
