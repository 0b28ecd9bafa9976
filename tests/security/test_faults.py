"""Faults under load: Redis going away while cases move, a PostgreSQL connection killed in the middle of a step,
and the delivery worker killed while it holds a batch. Redis is reached through a proxy the test cuts (the shared
Redis keeps running) on databases 9 and 8 of its own; PostgreSQL backends are ended with pg_terminate_backend.
``STEPWISE_LONG=1`` repeats each fault more often (README, "Longer security runs")."""

import asyncio
import contextlib
import datetime
import email
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email.header import decode_header, make_header
from functools import partial
from pathlib import Path

import pytest
import redis
from asgiref.sync import async_to_sync
from celery import Celery, current_app
from channels_redis.core import RedisChannelLayer
from django.db import Error as DatabaseFailure
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from viewflow.workflow.models import Task

from accounts.models import User
from accounts.roles import Role
from audit.models import AuditEvent
from audit.verification import verify_all
from config.celery import app as celery_app
from core.dates import business_today
from notifications import services as notification_services
from notifications.consumers import user_group
from notifications.delivery import deliver_pending
from notifications.models import Delivery, Kind, Notification
from notifications.services import notify
from notifications.tasks import deliver_pending_task
from tests.factories import UserFactory, grant
from tests.security.conftest import LONG
from tests.security.proxy import TcpProxy
from tests.security.worker import MAIL_DROP, layers
from tests.workflows.community.factories import ensure_forms, submitted
from workflows import services
from workflows.community.models import Kind as ApplicationKind
from workflows.party.steps.application import case_submit

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)
WAIT = 60  # seconds before a step, a worker or a message counts as hung


def redis_url(db: int, port: int = REDIS[1]) -> str:
    return f"redis://{REDIS[0]}:{port}/{db}"


