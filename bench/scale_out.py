"""The scale-out layout under load: two web processes, two websocket processes, one Celery worker, one database.

Run: .venv/bin/python -m bench scale_out   (PostgreSQL and Redis; about 60 s; bench/README.md)

Two gunicorn instances (deploy/gunicorn.conf.py, one sync worker each, as two machines behind nginx would run)
and two uvicorn processes, with the production settings, on ``stepwise_benchscale`` (a fresh copy of the HTTP
benchmarks' template, bench/http_data.py) and Redis db 10; a Celery worker (prefork, 2) delivers the outbox.
Each branch's secretary and organisation member hold a websocket, on alternate uvicorn processes. 16 clients, one
per branch, alternate between the two web processes completing the talk step of their branch's cases; every
completion notifies the branch's two officers of the next step. Reported: throughput and latency of the
completions, errors, and how many of the notifications written during the run reached the right socket within
30 s of the end (a frame to anyone else counts as misrouted).
"""

import multiprocessing
import os
import sys
import time

from bench import http_data, load
from bench.harness import Figure, at_most, benchmark
from bench.servers import (
    database_url,
    free_port,
    gunicorn_argv,
    processes,
    server_env,
    uvicorn_argv,
    wait_for_port,
)
from bench.ws_latency import Receipts, run_clients, session_for

DATABASE = "stepwise_benchscale"
REDIS_URL = os.environ.get("HTTP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
WEB, WS = 2, 2
WARMUP_S, MEASURE_S, STEPS_PER_CLIENT = 2, 10, 300


@benchmark("scale_out", order=70)
def scale_out() -> list[Figure]:
    """Two web and two websocket processes on one database and Redis: completions under load, live updates."""
    settings_dict, admin_dsn, _rebuilt = http_data.prepare([DATABASE], REDIS_URL)
    from django.db import connection

    from accounts.models import User
    from core.dates import business_today
    from notifications.models import Notification

    seeds = http_data.seeds()
    talks = [
        (token, http_data.party_talks(case, STEPS_PER_CLIENT, prefix=f"bench-scale-{case}"))
        for case, token in seeds.party
    ]
    officers = list(User.objects.filter(username__regex=r"^bench-(secretary|orgmember)-\d+$").order_by("pk"))
    sessions = [(user.pk, session_for(user)) for user in officers]
    before = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()

    env = server_env(database_url=database_url(settings_dict), redis_url=REDIS_URL, GUNICORN_WORKERS="1")
    web, ws = [free_port() for _ in range(WEB)], [free_port() for _ in range(WS)]
    with processes(prefix="bench-scale-") as start:
        started = [start(f"web-{port}", gunicorn_argv(port), env) for port in web]
        started += [start(f"ws-{port}", uvicorn_argv(port), env) for port in ws]
        start(
            "worker",
            [sys.executable, "-m", "celery", "-A", "config.celery", "worker", "--concurrency", "2", "-l", "WARNING"],
            env,
        )
        for port, (process, log) in zip(web + ws, started, strict=True):
            wait_for_port(port, process, log)
        targets = [
            (f"ws://127.0.0.1:{ws[i % WS]}/ws/events/", f"http://127.0.0.1:{ws[i % WS]}", key, uid)
            for i, (uid, key) in enumerate(sessions)
        ]
        parent, child = multiprocessing.get_context("spawn").Pipe()
        sockets = multiprocessing.get_context("spawn").Process(target=run_clients, args=(targets, child), daemon=True)
        sockets.start()
        if not parent.poll(60):
            raise RuntimeError("the client process did not connect its sockets within 60 s")
        parent.recv()
        receipts = Receipts(parent)

        body = {"date": str(business_today()), "talker_name": "基准书记", "content": "了解入党动机"}
        clients = [
            load.Client(web[i % WEB], token, iter(f"/api/v1/tasks/{pk}/complete/" for pk in steps), body)
            for i, (token, steps) in enumerate(talks)
        ]
        load.warm_up(clients, seconds=WARMUP_S, completions=2 * WEB)
        result = load.run(clients, duration=MEASURE_S)

        written = dict(Notification.objects.filter(pk__gt=before, kind="task_new").values_list("pk", "recipient_id"))
        connection.close()
        started_wait = time.monotonic()
        receipts.wait_for(written, timeout=30)
        waited = time.monotonic() - started_wait
        parent.send("stop")
        sockets.join(timeout=15)
        if sockets.is_alive():
            sockets.kill()

    received = {nid: uid for uid, nid, _at in receipts.frames if nid in written}
    misrouted = sum(written[nid] != uid for nid, uid in received.items())
    missing = len(written) - len(received)
    errors = sum(result.errors.values())
    layout = f"{WEB} gunicorn (1 worker each) + {WS} uvicorn + Celery, {len(clients)} clients"
    return [
        Figure(
            f"scale-out: complete a step, {layout}: throughput",
            "/s",
            result.per_second,
            note=f"{result.completed} in {result.seconds:.1f} s = {result.throughput:.0f}/s",
        ),
        Figure(f"scale-out: complete a step, {layout}: latency", "ms", result.latencies_ms),
        Figure(
            "scale-out: failed completions",
            "requests",
            [float(errors)],
            goal=at_most(0, on="median"),
            note=", ".join(f"{k}×{v}" for k, v in result.errors.items()) or "none",
        ),
        Figure(
            "scale-out: live updates missing or misrouted",
            "messages",
            [float(missing + misrouted)],
            goal=at_most(0, on="median"),
            note=(
                f"{len(received)} of {len(written)} notifications reached their sockets on {WS} processes "
                f"({waited:.1f} s after the load), {misrouted} misrouted"
            ),
        ),
    ]
