"""Where a completion's time and statements go: the completion benchmark's request, in this process.

Run: .venv/bin/python -m bench.completion_profile [--count 200] [--sql] [--profile [--top 40] [--sort tottime]
[--save PATH]]

On a fresh copy of the HTTP benchmarks' template (``stepwise_benchprofile``; bench/http_data.py), as bench.settings
serves it: a branch secretary completes talk steps (step 2) through ``POST /api/v1/tasks/<id>/complete/`` and a
baseline approver approves plain viewflow tasks (bench/baseline/), with Django's test client, after a few that fill
the per-process caches. Prints the statements per completion (``--sql``: their text, of one), the CPU time of this
process per completion of each over ``--count`` of them, taking turns ten at a time so that other load on the
machine weighs on both alike (the database's CPU is not counted: the benchmark's figure adds it), and with
``--profile`` cProfile's top functions over as many more completions (wall time: the database's part shows as
psycopg's ``wait``). Not a benchmark: a quick way to see what a completion's CPU is made of and to compare two
versions of the code (run it from a worktree with ``PYTHONPATH=<worktree> python <worktree or this>/bench/…``).
"""

import argparse
import cProfile
import pstats
import time

from bench.completion import COUNTED, REDIS_URL, TALK, _count_statements
from bench.servers import cpu_seconds

DATABASE = "stepwise_benchprofile"
WARM = 3


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.completion_profile", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="completions timed (and as many profiled)")
    parser.add_argument("--profile", action="store_true", help="then profile as many with cProfile")
    parser.add_argument("--sql", action="store_true", help="print the statements of one completion")
    parser.add_argument("--top", type=int, default=40, help="functions listed (--profile)")
    parser.add_argument("--sort", default="tottime", help="cProfile's sort key (tottime, cumulative…)")
    parser.add_argument("--save", metavar="PATH", help="write the profile there too (pstats, snakeviz…)")
    args = parser.parse_args()

    from bench import http_data

    http_data.prepare([DATABASE], REDIS_URL)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.dates import business_today

    case, token = http_data.seeds().party[0]
    steps = http_data.party_talks(case, WARM + COUNTED + 2 * args.count + 1, prefix="bench-profile")
    body = {**TALK, "date": str(business_today())}
    path = "/api/v1/tasks/{}/complete/".format
    counts = _count_statements(path, steps[: COUNTED + 1], token, body)
    print(f"statements per completion: {counts}")
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")

    def complete(step: int) -> None:
        response = client.post(path(step), body, content_type="application/json", secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"completion of {step} answered {response.status_code}: {response.content[:500]!r}")

    rest = steps[COUNTED + 1 :]
    for step in rest[:WARM]:
        complete(step)
    if args.sql:
        with CaptureQueriesContext(connection) as queries:
            complete(rest[WARM])
        for number, query in enumerate(queries.captured_queries, 1):
            print(f"{number:3} {query['time']}s {query['sql'][:400]}")
    timed, profiled = rest[WARM + 1 : WARM + 1 + args.count], rest[WARM + 1 + args.count :]
    base_process, base_token = http_data.seeds().baseline[0]
    approvals = http_data.baseline_approvals(base_process, WARM + args.count)
    base = Client(HTTP_AUTHORIZATION=f"Token {base_token}", HTTP_HOST="127.0.0.1")

    def approve(step: int) -> None:
        path = f"/bench/baseline/tasks/{step}/complete/"
        response = base.post(path, {"decision": "approve"}, content_type="application/json", secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"approval of {step} answered {response.status_code}: {response.content[:500]!r}")

    for step in approvals[:WARM]:
        approve(step)
    (web, db), (base_web, base_db) = _alternating_cpu_ms((complete, timed), (approve, approvals[WARM:]))
    print(
        f"CPU per completion, this process + its database backend, {len(timed)} each: Stepwise {web:.1f} + {db:.1f} "
        f"ms, plain viewflow {base_web:.1f} + {base_db:.1f} ms: {(web + db) / (base_web + base_db):.2f}× "
        f"(this process alone {web / base_web:.2f}×)"
    )
    if not args.profile:
        return
    profile = cProfile.Profile()
    profile.enable()
    for step in profiled:
        complete(step)
    profile.disable()
    stats = pstats.Stats(profile)
    if args.save:
        stats.dump_stats(args.save)
    print(f"{stats.total_calls / len(profiled):,.0f} Python calls per completion (profiled: {len(profiled)})")
    stats.sort_stats(args.sort).print_stats(args.top)
    connection.close()


def _alternating_cpu_ms(*runs: tuple, block: int = 10) -> list[tuple[float, float]]:
    """CPU time per step of each run (complete, steps), in ms, of this process (user + system) and of the database
    backend serving it (bench.settings keeps connections: the same backend through a block), the runs taking turns
    ``block`` steps at a time, so that the machine's other load weighs on each alike."""
    from django.db import connection

    used = [[0.0, 0.0] for _run in runs]
    for start in range(0, max(len(steps) for _complete, steps in runs), block):
        for index, (complete, steps) in enumerate(runs):
            connection.ensure_connection()
            backend = connection.connection.info.backend_pid
            before, db_before = time.process_time(), cpu_seconds(backend) or 0.0
            for step in steps[start : start + block]:
                complete(step)
            used[index][0] += time.process_time() - before
            used[index][1] += (cpu_seconds(backend) or db_before) - db_before
    return [
        (1000 * web / len(steps), 1000 * db / len(steps)) for (web, db), (_c, steps) in zip(used, runs, strict=True)
    ]


if __name__ == "__main__":
    main()