@contextlib.contextmanager
def redis_db(db: int):
    """A Redis database of this module's own (9: through the proxy, 8: the killed worker), empty before and after."""
    client = redis.Redis.from_url(redis_url(db), socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at {REDIS[0]}:{REDIS[1]} ({error})")
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()


class Receiver:
    """The browsers' end: a channels-redis layer on the real Redis (never through the proxy), one channel in the
    groups of the given people, as their websockets would be."""

    def __init__(self, db: int, users):
        self.layer = RedisChannelLayer(hosts=[redis_url(db)], capacity=1000)
        self.channel = async_to_sync(self.layer.new_channel)()
        for user in users:
            async_to_sync(self.layer.group_add)(user_group(user.pk), self.channel)

    def ids(self) -> Counter:
        """Every notification id received, until nothing more comes for a second (the counts frames that follow
        notifications are not counted)."""

        async def receive_all():
            received = Counter()
            while True:
                try:
                    message = await asyncio.wait_for(self.layer.receive(self.channel), timeout=1)
                except TimeoutError:
                    return received
                if message["payload"]["type"] == "notification":
                    received[message["payload"]["id"]] += 1

        return async_to_sync(receive_all)()


def once_each(notifications) -> Counter:
    return Counter({notification.pk: 1 for notification in notifications})


# a. Redis away during load


@contextlib.contextmanager
def celery_broker(url: str):
    """A Celery app with the project's settings, publishing to ``url`` (not eagerly), is the current app for the
    block: the outbox's on-commit hook publishes there, as in a web process with REDIS_URL."""
    app = Celery("stepwise-faults", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, task_always_eager=False)
    app.set_current()
    try:
        yield app
    finally:
        celery_app.set_current()
        app.pool.force_close_all()
        app.close()


def in_time(work) -> list:
    """Run ``work`` in a thread (with this thread's current Celery app): a step that hangs fails the test instead
    of hanging it."""
    done, app = [], current_app._get_current_object()

    def run():
        app.set_current()
        try:
            done.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(WAIT)
    assert done, "the transitions hung or failed"
    return done[0]


def new_applicant(p) -> User:
    person = UserFactory(birth_date=datetime.date(2000, 5, 4))
    grant(person, p.branch, Role.APPLICANT)
    return person


def apply_and_talk(p, person) -> Task:
    """Two transitions of a party case: the application, then the talk (each notifies the branch's officers)."""
    applied = business_today() - datetime.timedelta(days=3)
    case = case_submit(actor=p.secretary, payload={"branch_id": p.branch.pk, "date": applied, "person_id": person.pk})
    task = Task.objects.get(process_id=case.pk, flow_task_type="HUMAN", status="NEW")
    talk = {"date": business_today(), "talker_name": "林书记", "content": "谈话"}
    services.task_complete(task=task, user=p.secretary, payload=talk)
    task.refresh_from_db()
    return task


def test_cases_move_while_redis_is_away_and_every_notice_arrives_once_when_it_is_back(party):
    """Redis answers, then refuses connections (stopped), then hangs (paused): the steps go through all along, and
    once it is back the retry run delivers every notice, each once."""
    p, per_phase = party, 6 if LONG else 2
    applicants = [new_applicant(p) for _ in range(4 * per_phase)]
    phases = [applicants[i * per_phase : (i + 1) * per_phase] for i in range(4)]
    with redis_db(9) as queue_db, TcpProxy(REDIS) as proxy:
        receiver = Receiver(9, User.objects.all())
        through_proxy = redis_url(9, proxy.port)
        with override_settings(CHANNEL_LAYERS=layers(through_proxy)), celery_broker(through_proxy):
            moved = [apply_and_talk(p, person) for person in phases[0]]
            deliver_pending_task.apply()  # what the worker does with the task the commits published
            queued = queue_db.llen("celery")
            assert queued >= 2 * per_phase  # every commit with notices published a delivery task

            proxy.cut()
            moved += in_time(lambda: [apply_and_talk(p, person) for person in phases[1]])
            deliver_pending()  # a worker that took its task before Redis went away: every send fails
            assert queue_db.llen("celery") == queued  # nothing reached the broker
            waiting = Delivery.objects.filter(status=Delivery.Status.PENDING)
            assert waiting.exists() and all(row.attempts == 1 and row.last_error for row in waiting)

            proxy.restore()
            proxy.freeze()
            moved += in_time(lambda: [apply_and_talk(p, person) for person in phases[2][:1]])
            proxy.thaw()

            moved += [apply_and_talk(p, person) for person in phases[2][1:] + phases[3]]
            deliver_pending_task.apply()
            deliver_pending(now=timezone.now() + datetime.timedelta(minutes=5))  # the retry run, after the back-off
        assert all(task.status == "DONE" for task in moved) and len(moved) == 4 * per_phase
        assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
        assert receiver.ids() == once_each(Notification.objects.all())


# b. PostgreSQL connection killed inside a step's transaction


class Doomed(threading.Thread):
    """Runs an action on a connection of its own and stops at ``point``: just after the audit event is written
    ("audit"), or just before COMMIT ("commit"), until the test has killed its backend."""

    def __init__(self, action, point: str):
        super().__init__(daemon=True)
        self.action, self.point = action, point
        self.reached, self.release = threading.Event(), threading.Event()
        self.pid, self.outcome = None, None

    def _stop_here(self) -> None:
        if not self.reached.is_set():
            self.reached.set()
            self.release.wait(WAIT)

    def _after_audit_insert(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.startswith('INSERT INTO "audit_auditevent"'):
            self._stop_here()
        return result

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                (self.pid,) = cursor.fetchone()
            if self.point == "commit":
                commit = connection._commit  # Django's single call into the driver's COMMIT
                connection._commit = lambda: (self._stop_here(), commit())[1]
            with connection.execute_wrapper(self._after_audit_insert if self.point == "audit" else _passthrough):
                self.action()
            self.outcome = "ok"
        except DatabaseFailure as error:
            self.outcome = type(error).__name__
        except Exception as error:  # noqa: BLE001  (reported, which fails the test)
            self.outcome = f"{type(error).__name__}: {error}"
        finally:
            self.reached.set()
            connection.close()


def _passthrough(execute, sql, params, many, context):
    return execute(sql, params, many, context)


def footprint(process_id: int) -> tuple:
    """Everything a step writes: the case's task rows, its audit events, and the outbox (notices and deliveries)."""
    return (
        sorted(Task.objects.filter(process_id=process_id).values_list("pk", "status", "owner_id", "data")),
        list(AuditEvent.objects.filter(case_id=process_id).values_list("pk", flat=True)),
        Notification.objects.count(),
        Delivery.objects.count(),
    )


def kill_mid_step(process_id: int, action, point: str) -> None:
    """The action stops inside its transaction and its backend is terminated: nothing of it remains, no lock is
    left behind, and the case can be acted on again (the caller does)."""
    before = footprint(process_id)
    doomed = Doomed(action, point)
    doomed.start()
    assert doomed.reached.wait(WAIT) and doomed.outcome is None, doomed.outcome
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [doomed.pid])
    doomed.release.set()
    doomed.join(WAIT)
    assert not doomed.is_alive()
    assert doomed.outcome in ("OperationalError", "InterfaceError"), doomed.outcome
    assert footprint(process_id) == before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] == 0


@pytest.fixture
def officers(party):
    party.deputy = UserFactory(real_name="副书记")
    grant(party.deputy, party.branch, Role.BRANCH_SECRETARY)
    return party


def talk_task(p) -> Task:
    applied = business_today() - datetime.timedelta(days=3)
    case = case_submit(
        actor=p.secretary, payload={"branch_id": p.branch.pk, "date": applied, "person_id": new_applicant(p).pk}
    )
    return Task.objects.get(process_id=case.pk, flow_task_type="HUMAN", status="NEW")


def talk(officer) -> dict:
    return {"date": business_today(), "talker_name": officer.real_name, "content": "谈话"}


ROUNDS_KILL = 10 if LONG else 1
POINTS = ["audit", "commit"]


