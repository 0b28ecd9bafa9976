"""Sending the outbox. A worker claims a batch of due deliveries with SELECT … FOR UPDATE SKIP LOCKED, so two
workers never take one row, and holds them for LEASE (their next attempt moves past it) in a short transaction of
its own. It then sends them one by one and records each outcome as soon as it is known, on its own: a worker killed
mid-batch leaves what it sent marked sent and the rest to another worker once the lease is over, so nothing is lost
and nothing is sent twice (bar a message in flight at the very moment of the kill). A failed send (Redis or the
mail server down) leaves the row pending with a later attempt time, up to MAX_ATTEMPTS.

Websocket messages of a batch go out on one event loop (issue 6 benchmark: one message at a time cost ~15 ms, most
of it a new loop and connection per send), in chunks of SEND_CHUNK recipients. A chunk's notifications go out
first; then each recipient's counts (unread, 待办) are read, in one query each for the chunk's unread numbers and
substitutions, and follow as a "counts" frame: nobody waits for counts to see a notification, and an announcement
to hundreds of people does not keep the first of them waiting for the last (issue 8, bench/ws_latency.py). A
counts frame is not recorded: if it is lost, the next page shows the counts."""

import datetime
import logging
import os
import socket
import threading
from collections.abc import Callable

from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.consumers import user_group
from notifications.models import Channel, Delivery, Notification

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 12
BATCH = 100
SEND_CHUNK = 20  # recipients whose notifications go out before their counts are read
LEASE = datetime.timedelta(minutes=10)  # far longer than sending a batch takes
RECORDED = ["status", "attempts", "last_error", "next_attempt_at", "sent_at", "sent_by"]


def _backoff(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def live_counts(user) -> dict:
    """The numbers the page shell shows: unread notifications and steps waiting (待办)."""
    from workflows.access import delegators_of
    from workflows.inbox import open_tasks_for

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return {"unread": unread, "todo": open_tasks_for(user, delegators=delegators_of(user)).count()}


def live_counts_for(users) -> dict[int, dict]:
    """live_counts of several people: the unread numbers and the substitutions in one query each, then the steps
    waiting for each person (their own permissions: a count each)."""
    from workflows.access import delegators_of_each
    from workflows.inbox import open_tasks_for

    ids = [user.pk for user in users]
    unread = dict(
        Notification.objects.filter(recipient__in=ids, read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values_list("recipient", "n")
    )
    delegators = delegators_of_each(ids)
    return {
        user.pk: {
            "unread": unread.get(user.pk, 0),
            "todo": open_tasks_for(user, delegators=delegators.get(user.pk, [])).count(),
        }
        for user in users
    }


def websocket_payload(notification: Notification) -> dict:
    return {
        "type": "notification",
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "url": notification.url,
        "created_at": notification.created_at.isoformat(),
    }


def _event(user_id: int, payload: dict) -> tuple[str, dict]:
    return user_group(user_id), {"type": "user.event", "payload": payload}


async def _group_send_all(notifications, record, counts_of) -> None:
    layer = get_channel_layer()
    record_now = sync_to_async(record)  # thread-sensitive: on the worker's own thread and database connection
    for index, notification in enumerate(notifications):
        try:
            await layer.group_send(*_event(notification.recipient_id, websocket_payload(notification)))
        except Exception as error:  # noqa: BLE001  (a transport failure is retried later)
            await record_now(index, error)
        else:
            await record_now(index, None)
    try:  # not recorded: if the counts are not read or not sent, the next page shows them
        for user_id, counts in (await sync_to_async(counts_of)()).items():
            await layer.group_send(*_event(user_id, {"type": "counts", **counts}))
    except Exception:  # noqa: BLE001
        logger.warning("live counts not sent", exc_info=True)


def send_websocket_batch(
    notifications: list[Notification],
    record: Callable[[int, Exception | None], None],
    counts_of: Callable[[], dict[int, dict]] = dict,
) -> None:
    """Send notifications on one event loop; ``record(index, error or None)`` runs after each send, before the next
    one starts. Then ``counts_of()`` (recipient id → counts) goes out as one "counts" frame per recipient."""
    async_to_sync(_group_send_all)(notifications, record, counts_of)


def send_email(notification: Notification) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"notification": notification, "site": settings.SITE_URL}
        # Plain text (the templates do not HTML-escape); a subject is one line whatever a name or title holds.
        subject = " ".join(render_to_string("notifications/email_subject.txt", context).split())
        body = render_to_string("notifications/email_body.txt", context)
    send_mail(subject, body, None, [notification.recipient.email])


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:80]


def _record(row: Delivery, error: Exception | None, *, worker: str, now: datetime.datetime) -> None:
    """Write the outcome of one send at once (outside any transaction of the batch, so it stays if the worker dies)."""
    if error is None:
        row.status, row.sent_at, row.sent_by = Delivery.Status.SENT, timezone.now(), worker
    else:
        row.attempts += 1
        row.last_error = f"{type(error).__name__}: {error}"[:300]
        row.next_attempt_at = now + _backoff(row.attempts)
        row.status = Delivery.Status.FAILED if row.attempts >= MAX_ATTEMPTS else Delivery.Status.PENDING
    Delivery.objects.filter(pk=row.pk).update(**{name: getattr(row, name) for name in RECORDED})


def _claim(*, now: datetime.datetime, size: int) -> list[Delivery]:
    """Take up to ``size`` due rows for this worker: locked so no other worker takes them meanwhile, then held
    until the lease ends (committed here, before anything is sent)."""
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient")
            .filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")[:size]
        )
        Delivery.objects.filter(pk__in=[row.pk for row in rows]).update(next_attempt_at=now + LEASE)
    return rows


def deliver_batch(*, worker: str, now: datetime.datetime, size: int = BATCH) -> list[Delivery]:
    """Claim, send and record up to ``size`` due deliveries; an empty list when none is left for this worker."""
    rows = _claim(now=now, size=size)
    if not rows:
        return []
    sockets = [row for row in rows if row.channel == Channel.WEBSOCKET]
    for chunk in _by_recipients(sockets, SEND_CHUNK):
        people = {row.notification.recipient_id: row.notification.recipient for row in chunk}
        send_websocket_batch(
            [row.notification for row in chunk],
            lambda index, error, chunk=chunk: _record(chunk[index], error, worker=worker, now=now),
            lambda people=people: live_counts_for(list(people.values())),
        )
    for row in rows:
        if row.channel == Channel.EMAIL:
            try:
                send_email(row.notification)
            except Exception as error:  # noqa: BLE001
                _record(row, error, worker=worker, now=now)
            else:
                _record(row, None, worker=worker, now=now)
    return rows


def _by_recipients(rows: list[Delivery], size: int):
    """Consecutive chunks of rows with at most ``size`` different recipients each."""
    chunk, people = [], set()
    for row in rows:
        if row.notification.recipient_id not in people and len(people) == size:
            yield chunk
            chunk, people = [], set()
        chunk.append(row)
        people.add(row.notification.recipient_id)
    if chunk:
        yield chunk


def deliver_pending(
    *, limit: int = 1000, worker: str | None = None, size: int = BATCH, now: datetime.datetime | None = None
) -> int:
    """Send what is due now (or at ``now``); returns how many were sent. Safe to run in several workers at once."""
    worker, now, sent, seen = worker or _worker_name(), now or timezone.now(), 0, 0
    while seen < limit:
        rows = deliver_batch(worker=worker, now=now, size=min(size, limit - seen))
        if not rows:
            break
        seen += len(rows)
        sent += sum(row.status == Delivery.Status.SENT for row in rows)
    return sent
