"""On PostgreSQL a notice and its deliveries are written in one statement (issue 16 item 8: every completion
announces its next step); they are the rows the portable three-statement path writes, once-only keys included."""

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications import services
from notifications.models import Channel, Delivery, Kind, Notification
from notifications.services import notify, preference_set
from tests.factories import UserFactory

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def written(labels: dict[int, str]) -> list[tuple]:
    """Every delivery with its notice, people named by their part in the scene (ids differ between scenes)."""
    rows = Delivery.objects.values_list(
        "notification__recipient_id",
        "notification__kind",
        "notification__title",
        "notification__dedupe",
        "channel",
        "status",
        "attempts",
        "sent_at",
        "sent_by",
        "last_error",
    )
    return sorted(
        (labels[recipient], kind, title, dedupe.replace(f":{recipient}", f":{labels[recipient]}"), *rest)
        for recipient, kind, title, dedupe, *rest in rows
    )


def announce(people, **extra) -> list[Notification]:
    with transaction.atomic():
        return notify(recipients=people, kind=Kind.DECISION, title="已审核备案", url="/party/1/", **extra)


@pytest.mark.django_db
def test_one_statement_writes_what_the_portable_path_writes(monkeypatch):
    def scene():
        alice, bob = UserFactory(email="alice@example.cn"), UserFactory(email="")
        carol = UserFactory(email="carol@example.cn")
        preference_set(user=carol, email_kinds=[Kind.CC], daily_digest=False)  # no email for a decision
        announce([alice], dedupe="decided:1")
        created = announce([alice, bob, carol, UserFactory(is_active=False)], dedupe="decided:1")
        assert [n.recipient for n in created] == [bob, carol]
        assert [Notification.objects.get(pk=n.pk).recipient for n in created] == [bob, carol]
        return written({alice.pk: "alice", bob.pk: "bob", carol.pk: "carol"})

    one_statement = scene()
    Notification.objects.all().delete()
    monkeypatch.setattr(services, "_write_in_one_statement", services._write)
    assert scene() == one_statement
    assert [(row[0], row[4]) for row in one_statement] == [
        ("alice", Channel.EMAIL),
        ("alice", Channel.WEBSOCKET),
        ("bob", Channel.WEBSOCKET),
        ("carol", Channel.WEBSOCKET),
    ]


@pytest.mark.django_db
def test_a_notice_to_people_without_email_is_one_statement():
    people = [UserFactory(email="") for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        created = announce(people, dedupe="task:9")
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]
    assert len(statements) == 1 and len(created) == 3
    assert Delivery.objects.filter(notification__in=created, channel=Channel.WEBSOCKET).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_key_another_transaction_takes_meanwhile_is_skipped_not_an_error():
    alice = UserFactory()
    taken, queued = threading.Event(), threading.Event()

    def other():
        try:
            with transaction.atomic():
                notify(recipients=[alice], kind=Kind.OVERDUE, title="超期", dedupe="overdue:7")
                taken.set()
                queued.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other)
    thread.start()
    assert taken.wait(10)
    threading.Timer(0.5, queued.set).start()  # ours waits on the key's index entry until the other commits
    with transaction.atomic():
        created = notify(recipients=[alice], kind=Kind.OVERDUE, title="超期", dedupe="overdue:7")
    thread.join()
    assert created == [] and Notification.objects.count() == 1 and Delivery.objects.count() == 1
