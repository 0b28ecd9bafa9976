"""Commit-to-browser latency of notifications in the production layout: 2 ASGI processes, 200 open websockets.

Run: .venv/bin/python -m bench ws_latency   (needs PostgreSQL, and Redis at 127.0.0.1:6379; takes about 40 s)

The pieces are the ones deploy/ runs: two uvicorn processes (config.asgi, production settings) with 100 signed-in
sockets each, a Celery worker (production settings) draining the outbox, and Redis (db 15, flushed; override with
WS_BENCH_REDIS_URL) as broker and channel layer. This process writes the notifications with notify() inside
transactions on a throwaway database; the sockets live in a separate client process so that reading them never
waits on this one. Latency is from the moment COMMIT returns (an on_commit callback registered before notify's
own) to the moment the client process reads the frame, both on CLOCK_MONOTONIC, which Linux shares between
processes. Frames are matched to notifications by id, and a frame reaching the wrong person is counted.

Scenarios:
  celery, paced  40 commits of 5 recipients, 100 ms apart: the production path (commit, broker, worker, Redis
                 channel layer, ASGI process, socket).
  celery, burst  3 commits of all 200 users (an announcement): one worker task sends the 200 deliveries in turn.
  inline, paced  as the first, but delivered in this process at commit (Celery eager), which leaves out the broker
                 and the worker: the channel layer and ASGI share of the figure.
"""

import asyncio
import contextlib
import json
import math
import multiprocessing
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import report, setup_django, throwaway_database

USERS = 200
ASGI_PROCESSES = 2
REDIS_URL = os.environ.get("WS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parent.parent


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
                conn.send((uid, json.loads(frame).get("id"), received))

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


# --- servers -----------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ASGI server exited with {process.returncode}:\n{log.read_text()[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"ASGI server on port {port} did not start within {timeout} s:\n{log.read_text()[-2000:]}")


def _server_env(database: dict) -> dict:
    """Production settings, as deploy/ runs them, pointed at the throwaway database and the bench Redis db."""
    auth = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host = database["HOST"] or "127.0.0.1"
    url = f"postgres://{auth}@{host}:{database['PORT'] or 5432}/{database['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": os.environ["SECRET_KEY"],
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "0",
        "DEMO_MODE": "0",
        "LOG_LEVEL": "WARNING",
    }


@contextlib.contextmanager
def _processes():
    """Start processes with start(name, argv, env) -> (Popen, log path); all are stopped (TERM, then KILL) on exit."""
    started: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="ws-bench-") as logs:

        def start(name, argv, env):
            log = Path(logs) / f"{name}.log"
            process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
            started.append(process)
            return process, log

        try:
            yield start
        finally:
            for process in started:
                process.terminate()
            for process in started:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


# --- the writer side ----------------------------------------------------------------------------------------------


def _make_users_and_sessions() -> list[tuple[object, str]]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.models import User

    users = User.objects.bulk_create(
        User(username=f"ws-bench-{i}", real_name=f"基准{i}", password=make_password(None)) for i in range(USERS)
    )
    pairs = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        pairs.append((user, session.session_key))
    return pairs


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


def _percentile(ordered: list[float], q: float) -> float:
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def _scenario(name, receipts: Receipts, rounds: list[list], gap: float) -> dict:
    sent: dict[int, tuple[int, float]] = {}
    receipts.frames.clear()
    for recipients in rounds:
        _commit(recipients, sent)
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
    return {
        "figure": name,
        "median_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(_percentile(latencies, 0.95), 1),
        "max_ms": round(latencies[-1], 1),
        "messages": delivered,
        "lost": len(sent),
        "misrouted": misrouted,
        "note": f"max {latencies[-1]:.1f} ms; {delivered} messages, {len(sent)} lost, {misrouted} misrouted",
    }


def main() -> None:
    os.environ["REDIS_URL"] = REDIS_URL  # read at settings import: Redis channel layer and broker in this process too
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)  # shared with the servers: sessions are signed with it
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # eager Celery would log every task in this process
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    setup_django()
    from django.db import connection

    from config.celery import app as celery_app

    with throwaway_database(), _processes() as start:
        people = _make_users_and_sessions()
        env = _server_env(connection.settings_dict)
        ports = [_free_port() for _ in range(ASGI_PROCESSES)]
        boot = time.monotonic()
        servers = [
            start(
                f"asgi-{port}",
                [
                    *(sys.executable, "-m", "uvicorn", "config.asgi:application"),
                    *("--host", "127.0.0.1", "--port", str(port), "--lifespan", "off", "--no-access-log"),
                ],
                env,
            )
            for port in ports
        ]
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
            _wait_for_port(port, process, log)
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
        receipts.wait_for(warm, timeout=30)
        if not set(warm) <= {frame[1] for frame in receipts.frames}:
            raise RuntimeError("warm-up notifications never reached their sockets (is the Celery worker running?)")

        rng = random.Random(7)
        all_users = [user for user, _ in people]
        paced = [rng.sample(all_users, 5) for _ in range(40)]
        rows = [
            {
                "figure": f"start {ASGI_PROCESSES} ASGI processes",
                "median_ms": round(boot_ms, 1),
                "p95_ms": round(boot_ms, 1),
                "note": "until both accept connections",
            },
            {
                "figure": f"connect {connected} signed-in sockets",
                "median_ms": round(connect_s * 1000, 1),
                "p95_ms": round(connect_s * 1000, 1),
                "note": f"{connected // ASGI_PROCESSES} per ASGI process, 50 at a time",
            },
            _scenario("commit→browser, celery, paced (40×5)", receipts, paced, gap=0.1),
            _scenario("commit→browser, celery, burst (3×200)", receipts, [all_users] * 3, gap=2.0),
        ]
        celery_app.conf.task_always_eager = True  # deliver in this process, at commit
        try:
            rows.append(_scenario("commit→browser, inline, paced (40×5)", receipts, paced, gap=0.1))
        finally:
            celery_app.conf.task_always_eager = False
        parent.send("stop")
        clients.join(timeout=15)
        if clients.is_alive():
            clients.kill()
    report("ws_latency", rows)
