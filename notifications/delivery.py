"""Sending the outbox. A worker claims a batch of due deliveries with SELECT … FOR UPDATE SKIP LOCKED and
marks each sent or failed in that same transaction, so two workers never send one row; a failed send (Redis
or the mail server down) leaves it pending with a later attempt time, up to MAX_ATTEMPTS.

Websocket messages of a batch go out on one event loop, and each recipient's counts are read once per batch
(issue 6 benchmark: one message at a time cost ~15 ms, most of it a new loop and connection per send)."""

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
BATCH = 100


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def live_counts(user) -> dict:
    """The numbers the page shell shows: unread notifications and steps waiting (待办)."""
    from workflows.access import delegators_of
    from workflows.inbox import open_tasks_for

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"unread": unread, "todo": open_tasks_for(user, delegators=delegators_of(user)).count()}


def websocket_payload(notification: Notification, counts: dict) -> dict:
    return {
        "type": "notification",
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
        **counts,
    }


async def _group_send_all(messages: list[tuple[str, dict]]) -> list[Exception | None]:
    layer, outcomes = get_channel_layer(), []
    for group, message in messages:
        try:
            await layer.group_send(group, message)
        except Exception as error:  # noqa: BLE001  (a transport failure is retried later)
            outcomes.append(error)
        else:
            outcomes.append(None)
    return outcomes


def send_websocket_batch(items: list[tuple[Notification, dict]]) -> list[Exception | None]:
    """Send (notification, counts) pairs on one event loop; one outcome per pair (None when sent)."""
    messages = [
        (user_group(n.recipient_id), {"type": "user.event", "payload": websocket_payload(n, counts)})
        for n, counts in items
    ]
    return async_to_sync(_group_send_all)(messages)


def send_email(notification: Notification) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"notification": notification, "site": settings.SITE_URL}
        subject = render_to_string("notifications/email_subject.txt", context).strip()
        body = render_to_string("notifications/email_body.txt", context)
    send_mail(subject, body, None, [notification.recipient.email])


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:80]


def _record(row: Delivery, error: Exception | None, *, worker: str, now: datetime.datetime) -> None:
    if error is None:
        row.status, row.sent_at, row.sent_by = Delivery.Status.SENT, timezone.now(), worker
        return
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:300]
    row.next_attempt_at = now + _backoff(row.attempts)
    row.status = Delivery.Status.FAILED if row.attempts >= MAX_ATTEMPTS else Delivery.Status.PENDING


def deliver_batch(*, worker: str, now: datetime.datetime, size: int = BATCH) -> list[Delivery]:
    """Claim, send and record up to ``size`` due deliveries; an empty list when none is left for this worker."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:size]
        )
        if not rows:
            return []
        sockets = [row for row in rows if row.channel == Channel.WEBSOCKET]
        counts = {}
        for row in sockets:
            recipient = row.notification.recipient
            if recipient.pk not in counts:
                counts[recipient.pk] = live_counts(recipient)
        outcomes = send_websocket_batch([(row.notification, counts[row.notification.recipient_id]) for row in sockets])
        for row, error in zip(sockets, outcomes, strict=True):
            _record(row, error, worker=worker, now=now)
        for row in rows:
            if row.channel == Channel.EMAIL:
                try:
                    send_email(row.notification)
                except Exception as error:  # noqa: BLE001
                    _record(row, error, worker=worker, now=now)
                else:
                    _record(row, None, worker=worker, now=now)
        fields = ["status", "attempts", "last_error", "next_attempt_at", "sent_at", "sent_by"]
        Delivery.objects.bulk_update(rows, fields)
        return rows


def deliver_pending(*, limit: int = 1000, worker: str | None = None, size: int = BATCH) -> int:
    """Send what is due now; returns how many were sent. Safe to run in several workers at once."""
    worker, now, sent, seen = worker or _worker_name(), timezone.now(), 0, 0
    while seen < limit:
        rows = deliver_batch(worker=worker, now=now, size=min(size, limit - seen))
        if not rows:
            break
        seen += len(rows)
        sent += sum(row.status == Delivery.Status.SENT for row in rows)
    return sent