@pytest.mark.parametrize("point", POINTS)
def test_a_talk_whose_connection_is_killed_leaves_nothing_and_the_other_officer_records_it(officers, point):
    p = officers
    for _round in range(ROUNDS_KILL):
        task = talk_task(p)
        kill_mid_step(
            task.process_id,
            partial(services.task_complete, task=task, user=p.secretary, payload=talk(p.secretary)),
            point,
        )
        services.task_complete(task=task, user=p.orgmember, payload=talk(p.orgmember))
        task.refresh_from_db()
        assert task.status == "DONE" and task.owner == p.orgmember
        events = AuditEvent.objects.filter(case_id=task.process_id, action="record_talk")
        assert [e.actor_id for e in events] == [p.orgmember.pk]
    assert verify_all()[1] is None


@pytest.mark.parametrize("point", POINTS)
def test_a_transfer_whose_connection_is_killed_leaves_nothing_and_can_be_made_again(officers, point):
    p = officers
    for _round in range(ROUNDS_KILL):
        task = talk_task(p)
        transfer = partial(services.task_transfer, task=task, user=p.secretary, to_user=p.deputy, reason="出差")
        kill_mid_step(task.process_id, transfer, point)
        transfer()
        task.refresh_from_db()
        assert task.owner == p.deputy
        assert AuditEvent.objects.filter(case_id=task.process_id, action="transfer").count() == 1
        assert Notification.objects.filter(task_id=task.pk, kind=Kind.TASK_ASSIGNED).count() == 1
    assert verify_all()[1] is None


@pytest.mark.parametrize("point", POINTS)
def test_a_return_whose_connection_is_killed_leaves_nothing_and_the_other_reviewer_decides(yuhuan, point):
    o = yuhuan
    ensure_forms()
    for round_number in range(ROUNDS_KILL):
        application = submitted(o, o.fusion_member, ApplicationKind.FEATURE, school_year=2026 - round_number)
        task = Task.objects.get(process_id=application.pk, flow_task_type="HUMAN", status__in=["NEW", "ASSIGNED"])
        doomed = partial(services.task_return, task=task, user=o.basic_edu, to_step="draft", reason="请补充")
        kill_mid_step(application.pk, doomed, point)
        services.task_return(task=task, user=o.basic_edu2, to_step="draft", reason="请补充材料")
        application.refresh_from_db()
        assert application.stage == "RETURNED" and application.return_reason == "请补充材料"
        events = AuditEvent.objects.filter(case_id=application.pk, action="return")
        assert [e.actor_id for e in events] == [o.basic_edu2.pk]
    assert verify_all()[1] is None


# c. The delivery worker killed while it holds a batch


def mailed(folder: Path) -> Counter:
    """(recipient, notification title) of every message in the mail drop (the subject is "【site】title")."""
    out = Counter()
    for path in folder.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        subject = str(make_header(decode_header(message["Subject"])))
        out[(message["To"], subject.split("】", 1)[-1])] += 1
    return out


def database_url() -> str:
    db = connection.settings_dict  # after the test database is set up, NAME is the test database
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def kill_worker_when_blocked(folder: Path, block_at: int) -> None:
    """Start a delivery worker whose mailer hangs at its ``block_at``-th message, and SIGKILL it there."""
    env = {**os.environ, "DATABASE_URL": database_url(), "STEPWISE_MAIL_DROP": str(folder)}
    log = folder / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.security.worker", redis_url(8)],
        cwd=ROOT,
        env={**env, "STEPWISE_MAIL_BLOCK_AT": str(block_at)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + WAIT
        while not (folder / "blocked").exists():
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(WAIT)


BLOCK_AT = [1, 4] + ([2, 3, 5, 6, 7, 8, 9] if LONG else [])  # of the 9 mails of a batch of 18 deliveries


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(tmp_path, monkeypatch):
    """Each round: 9 notices, each for the browser and by email; the worker sends the websocket messages, then
    mail until its mailer hangs, and is killed there. A new worker, after the dead one's claim has run out, sends
    the rest: every browser and every mailbox gets each notice exactly once."""
    monkeypatch.setattr(notification_services, "_deliver_soon", lambda: None)  # the doomed worker sends first
    people = [UserFactory(email=f"p{i}@example.cn") for i in range(3)]
    for block_at in BLOCK_AT:
        folder = tmp_path / str(block_at)
        folder.mkdir()
        monkeypatch.setenv("STEPWISE_MAIL_DROP", str(folder))
        with transaction.atomic():
            notices = [
                n for i in range(3) for n in notify(recipients=people, kind=Kind.DECISION, title=f"备案 {block_at}.{i}")
            ]
        with redis_db(8):
            receiver = Receiver(8, people)
            kill_worker_when_blocked(folder, block_at)
            assert sum(mailed(folder).values()) == block_at - 1  # it died with its batch half sent

            with override_settings(MAILERS=MAIL_DROP, CHANNEL_LAYERS=layers(redis_url(8))):
                deliver_pending(now=timezone.now() + datetime.timedelta(hours=1))  # a new worker, later on
            assert receiver.ids() == once_each(notices)
        assert mailed(folder) == Counter({(n.recipient.email, n.title): 1 for n in notices})
        assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
