"""Websockets across processes, on real Redis, as deploy/ runs them.

A separate uvicorn process serves config.asgi on the test database; this process commits notifications. Only the
Redis channel layer connects the two, so a frame arriving proves the fan-out the in-memory layer of the other
tests cannot: the writer (here, or a Celery worker in production) is never the process holding the socket.
The same process must refuse sockets without a session and sockets from a foreign Origin (cross-site hijacking).
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django.test import Client, override_settings
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from config.celery import app as celery_app
from notifications.services import notify
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def redis_url(worker_id):
    """A Redis database of its own per xdist worker (14, 13, ...), flushed: away from 0 (a developer's running
    app) and 15 (bench ws_latency)."""
    index = 0 if worker_id == "master" else int(worker_id.removeprefix("gw"))
    url = f"redis://127.0.0.1:6379/{14 - index}"
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis is not reachable at 127.0.0.1:6379 ({error}); cross-process delivery needs it")
    client.flushdb()
    return url


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def asgi_port(django_db_setup, redis_url, tmp_path_factory):
    """uvicorn serving config.asgi in its own process, on this worker's test database and Redis db."""
    db = connection.settings_dict  # after django_db_setup, NAME is this worker's test database
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "LOG_LEVEL": "WARNING",
    }
    port = _free_port()
    log = tmp_path_factory.mktemp("asgi") / "uvicorn.log"
    argv = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--lifespan", "off"]
    server = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:  # uvicorn imports the app before it binds, so an accepted connection means it is ready
            assert server.poll() is None, f"uvicorn exited with {server.returncode}:\n{log.read_text()}"
            assert time.monotonic() < deadline, f"uvicorn did not listen on {port} within 20 s:\n{log.read_text()}"
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def redis_layer(redis_url):
    """This process publishes on the server's Redis db. Deliveries run at commit here (Celery eager, as in the
    embedded default) whatever the environment says: the hop under test is Redis to the other process."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    layers = {"default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [redis_url]}}}
    try:
        with override_settings(CHANNEL_LAYERS=layers):  # channels drops its cached layers on setting_changed
            yield
    finally:
        celery_app.conf.task_always_eager = eager


def received(sock, timeout=20) -> dict:
    """The next frame on ``sock``; on a timeout, the failure says what became of the deliveries and which Celery app
    and channel layer this process used, so an order-dependent failure explains itself."""
    try:
        return json.loads(sock.recv(timeout=timeout))
    except TimeoutError:
        from celery import current_app
        from channels.layers import get_channel_layer

        from notifications.models import Delivery

        rows = list(Delivery.objects.values_list("channel", "status", "attempts", "last_error", "sent_by"))
        app = current_app._get_current_object()
        pytest.fail(
            f"no frame in {timeout} s; deliveries={rows}; celery app={app.main!r} eager={app.conf.task_always_eager}"
            f" broker={app.conf.broker_url!r}; layer={get_channel_layer()!r}"
        )


def open_socket(port, *, user=None, cookie=None, origin="same"):
    """A websocket as a browser on http://127.0.0.1:<port> opens it: session cookie and Origin header."""
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = f"sessionid={client.cookies['sessionid'].value}"
    return connect(
        f"ws://127.0.0.1:{port}/ws/events/",
        origin=f"http://127.0.0.1:{port}" if origin == "same" else origin,
        additional_headers={"Cookie": cookie} if cookie else None,
        proxy=None,
        open_timeout=5,
    )


# transaction=True: the server process only sees committed rows (users, sessions, notifications).
@pytest.mark.django_db(transaction=True)
def test_a_notification_committed_here_reaches_a_socket_held_by_another_process(asgi_port, redis_layer):
    alice, bob = UserFactory(), UserFactory()
    with open_socket(asgi_port, user=alice) as alice_socket, open_socket(asgi_port, user=bob) as bob_socket:
        with transaction.atomic():
            [notification] = notify(recipients=[alice], kind="task_new", title="请审批：入党申请", url="/tasks/")

        payload = received(alice_socket)
        assert payload["type"] == "notification"
        assert (payload["id"], payload["kind"], payload["title"]) == (notification.pk, "task_new", "请审批：入党申请")
        assert received(alice_socket) == {"type": "counts", "unread": 1, "todo": 0}
        with pytest.raises(TimeoutError):
            bob_socket.recv(timeout=0.3)


def test_a_socket_without_a_valid_session_is_refused(asgi_port):
    # The consumer closes before accepting (code 4401 in-process); over HTTP that is a refused handshake.
    for cookie in [None, "sessionid=forged-or-expired"]:
        with pytest.raises(InvalidStatus) as refused:
            open_socket(asgi_port, cookie=cookie)
        assert refused.value.response.status_code == 403, cookie


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_socket_from_a_foreign_origin_is_refused(asgi_port):
    client = Client()
    client.force_login(UserFactory())
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    for origin in ["https://evil.example", None]:
        with pytest.raises(InvalidStatus) as refused:
            open_socket(asgi_port, cookie=cookie, origin=origin)
        assert refused.value.response.status_code == 403, origin
    with open_socket(asgi_port, cookie=cookie):  # the same session from the site's own origin is let in
        pass


@pytest.mark.django_db(transaction=True)
def test_a_step_given_to_a_reviewer_here_reaches_their_socket_on_another_process(asgi_port, redis_layer, yuhuan):
    """The real path: a school submits its help project in this process; the bureau reviewer, connected to the
    other process, is told that the review step waits for them."""
    from tests.workflows.community.factories import ensure_forms, submitted
    from workflows.community.models import Kind

    o = yuhuan
    ensure_forms()
    with open_socket(asgi_port, user=o.basic_edu) as reviewer:
        application = submitted(o, o.fusion_member, Kind.HELP_PROJECT)
        payload = received(reviewer)
        assert payload["kind"] == "task_new" and payload["url"] == f"/community/{application.pk}/"
        assert received(reviewer)["todo"] == 1
