"""Completing a step through the real HTTP path, against a plain viewflow baseline and pgbench, in one run.

Run: .venv/bin/python -m bench completion   (PostgreSQL and Redis; about 90 s; bench/README.md)

Stepwise: gunicorn with deploy/gunicorn.conf.py (sync workers, 2 × cores + 1) and the production settings
(bench.settings adds the baseline app) on ``stepwise_benchhttp``, a fresh copy of a seeded template
(bench/http_data.py). 16 clients, one per branch, each signed in with its secretary's token, post
``/api/v1/tasks/<id>/complete/`` for the talk step (step 2) of their own branch's cases: the token, the access
helper, the party engine (organisation permission, role, rules, state), viewflow's activation (the next task), the
audit event (hash chain) and the outbox rows for the next step's people, in one transaction; Celery is told on
commit through Redis db 10 (no worker runs: delivery is not part of the request).

Baseline: the same gunicorn configuration and client against ``stepwise_benchbase``, posting to
bench/baseline/'s view for a plain viewflow flow's approval step (task lookup, viewflow's permission, the
process's data, activation.execute()). pgbench -N with as many clients is the physical reference.

Both servers run at once and are loaded in turn, four windows of 3 s each (ROUNDS), so that other load on the
machine weighs on both alike; each one's CPU is metered over its own windows.

Figures: latency and per-second throughput of both; CPU time per completion of the gunicorn workers plus the
PostgreSQL backends serving them (the cost ratio); SQL statements per completion, counted in this process with
Django's test client over the same settings and database; the peak RSS (VmHWM) of each gunicorn worker.
"""

import os
import re
import subprocess
import tempfile
from pathlib import Path

from bench import http_data, load
from bench.harness import Figure, at_least, at_most, benchmark
from bench.servers import (
    Cost,
    CostMeter,
    database_url,
    free_port,
    gunicorn_argv,
    processes,
    server_env,
    status_kb,
    wait_for_port,
    wait_for_workers,
)

