"""Commit-to-browser latency of notifications in the production layout: 2 ASGI processes, 200 open websockets.

Run: .venv/bin/python -m bench ws_latency   (needs PostgreSQL, and Redis at 127.0.0.1:6379; takes about 50 s)

The pieces are the ones deploy/ runs: two uvicorn processes (config.asgi, production settings) with 100 signed-in
sockets each, a Celery worker (production settings) draining the outbox, and Redis (db 15, flushed; override with
WS_BENCH_REDIS_URL) as broker and channel layer. This process writes the notifications with notify() inside
transactions on ``stepwise_benchws``, a fresh copy of the HTTP benchmarks' template (bench/http_data.py; no
migration per run); the sockets live in a separate client process so that reading them never
waits on this one. Latency is from the moment COMMIT returns (an on_commit callback registered before notify's
own) to the moment the client process reads the frame, both on CLOCK_MONOTONIC, which Linux shares between
processes. Frames are matched to notifications by id, and a frame reaching the wrong person is counted.

Scenarios:
  celery, paced  40 commits of 5 recipients, 100 ms apart: the production path (commit, broker, worker, Redis
                 channel layer, ASGI process, socket).
  celery, burst  3 commits of all 200 users (an announcement): one worker task sends the 200 deliveries in turn.
  inline, paced  as the first, but delivered in this process at commit (Celery eager), which leaves out the broker
                 and the worker.
  direct, paced  the same messages handed straight to the channel layer (group_send) by this process, without a
                 database: the Redis channel layer, ASGI process and socket share of the figures.
So celery − inline is the Celery hop (broker, worker), inline − direct the delivery's own work (claiming the rows,
reading the counts the message carries, recording the outcome), and direct the transport.
"""

import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import random
import sys
import time

from bench import http_data
from bench.harness import Figure, at_most, benchmark
from bench.servers import database_url, free_port, processes, server_env, uvicorn_argv, wait_for_port

