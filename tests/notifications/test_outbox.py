"""The outbox: written with the change, delivered after commit, retried while a transport is down, never
sent twice by two workers, each event once per person."""

import datetime
import threading
import time

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core import mail
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from notifications import delivery
from notifications.consumers import user_group
from notifications.delivery import deliver_pending
from notifications.models import Channel, Delivery, Kind, Notification
from notifications.services import notifications_mark_read, notify, preference_set
from tests.factories import UserFactory

DEAD_REDIS = {
    "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": ["redis://127.0.0.1:6399/0"]}}
}
LIVE_REDIS = {
    "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": ["redis://127.0.0.1:6379/12"]}}
}


def _notify(users, kind=Kind.DECISION, **extra):
    with transaction.atomic():
        return notify(recipients=users, kind=kind, title="已审核备案", url="/community/1/", **extra)


@pytest.mark.django_db(transaction=True)
def test_notify_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        notify(recipients=[UserFactory()], kind=Kind.CC, title="x")


@pytest.mark.django_db
def test_rows_are_written_with_the_change_and_sent_after_commit(django_capture_on_commit_callbacks):
    alice = UserFactory(email="alice@example.cn")
    bob = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = _notify([alice, bob])
    assert len(created) == 2 and len(callbacks) == 1
    channels = sorted(Delivery.objects.values_list("notification__recipient__username", "channel"))
    assert channels == sorted(
        [(alice.username, Channel.WEBSOCKET), (alice.username, Channel.EMAIL), (bob.username, Channel.WEBSOCKET)]
    )
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 0  # nothing before commit
    callbacks[0]()  # the commit hook (Celery eager in the embedded run)
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 3
    assert len(mail.outbox) == 1 and "已审核备案" in mail.outbox[0].subject


@pytest.mark.django_db
def test_a_rolled_back_change_notifies_nobody():
    alice = UserFactory()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        notify(recipients=[alice], kind=Kind.CC, title="x")
        1 / 0  # noqa: B018
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_once_only_key_notifies_each_person_once():
    alice, bob = UserFactory(), UserFactory()
    _notify([alice], kind=Kind.OVERDUE, dedupe="overdue:7")
    _notify([alice, bob], kind=Kind.OVERDUE, dedupe="overdue:7")
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted([alice.pk, bob.pk])


@pytest.mark.django_db
def test_email_follows_the_persons_choice():
    alice = UserFactory(email="alice@example.cn")
    preference_set(user=alice, email_kinds=[Kind.CC], daily_digest=False)
    _notify([alice], kind=Kind.DECISION)
    _notify([alice], kind=Kind.CC)
    emailed = Delivery.objects.filter(channel=Channel.EMAIL).values_list("notification__kind", flat=True)
    assert list(emailed) == [Kind.CC]


@pytest.mark.django_db
def test_the_browser_gets_the_notification_then_the_counts():
    alice = UserFactory()
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(alice.pk), channel)
    created = _notify([alice])
    assert deliver_pending() == 1
    message = async_to_sync(layer.receive)(channel)
    assert message["payload"]["type"] == "notification" and message["payload"]["id"] == created[0].pk
    assert "unread" not in message["payload"]  # nobody waits for the counts to see the notification
    counts = async_to_sync(layer.receive)(channel)["payload"]
    assert counts == {"type": "counts", "unread": 1, "todo": 0}
    notifications_mark_read(user=alice)
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_notification_made_while_redis_is_down_is_delivered_when_it_is_back():
    alice = UserFactory()
    with override_settings(CHANNEL_LAYERS=DEAD_REDIS):
        created = _notify([alice])
        assert deliver_pending() == 0
    row = Delivery.objects.get(notification=created[0])
    assert row.status == Delivery.Status.PENDING and row.attempts == 1 and row.last_error
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # the back-off has passed
    with override_settings(CHANNEL_LAYERS=LIVE_REDIS):
        layer = get_channel_layer()
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(alice.pk), channel)
        assert deliver_pending() == 1
        assert async_to_sync(layer.receive)(channel)["payload"]["id"] == created[0].pk
        async_to_sync(layer.flush)()
    row.refresh_from_db()
    assert row.status == Delivery.Status.SENT and row.attempts == 1


@pytest.mark.django_db
def test_counts_that_cannot_be_read_do_not_undo_the_notification(monkeypatch):
    alice = UserFactory()
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(alice.pk), channel)
    _notify([alice])

    def broken(users):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(delivery, "live_counts_for", broken)
    assert deliver_pending() == 1
    assert async_to_sync(layer.receive)(channel)["payload"]["type"] == "notification"
    assert Delivery.objects.get(channel=Channel.WEBSOCKET).status == Delivery.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_row(monkeypatch):
    people = [UserFactory() for _ in range(5)]
    for index in range(12):
        _notify(people, kind=Kind.CC, dedupe=f"batch:{index}")
    Delivery.objects.update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now() - datetime.timedelta(1))
    sent, lock = [], threading.Lock()

    def record(items, mark, _counts_of):
        time.sleep(0.01)  # a slow transport, so that the two workers overlap
        with lock:
            sent.extend(notification.pk for notification in items)
        for index in range(len(items)):
            mark(index, None)

    monkeypatch.setattr(delivery, "send_websocket_batch", record)
    barrier = threading.Barrier(2)

    def worker(name):
        barrier.wait()
        try:
            deliver_pending(worker=name, size=7)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(sent) == 60 and len(set(sent)) == 60
    by_worker = set(Delivery.objects.values_list("sent_by", flat=True))
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 60 and by_worker <= {"w0", "w1"}