CLIENTS = http_data.BRANCHES
WARMUP_S, MEASURE_S = 3, 12
ROUNDS = 4  # measured windows of each server, taking turns (MEASURE_S in all for each)
STEPS_PER_CLIENT = 600  # more than 16 clients complete in WARMUP_S + MEASURE_S at 600/s
COUNTED = 5  # completions whose statements are counted (after one that warms the caches)
PGBENCH_S = 15
REDIS_URL = os.environ.get("HTTP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
STEPWISE_DB, BASELINE_DB, PGBENCH_DB = "stepwise_benchhttp", "stepwise_benchbase", "stepwise_pgbench"
TALK = {"date": None, "talker_name": "基准书记", "content": "了解入党动机和对党的认识"}


def _use(database: str) -> None:
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = database


def _count_statements(path_of, steps: list[int], token: str, body: dict) -> list[float]:
    """Statements per completion through Django's whole stack (middleware, token, view), in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    counts = []
    for index, step in enumerate(steps):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(path_of(step), body, content_type="application/json", secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"completion of {step} answered {response.status_code}: {response.content[:500]!r}")
        if index:  # the first one fills per-process caches (content types, rule books…)
            counts.append(float(len(queries.captured_queries)))
    return counts


def _serve_and_load(servers: list[tuple[str, str, list]], admin_dsn: str, settings_dict) -> dict[str, dict]:
    """Serve each (name, database, clients' token, step paths and body) with a gunicorn of its own, all at once, warm
    each up, then load them in turn, ROUNDS windows of MEASURE_S / ROUNDS seconds each, metering the CPU of each
    server (and of its database's backends) over its own windows only: load from elsewhere on the machine then
    weighs on both alike, which one server after the other did not (the ratio moved by ±15 % on a busy machine)."""
    served = []
    with processes(prefix="bench-completion-") as start:
        for name, database, steps in servers:
            env = server_env(
                database_url=database_url(settings_dict, database), redis_url=REDIS_URL, settings="bench.settings"
            )
            port = free_port()
            workers = int(env.get("GUNICORN_WORKERS") or min(2 * os.cpu_count() + 1, 12))
            master, log = start(f"gunicorn-{name}", gunicorn_argv(port), env)
            wait_for_port(port, master, log)
            pids = wait_for_workers(master.pid, workers)
            clients = [load.Client(port, token, paths, body) for token, paths, body in steps]
            served.append((name, database, pids, clients, workers))
        for _name, _database, _pids, clients, workers in served:
            load.warm_up(clients, seconds=WARMUP_S, completions=2 * workers)
        windows: dict[str, list] = {name: [] for name, *_rest in served}
        for _round in range(ROUNDS):
            for name, database, pids, clients, _workers in served:
                meter = CostMeter(pids, admin_dsn, database)
                meter.start()
                windows[name].append((load.run(clients, duration=MEASURE_S / ROUNDS), meter.stop()))
        peaks = {name: [status_kb(pid, "VmHWM") / 1024 for pid in pids] for name, _db, pids, *_rest in served}
    return {
        name: {
            "result": load.combined([result for result, _cost in windows[name]]),
            "cost": Cost(
                web=sum(cost.web for _result, cost in windows[name]),
                db=sum(cost.db for _result, cost in windows[name]),
            ),
            "peaks": peaks[name],
            "workers": workers,
        }
        for name, _database, _pids, _clients, workers in served
    }


def _pgbench(admin_dsn: str, settings_dict: dict) -> dict:
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PGBENCH_DB]).fetchone():
            conn.execute(f'CREATE DATABASE "{PGBENCH_DB}"')
    connect = ["-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432)]
    connect += ["-U", settings_dict["USER"]]
    env = {**os.environ, **({"PGPASSWORD": settings_dict["PASSWORD"]} if settings_dict["PASSWORD"] else {})}
    subprocess.run(["pgbench", "-i", "-q", *connect, PGBENCH_DB], env=env, check=True, capture_output=True)
    with tempfile.TemporaryDirectory(prefix="bench-pgbench-") as logs:
        argv = ["pgbench", "-N", "-c", str(CLIENTS), "-j", "2", "-T", str(PGBENCH_S), "-P", "1", "-l"]
        argv += ["--log-prefix", f"{logs}/tx", *connect, PGBENCH_DB]
        run = subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
        latencies = [
            int(line.split()[2]) / 1000 for log in Path(logs).iterdir() for line in log.read_text().splitlines()
        ]
    per_second = [float(m) for m in re.findall(r"^progress: [\d.]+ s, ([\d.]+) tps", run.stderr, re.M)]
    tps = float(re.search(r"^tps = ([\d.]+)", run.stdout, re.M).group(1))
    return {"tps": tps, "per_second": per_second, "latencies": latencies}


def _steps(steps_by_token: list[tuple[str, list[int]]], path_of, body: dict) -> list[tuple]:
    return [(token, iter([path_of(step) for step in steps]), body) for token, steps in steps_by_token]


@benchmark("completion", order=60)
def completion() -> list[Figure]:
    """Completing a step over HTTP at 16 clients: Stepwise vs plain viewflow vs pgbench -N; statements, CPU, RSS."""
    settings_dict, admin_dsn, rebuilt = http_data.prepare([STEPWISE_DB, BASELINE_DB], REDIS_URL)
    import redis
    from django.db import connection

    from core.dates import business_today

    talk = {**TALK, "date": str(business_today())}
    _use(STEPWISE_DB)
    seeds = http_data.seeds()
    party = [
        (token, http_data.party_talks(case, STEPS_PER_CLIENT + COUNTED + 1, prefix=f"bench-applicant-{case}"))
        for case, token in seeds.party
    ]
    party_path = "/api/v1/tasks/{}/complete/".format
    statements = _count_statements(party_path, party[0][1][: COUNTED + 1], party[0][0], talk)
    _use(BASELINE_DB)
    seeds = http_data.seeds()  # tokens live in the database that issued them: issue the baseline's there
    base = [
        (token, http_data.baseline_approvals(process, STEPS_PER_CLIENT + COUNTED + 1))
        for process, token in seeds.baseline
    ]
    base_path = "/bench/baseline/tasks/{}/complete/".format
    decision = {"decision": "approve"}
    base_statements = _count_statements(base_path, base[0][1][: COUNTED + 1], base[0][0], decision)
    connection.close()  # the servers' backends are the only ones on the bench databases from here on

    served = _serve_and_load(
        [
            ("stepwise", STEPWISE_DB, _steps([(t, s[COUNTED + 1 :]) for t, s in party], party_path, talk)),
            ("baseline", BASELINE_DB, _steps([(t, s[COUNTED + 1 :]) for t, s in base], base_path, decision)),
        ],
        admin_dsn,
        settings_dict,
    )
    ours, theirs = served["stepwise"], served["baseline"]
    redis.Redis.from_url(REDIS_URL).flushdb()  # the delivery tasks queued on commit: no worker ran
    pg = _pgbench(admin_dsn, settings_dict)
    return _figures(ours, theirs, pg, statements, base_statements, rebuilt)


def _note(run: dict) -> str:
    result = run["result"]
    errors = ", ".join(f"{k}×{v}" for k, v in result.errors.items()) or "0 errors"
    ran_out = " (ran out of steps)" if result.exhausted else ""
    return f"{result.completed} in {result.seconds:.1f} s = {result.throughput:.0f}/s, {errors}{ran_out}"


def _figures(ours, theirs, pg, statements, base_statements, rebuilt) -> list[Figure]:
    mine, base = ours["result"], theirs["result"]
    # the CPU metered covers every request of the windows, those still under way when a window's time was up too
    cpu_ours = {k: 1000 * getattr(ours["cost"], k) / max(len(mine.latencies_ms), 1) for k in ("web", "db")}
    cpu_base = {k: 1000 * getattr(theirs["cost"], k) / max(len(base.latencies_ms), 1) for k in ("web", "db")}
    label = f"{CLIENTS} clients"
    return [
        Figure(
            f"complete a step over HTTP, {label}: latency",
            "ms",
            mine.latencies_ms,
            baseline=base.latencies_ms,
            goal=at_most(80),
            note=f"Stepwise {_note(ours)}; baseline {_note(theirs)}" + ("; template rebuilt" if rebuilt else ""),
        ),
        Figure(
            f"complete a step over HTTP, {label}: throughput",
            "/s",
            mine.per_second,
            baseline=base.per_second,
            goal=at_least(300),
            note="completions per second, ratio to plain viewflow",
            extra={"stepwise": mine.throughput, "baseline": base.throughput},
        ),
        Figure(
            "CPU per completion (web workers + PostgreSQL)",
            "ms",
            [cpu_ours["web"] + cpu_ours["db"]],
            baseline=[cpu_base["web"] + cpu_base["db"]],
            goal=at_most(1.3, on="ratio"),
            note=(
                f"web {cpu_ours['web']:.1f} + db {cpu_ours['db']:.1f} ms; "
                f"baseline {cpu_base['web']:.1f} + {cpu_base['db']:.1f} ms"
            ),
            extra={"stepwise": cpu_ours, "baseline": cpu_base},
        ),
        Figure(
            "SQL statements per completion",
            "statements",
            statements,
            baseline=base_statements,
            goal=at_most(22, on="median"),
            note="Django test client, same settings and database; baseline: plain viewflow",
        ),
        Figure(
            f"complete a step over HTTP vs pgbench -N, {label}",
            "/s",
            mine.per_second,
            baseline=pg["per_second"],
            note=f"pgbench -N -c {CLIENTS} -j 2 -T {PGBENCH_S}: {pg['tps']:.0f} tps",
        ),
        Figure(
            f"pgbench -N, {label}: latency",
            "ms",
            pg["latencies"],
            note=f"{pg['tps']:.0f} tps, {len(pg['latencies'])} transactions",
        ),
        Figure(
            "peak RSS of one web worker",
            "MB",
            ours["peaks"],
            baseline=theirs["peaks"],
            goal=at_most(150),
            note=f"VmHWM of each of the {ours['workers']} gunicorn workers at the end of the load",
        ),
    ]