USERS = 200
ASGI_PROCESSES = 2
REDIS_URL = os.environ.get("WS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
DATABASE = "stepwise_benchws"


# --- the client process: 200 sockets, one frame receipt per message ------------------------------------------------


def run_clients(targets: list[tuple[str, str, str, int]], conn) -> None:
    """Entry point of the client process. targets: (url, origin, sessionid, user id). Sends ("ready", n), then one
    (user id, notification id, monotonic time) per frame, until the parent sends "stop"."""
    asyncio.run(_clients(targets, conn))


async def _clients(targets, conn) -> None:
    import websockets

    gate = asyncio.Semaphore(50)  # the session lookup on connect is a database query in the ASGI process

    async def open_socket(url, origin, sessionid, _uid):
        async with gate:
            return await websockets.connect(
                url, origin=origin, additional_headers={"Cookie": f"sessionid={sessionid}"}, proxy=None, open_timeout=30
            )

    async def read(ws, uid):
        with contextlib.suppress(websockets.ConnectionClosed):
            async for frame in ws:
                received = time.monotonic()
                payload = json.loads(frame)
                if payload.get("type") == "notification":  # the counts frame that follows is not timed
                    conn.send((uid, payload["id"], received))

    started = time.monotonic()
    sockets = await asyncio.gather(*(open_socket(*target) for target in targets))
    conn.send(("ready", len(sockets), time.monotonic() - started))
    readers = [asyncio.create_task(read(ws, target[3])) for ws, target in zip(sockets, targets, strict=True)]
    stop = asyncio.Event()
    asyncio.get_running_loop().add_reader(conn.fileno(), stop.set)
    await stop.wait()
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    for task in readers:
        task.cancel()


# --- the writer side ----------------------------------------------------------------------------------------------


def session_for(user) -> str:
    """A signed-in session of ``user`` (as the login page would leave), for a socket's cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def _make_users_and_sessions() -> list[tuple[object, str]]:
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    users = User.objects.bulk_create(
        User(username=f"ws-bench-{i}", real_name=f"基准{i}", password=make_password(None)) for i in range(USERS)
    )
    return [(user, session_for(user)) for user in users]


def _commit(recipients, sent: dict) -> None:
    """One transaction notifying ``recipients``; records (recipient, commit time) per notification id."""
    from django.db import transaction

    from notifications.services import notify

    committed = {}
    with transaction.atomic():
        # Registered before notify's own callback, so it runs first: the time COMMIT returned, before any sending.
        transaction.on_commit(lambda: committed.setdefault("at", time.monotonic()))
        created = notify(recipients=recipients, kind="task_new", title="基准测试 benchmark", url="/tasks/")
    for notification in created:
        sent[notification.pk] = (notification.recipient_id, committed["at"])


class Receipts:
    """Frames reported by the client process, read whenever this process is waiting anyway."""

    def __init__(self, conn):
        self.conn, self.frames = conn, []

    def drain(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and self.conn.poll(left):
            self.frames.append(self.conn.recv())

    def wait_for(self, ids, timeout: float) -> None:
        deadline, wanted = time.monotonic() + timeout, set(ids)
        while time.monotonic() < deadline and not wanted <= {frame[1] for frame in self.frames}:
            self.drain(0.05)


_direct_ids = itertools.count(-1, -1)  # frames sent without a notification row: ids that no row has


def _direct(recipients, sent: dict) -> None:
    """The message a delivery sends, handed straight to the channel layer: no transaction, no outbox, no counts."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    from notifications.consumers import user_group

    async def send_all(messages):
        layer = get_channel_layer()
        for group, message in messages:
            await layer.group_send(group, message)

    messages, started = [], time.monotonic()
    for user in recipients:
        nid = next(_direct_ids)
        sent[nid] = (user.pk, started)
        payload = {"type": "notification", "id": nid, "kind": "task_new", "title": "基准测试", "url": "/tasks/"}
        messages.append((user_group(user.pk), {"type": "user.event", "payload": payload}))
    async_to_sync(send_all)(messages)


def _scenario(name, receipts: Receipts, rounds: list[list], gap: float, *, send=_commit, goal=None) -> Figure:
    sent: dict[int, tuple[int, float]] = {}
    receipts.frames.clear()
    for recipients in rounds:
        send(recipients, sent)
        receipts.drain(gap)
    receipts.wait_for(sent, timeout=30)
    latencies, misrouted = [], 0
    for uid, nid, received in receipts.frames:
        if nid not in sent:
            continue
        recipient, committed = sent.pop(nid)
        misrouted += recipient != uid
        latencies.append((received - committed) * 1000)
    latencies.sort()
    delivered = len(latencies)
    if not latencies:
        raise RuntimeError(f"{name}: no notification reached a socket")
    return Figure(
        name,
        "ms",
        latencies,
        goal=goal,
        note=f"max {latencies[-1]:.1f} ms; {delivered} messages, {len(sent)} lost, {misrouted} misrouted",
        extra={"max_ms": round(latencies[-1], 1), "messages": delivered, "lost": len(sent), "misrouted": misrouted},
    )


@benchmark("ws_latency", order=90)
def ws_latency() -> list[Figure]:
    """Commit-to-browser latency of notifications: 2 uvicorn processes, 200 signed-in websockets, Celery, Redis."""
    settings_dict, _admin_dsn, _rebuilt = http_data.prepare([DATABASE], REDIS_URL)
    from django.db import connection

    from config.celery import app as celery_app

    with processes(prefix="bench-ws-") as start:
        people = _make_users_and_sessions()
        env = server_env(database_url=database_url(settings_dict), redis_url=REDIS_URL)
        ports = [free_port() for _ in range(ASGI_PROCESSES)]
        boot = time.monotonic()
        servers = [start(f"asgi-{port}", uvicorn_argv(port), env) for port in ports]
        start(
            "celery-worker",
            [
                *(sys.executable, "-m", "celery"),
                *("-A", "config.celery", "worker", "--concurrency", "2", "--loglevel", "WARNING"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            env,
        )
        for port, (process, log) in zip(ports, servers, strict=True):
            wait_for_port(port, process, log)
        boot_ms = (time.monotonic() - boot) * 1000

        targets = []
        for index, (user, sessionid) in enumerate(people):
            port = ports[index % ASGI_PROCESSES]  # alternate: each process holds an equal share of the sockets
            targets.append((f"ws://127.0.0.1:{port}/ws/events/", f"http://127.0.0.1:{port}", sessionid, user.pk))
        parent, child = multiprocessing.get_context("spawn").Pipe()
        clients = multiprocessing.get_context("spawn").Process(target=run_clients, args=(targets, child), daemon=True)
        clients.start()
        if not parent.poll(60):
            raise RuntimeError("the client process did not connect its sockets within 60 s")
        _ready, connected, connect_s = parent.recv()
        receipts = Receipts(parent)

        # Warm-up (not counted): broker connection, the worker's first task, each server's Redis subscription.
        warm = {}
        _commit([people[0][0], people[1][0]], warm)  # one socket on each ASGI process
        receipts.wait_for(warm, timeout=120)  # the worker may still be starting (slow on a busy machine)
        if not set(warm) <= {frame[1] for frame in receipts.frames}:
            raise RuntimeError("warm-up notifications never reached their sockets (is the Celery worker running?)")

        rng = random.Random(7)
        all_users = [user for user, _ in people]
        paced = [rng.sample(all_users, 5) for _ in range(40)]
        rows = [
            Figure(f"start {ASGI_PROCESSES} ASGI processes", "ms", [boot_ms], note="until both accept connections"),
            Figure(
                f"connect {connected} signed-in sockets",
                "ms",
                [connect_s * 1000],
                note=f"{connected // ASGI_PROCESSES} per ASGI process, 50 at a time",
            ),
            _scenario("commit→browser, celery, paced (40×5)", receipts, paced, gap=0.1, goal=at_most(50)),
            _scenario("commit→browser, celery, burst (3×200)", receipts, [all_users] * 3, gap=2.0),
        ]
        celery_app.conf.task_always_eager = True  # deliver in this process, at commit
        try:
            rows.append(_scenario("commit→browser, inline, paced (40×5)", receipts, paced, gap=0.1))
        finally:
            celery_app.conf.task_always_eager = False
        rows.append(_scenario("group_send→browser, direct, paced (40×5)", receipts, paced, gap=0.1, send=_direct))
        parent.send("stop")
        clients.join(timeout=15)
        if clients.is_alive():
            clients.kill()
        connection.close()
    return rows
